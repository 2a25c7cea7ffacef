"""Alembic environment: the portal's own engine and metadata (plain SQLAlchemy 2)."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import column, func, inspect, select, table
from sqlalchemy.engine import Connection

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


#: `flask db downgrade REV -x allow-data-loss`: the operator accepts losing what the steps drop.
ALLOW_DATA_LOSS = "allow-data-loss"


def stored_data_in_the_way(connection: Connection) -> list[str]:
    """Name each table or column the pending downgrade steps drop while it still holds data.

    Every revision lists what its downgrade() drops in a module-level `drops` list ("table" or
    "table.column"). All steps are checked before the first one runs, so a refused downgrade
    changes nothing, also on SQLite where a multi-step downgrade is not one transaction.
    """
    migration = context.get_context()
    # The same plan alembic is about to run (the command's own step function).
    steps = migration._migrations_fn(migration.get_current_heads(), migration)
    present = set(inspect(connection).get_table_names())
    found = []
    for step in steps:
        if getattr(step, "is_upgrade", True) or not hasattr(step, "revision"):
            continue
        for name in getattr(step.revision.module, "drops", ()):
            table_name, _, column_name = name.partition(".")
            if table_name not in present:
                continue
            query = select(func.count()).select_from(table(table_name))
            if column_name:
                query = query.where(column(column_name).is_not(None))
            count = connection.scalar(query)
            if count:
                unit = "value(s)" if column_name else "row(s)"
                found.append(f"{name} ({count} {unit}, dropped by {step.revision.revision})")
    return found


def refuse_data_loss(connection: Connection) -> None:
    """Stop a downgrade that would delete stored data unless the operator allowed it."""
    if ALLOW_DATA_LOSS in context.get_x_argument(as_dictionary=True):
        return
    found = stored_data_in_the_way(connection)
    if found:
        raise CommandError(
            "Downgrade refused, nothing was changed: it would delete stored data in "
            + "; ".join(found)
            + ". The safe rollback is to restore the backup made before the upgrade "
            "(docs/operations.md, section 7). To downgrade anyway and lose this data, repeat "
            f"the command with: -x {ALLOW_DATA_LOSS}"
        )


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
            refuse_data_loss(connection)
            if connection.in_transaction():
                connection.commit()  # the check's reads autobegan; the migration opens its own
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"rows without their parent row: {broken[:5]}")
        finally:
            if sqlite:
                if connection.in_transaction():
                    connection.rollback()  # a refusal's reads: the pragma is ignored in one
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
