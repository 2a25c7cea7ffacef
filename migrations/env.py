"""Alembic environment: the portal's own engine and metadata (plain SQLAlchemy 2)."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from portal.db import Base, db
from portal.models import import_all

config = context.config
if config.config_file_name is not None and not logging.getLogger("portal").handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

import_all()
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    """Emit SQL without a database connection."""
    context.configure(
        url=current_app.config["DATABASE_URL"],
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the app's engine (batch mode so SQLite can alter tables).

    On SQLite, batch mode rebuilds a table by copying it and dropping the original. With
    foreign keys on, that drop would cascade and delete every row that points at the table
    (all content points at users), so the keys are off during the migration and checked
    afterwards; the migration fails if any row lost its parent.
    """
    sqlite = db.engine.dialect.name == "sqlite"
    with db.engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end the autobegun transaction; the migration opens its own
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        try:
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"rows without their parent row: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
