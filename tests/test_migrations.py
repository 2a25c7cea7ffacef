"""Migrations build the same schema as the models, and go down and up again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

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
