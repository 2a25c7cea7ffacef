"""Files on disk readable by the portal's own user only (issue 19, item 6).

The process creates files with umask 077, so a new SQLite database, its -wal and -shm files,
outbox messages, backups, the development key file and the access-log checkpoints are 0600
and new folders 0700. At start-up, like the SQLite pragmas, the instance folder is made 0700
and an existing SQLite database (with -wal and -shm) 0600; if that cannot be done, the
portal refuses to start.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine

log = logging.getLogger(__name__)

UMASK = 0o077


def _tighten(path: Path, mode: int) -> None:
    if not path.exists():
        return
    current = stat.S_IMODE(path.stat().st_mode)
    if current & 0o077:
        path.chmod(mode)
        log.warning("%s was mode %o; made it %o", path.name, current, mode)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise RuntimeError(f"{path} must be readable by its owner only")


def sqlite_files(engine: Engine) -> list[Path]:
    """Return the database file of a SQLite engine and its -wal and -shm companions."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return []
    if engine.url.database == ":memory:":
        return []
    base = Path(engine.url.database)
    return [base, Path(f"{base}-wal"), Path(f"{base}-shm")]


def restrict_new_files() -> None:
    """Create every later file 0600 and folder 0700 (the process umask)."""
    os.umask(UMASK)


def check_files(app: Flask, engine: Engine) -> None:
    """Make and check the instance folder 0700 and the SQLite files 0600; fail closed."""
    _tighten(Path(app.instance_path), 0o700)
    for path in sqlite_files(engine):
        _tighten(path, 0o600)
