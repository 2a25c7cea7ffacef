"""Backups and the restore drill: a restored copy has the same rows and the same content."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal.audit.services import record_access
from portal.backup import backup, fingerprint, restore
from portal.db import db


def fill(make_user: Any) -> None:
    """Some of everything: accounts, two-step secrets (sealed), access-log rows."""
    employee, coach = make_user(), make_user(role="coach")
    record_access(
        event="conversation.read",
        employee_id=employee.id,
        object_type="conversation",
        object_id=1,
        actor=coach,
    )
    db.session.commit()


@pytest.fixture
def restore_url(tmp_path: Path) -> Any:
    """An empty database to restore into (a file, or a new PostgreSQL database)."""
    live = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if not live:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    admin = create_engine(live, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS portal_restore"))
        conn.execute(text("CREATE DATABASE portal_restore"))
    yield str(make_url(live).set(database="portal_restore"))
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS portal_restore WITH (FORCE)"))
    admin.dispose()


def test_restore_drill(app: Flask, make_user: Any, tmp_path: Path, restore_url: str) -> None:
    fill(make_user)
    dump = backup(db.engine, tmp_path / "backups")
    assert dump.stat().st_mode & 0o077 == 0  # owner-only, like the database
    restore(dump, restore_url)
    restored = create_engine(restore_url)
    try:
        before, after = fingerprint(db.engine), fingerprint(restored)
        assert after == before
        assert before["users"][0] == 2 and before["access_events"][0] == 1
    finally:
        restored.dispose()


def test_backup_command(app: Flask, make_user: Any, tmp_path: Path) -> None:
    fill(make_user)
    result = app.test_cli_runner().invoke(args=["backup", "--dir", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "b").iterdir())) == 1


def test_fingerprint_notices_a_changed_row(app: Flask, make_user: Any) -> None:
    fill(make_user)
    before = fingerprint(db.engine)
    db.session.execute(text("UPDATE users SET name = 'Anders' WHERE role = 'coach'"))
    db.session.commit()
    after = fingerprint(db.engine)
    assert after["users"][0] == before["users"][0] and after["users"][1] != before["users"][1]
