"""SQLite files, the instance folder and outbox messages are private (issue 19, item 6)."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from portal import create_app
from portal.db import db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def own_sqlite(app_config: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    return {**app_config, "DATABASE_URL": f"sqlite:///{folder / 'portal.sqlite3'}"}


def test_a_new_sqlite_database_and_its_wal_are_0600(own_sqlite: dict[str, Any]) -> None:
    app = create_app(own_sqlite)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
        base = Path(db.engine.url.database or "")
        for path in (base, Path(f"{base}-wal"), Path(f"{base}-shm")):
            assert path.exists() and mode(path) == 0o600, path
        db.engine.dispose()
    assert mode(Path(app.instance_path)) == 0o700


def test_an_existing_world_readable_database_is_made_private_at_start_up(
    own_sqlite: dict[str, Any],
) -> None:
    path = Path(own_sqlite["DATABASE_URL"].removeprefix("sqlite:///"))
    path.touch()
    path.chmod(0o644)
    app = create_app(own_sqlite)
    with app.app_context():
        db.engine.dispose()
    assert mode(path) == 0o600


def test_outbox_messages_are_0600(app_config: dict[str, Any], tmp_path: Path) -> None:
    from portal import mail

    config = {**app_config, "MAIL_SERVER": "", "OUTBOX_DIR": str(tmp_path / "outbox")}
    app = create_app(config)
    with app.test_request_context():
        mail.send("email_change_notice", "iemand@example.com", "nl")
        db.session.commit()  # queued in the transaction, written out after the commit
        db.engine.dispose()
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert files and all(mode(f) == 0o600 for f in files)
