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


# --- issue 15: flask restore, the round trip, passwords and failures -------------------------


def fill_more(make_user: Any) -> None:
    """Besides fill(): a sealed message body and a queued e-mail, so sealed text round-trips."""
    from portal import mail
    from portal.links import services as links
    from portal.messages import services as messages

    fill(make_user)
    employee, coach = make_user(), make_user(role="coach")
    link = links.assign_coach(employee, coach)
    db.session.commit()
    messages.add_message(messages.conversation_of(link), employee, "Round-trip sealed text")
    mail.send("two_factor_reset", coach.email, "nl", user_id=coach.id, link="http://x/login")
    db.session.commit()


def test_backup_and_restore_commands_round_trip(
    app: Flask, app_config: dict[str, Any], make_user: Any, tmp_path: Path, restore_url: str
) -> None:
    from portal import create_app

    app.config["MAIL_DELIVERY"] = "queue"
    fill_more(make_user)
    result = app.test_cli_runner().invoke(args=["backup", "--dir", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    [dump] = list((tmp_path / "b").iterdir())
    assert dump.stat().st_mode & 0o777 == 0o600
    other = create_app({**app_config, "DATABASE_URL": restore_url})
    try:
        with other.app_context():
            done = other.test_cli_runner().invoke(args=["restore", str(dump)])
            assert done.exit_code == 0, done.output
            again = other.test_cli_runner().invoke(args=["restore", str(dump)])
            assert again.exit_code != 0 and "not empty" in again.output  # never over data
            restored = create_engine(restore_url)
            try:
                before, after = fingerprint(db.engine), fingerprint(restored)
            finally:
                restored.dispose()
    finally:
        other.extensions["portal_db"].dispose()
    assert after == before  # row counts and content hashes of every table
    assert before["messages"][0] == 1 and before["mail_outbox"][0] == 1


def test_a_failed_backup_leaves_no_file_and_uses_the_real_password(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pg_dump gets a 0600 passfile with the real password (not the masked ***), and a
    failing pg_dump leaves no empty or partial backup behind."""
    import portal.backup as backup_module

    seen = tmp_path / "seen"
    fake = tmp_path / "pg_dump"
    fake.write_text(
        "#!/bin/sh\n"
        f'stat -c %a "$PGPASSFILE" > {seen}; cat "$PGPASSFILE" >> {seen}; '
        f'echo "pw=${{PGPASSWORD:-none}}" >> {seen}\n'
        'for a in "$@"; do case "$a" in --file=*) echo partial > "${a#--file=}";; esac; done\n'
        "exit 1\n"
    )
    fake.chmod(0o700)
    monkeypatch.setattr(backup_module, "_pg_tool", lambda name: str(fake))
    engine = create_engine("postgresql+psycopg://portal:s3cr:et@db.example:5432/portal")
    folder = tmp_path / "backups"
    with pytest.raises(Exception):  # noqa: B017 - pg_dump failed
        backup(engine, folder)
    assert list(folder.iterdir()) == []  # nothing left behind
    mode, line, password_env = seen.read_text().splitlines()
    assert mode == "600"
    assert line == r"*:*:portal:portal:s3cr\:et"
    assert password_env == "pw=none"
    assert "***" not in seen.read_text()
