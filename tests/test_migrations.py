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
from sqlalchemy.exc import DBAPIError

from portal import create_app
from portal.db import Base
from portal.models import import_all

#: The operator's explicit permission to lose what a downgrade drops (migrations/env.py).
ALLOW = ["allow-data-loss"]


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
        downgrade(revision="base", x_arg=ALLOW)
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


def fill_empty_tables(conn: Any, only: set[str] | None = None) -> dict[str, int]:
    """Put one row in every empty table (or those named), parents first, and a value in every
    empty column of the others; return the row counts."""
    meta = MetaData()
    meta.reflect(conn)
    counts = {}
    for table in meta.sorted_tables:
        if table.name == "alembic_version" or (only and table.name not in only):
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
        else:
            # A column added to a table that already held rows starts empty: give it a value
            # too, so that each downgrade dropping a column has data to refuse for.
            empty = {
                column.name: _sample(column, conn)
                for column in table.columns
                if column.nullable
                and not conn.scalar(
                    select(func.count()).select_from(table).where(column.is_not(None))
                )
            }
            if empty:
                try:
                    with conn.begin_nested():
                        conn.execute(table.update().values(empty))
                except DBAPIError:
                    pass  # an append-only table (the access log) keeps its rows as written
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


def stored_data(engine: Any) -> dict[str, Any]:
    """Return the revision, and per table its row count and non-empty values per column."""
    with engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn)
        tables = {
            table.name: (
                conn.scalar(select(func.count()).select_from(table)),
                {
                    column.name: conn.scalar(
                        select(func.count()).select_from(table).where(column.is_not(None))
                    )
                    for column in table.columns
                },
            )
            for table in meta.sorted_tables
            if table.name != "alembic_version"
        }
        version = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return {"version": version, "tables": tables}


def data_lost(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Name the tables and columns that held data before and are gone after."""
    lost = []
    for name, (rows, values) in before["tables"].items():
        if name not in after["tables"]:
            lost += [name] if rows else []
            continue
        gone = set(values) - set(after["tables"][name][1])
        lost += [f"{name}.{column}" for column in sorted(gone) if values[column]]
    return lost


def try_downgrade(revision: str, capsys: Any) -> str:
    """Downgrade without permission; return the refusal ('' when it went ahead)."""
    capsys.readouterr()
    try:
        downgrade(revision=revision)
    except SystemExit as exit:
        assert exit.code == 1
        return str(capsys.readouterr().err)
    return ""


def test_every_revision_goes_up_and_down_with_data(migration_app: Any, capsys: Any) -> None:
    """Rows written at each revision survive every later upgrade, downgrade and upgrade.

    Going down, each step that would drop a table or column holding data first refuses
    without the operator's permission (changing nothing) and names what it would drop.
    """
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
            before = stored_data(engine)
            refusal = try_downgrade(revision, capsys)
            assert stored_data(engine) == before, f"a refused downgrade to {revision} changed data"
            downgrade(revision=revision, x_arg=ALLOW)
            after = stored_data(engine)
            lost = data_lost(before, after)
            assert bool(lost) == bool(refusal), (
                f"down to {revision}: lost {lost}, refusal {refusal!r} (list what a "
                "downgrade() drops in its revision's `drops`)"
            )
            assert all(name in refusal for name in lost), (lost, refusal)
            assert "restore the backup" in refusal or not lost
            counts = {name: rows for name, (rows, _) in after["tables"].items()}
            assert {name: expected[name] for name in counts} == counts, f"down to {revision}"
        upgrade()
        with engine.connect() as conn:
            assert set(row_counts(conn)) == set(expected)
        engine.dispose()


def test_downgrade_that_would_lose_data_refuses_and_changes_nothing(migration_app: Any) -> None:
    """`flask db downgrade` refuses before any step runs; `-x allow-data-loss` goes ahead."""
    with migration_app.app_context():
        upgrade()
        engine = migration_app.extensions["portal_db"]
        with engine.begin() as conn:
            # Only an account (with its closing date): the newest steps drop empty tables,
            # and only a step further down would drop users.deactivated_at.
            fill_empty_tables(conn, only={"users"})
        before = stored_data(engine)
        assert before["tables"]["users"][1]["deactivated_at"] == 1
        engine.dispose()
    runner = migration_app.test_cli_runner()
    target = "2ca725037704"  # below the revision that added users.deactivated_at

    result = runner.invoke(args=["db", "downgrade", target])

    assert result.exit_code == 1
    with migration_app.app_context():
        assert stored_data(migration_app.extensions["portal_db"]) == before
        migration_app.extensions["portal_db"].dispose()

    result = runner.invoke(args=["db", "downgrade", target, "-x", "allow-data-loss"])

    assert result.exit_code == 0, result.output
    with migration_app.app_context():
        after = stored_data(migration_app.extensions["portal_db"])
        assert after["version"] == [(target,)]
        assert "deactivated_at" not in after["tables"]["users"][1]
        migration_app.extensions["portal_db"].dispose()


def test_refusal_names_the_data_and_the_safe_rollback(migration_app: Any, capsys: Any) -> None:
    """The message says what would be lost, that nothing changed, and to restore the backup."""
    with migration_app.app_context():
        upgrade()
        engine = migration_app.extensions["portal_db"]
        with engine.begin() as conn:
            fill_empty_tables(conn)
        engine.dispose()

        refusal = try_downgrade("base", capsys)
        engine.dispose()

    assert "Downgrade refused, nothing was changed" in refusal
    assert "users.deactivated_at (1 value(s)" in refusal
    assert "crash_marks (1 row(s)" in refusal
    assert "restore the backup made before the upgrade" in refusal
    assert "-x allow-data-loss" in refusal
