"""Migrations build the same schema as the models, and go down and up again."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, create_engine, func, inspect, select, text

from portal import create_app
from portal.db import Base
from portal.models import import_all


@pytest.fixture
def migration_app(tmp_path: Path, app_config: dict[str, Any]) -> Any:
    """An app on a database of its own (a separate schema on PostgreSQL)."""
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS migr CASCADE"))
            conn.execute(text("CREATE SCHEMA migr"))
        engine.dispose()
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}options=-csearch_path%3Dmigr"
    else:
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    config = {**app_config, "DATABASE_URL": url}
    app = create_app(config)
    yield app
    if os.environ.get("PORTAL_TEST_DATABASE_URL"):
        engine = create_engine(os.environ["PORTAL_TEST_DATABASE_URL"])
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS migr CASCADE"))
        engine.dispose()


def test_upgrade_matches_models_then_downgrade_and_upgrade_again(migration_app: Any) -> None:
    import_all()
    with migration_app.app_context():
        upgrade()
        engine = migration_app.extensions["portal_db"]
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], diff
        downgrade(revision="base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        upgrade()
        with engine.connect() as conn:
            assert "users" in inspect(conn).get_table_names()
        engine.dispose()


def _sample(column: Any, conn: Any) -> Any:
    """Return a value that fits the column (1 satisfies every range check in the schema)."""
    if column.foreign_keys:
        parent = next(iter(column.foreign_keys)).column
        return conn.scalar(select(parent.table.c[parent.name]).limit(1))
    python_type: Any = getattr(column.type, "python_type", str)
    if python_type is bool:
        return False  # an inactive account also exercises the retention back-fill
    if python_type is int:
        return 1
    if python_type is dt.datetime:
        return dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    if python_type is dt.date:
        return dt.date(2026, 1, 2)
    if python_type in (float, Decimal):
        return 1
    if python_type is bytes:
        return b"x"
    length = getattr(column.type, "length", None) or 20
    return "x" * min(length, 20)


def fill_empty_tables(conn: Any) -> dict[str, int]:
    """Put one row in every empty table, parents first; return the row count per table."""
    meta = MetaData()
    meta.reflect(conn)
    counts = {}
    for table in meta.sorted_tables:
        if table.name == "alembic_version":
            continue
        if not conn.scalar(select(func.count()).select_from(table)):
            row = {
                column.name: _sample(column, conn)
                for column in table.columns
                if not (column.primary_key and column.autoincrement is True)
                and not (
                    column.primary_key and not column.foreign_keys and len(table.primary_key) == 1
                )
            }
            conn.execute(table.insert().values(row))
        counts[table.name] = conn.scalar(select(func.count()).select_from(table))
    return counts


def row_counts(conn: Any) -> dict[str, int]:
    meta = MetaData()
    meta.reflect(conn)
    return {
        table.name: conn.scalar(select(func.count()).select_from(table))
        for table in meta.sorted_tables
        if table.name != "alembic_version"
    }


def test_every_revision_goes_up_and_down_with_data(migration_app: Any) -> None:
    """Rows written at each revision survive every later upgrade, downgrade and upgrade."""
    with migration_app.app_context():
        script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        revisions = [rev.revision for rev in reversed(list(script.walk_revisions()))]
        assert len(revisions) >= 9
        engine = migration_app.extensions["portal_db"]
        expected: dict[str, int] = {}
        for revision in revisions:
            upgrade(revision=revision)
            with engine.begin() as conn:
                counts = row_counts(conn)
                assert {name: counts[name] for name in expected if name in counts} == {
                    name: n for name, n in expected.items() if name in counts
                }, f"upgrade to {revision} lost rows"
                expected = fill_empty_tables(conn)
        with engine.connect() as conn:
            # The closing-date back-fill: the inactive account written earlier got a date.
            assert conn.scalar(text("SELECT count(*) FROM users WHERE deactivated_at IS NULL")) == 0
        for revision in [*reversed(revisions[:-1]), "base"]:
            downgrade(revision=revision)
            with engine.connect() as conn:
                counts = row_counts(conn)
            assert {name: expected[name] for name in counts} == counts, f"down to {revision}"
        upgrade()
        with engine.connect() as conn:
            assert set(row_counts(conn)) == set(expected)
        engine.dispose()
