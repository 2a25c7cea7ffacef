"""Online backups and a restore drill: SQLite's backup API, or pg_dump for PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, MetaData, func, select
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)


def backup(engine: Engine, folder: Path) -> Path:
    """Write a consistent copy of the live database to folder; return the file."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # backups hold the same data as the database
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite":
        target = folder / f"portal-{stamp}.sqlite3"
        source = sqlite3.connect(str(url.database))
        try:
            with sqlite3.connect(str(target)) as copy:
                source.backup(copy)  # online: writers may go on meanwhile
        finally:
            source.close()
    else:
        target = folder / f"portal-{stamp}.pgdump"
        subprocess.run(  # noqa: S603 - fixed program; arguments come from our own config
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--file={target}",
                *_pg_args(url),
            ],
            check=True,
            env=_pg_env(url),
        )
    os.chmod(target, 0o600)
    log.info("backup written: %s (%d bytes)", target.name, target.stat().st_size)
    return target


def restore(dump: Path, url: str) -> None:
    """Load a backup into the (empty) database at url: the restore drill's second half."""
    target = make_url(url)
    if target.get_backend_name() == "sqlite":
        shutil.copyfile(dump, str(target.database))
        return
    subprocess.run(  # noqa: S603 - fixed program; arguments come from our own config
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            *_pg_args(target, "--dbname"),
            str(dump),
        ],
        check=True,
        env=_pg_env(target),
    )


def fingerprint(engine: Engine) -> dict[str, tuple[int, str]]:
    """Return (row count, SHA-256 over all rows in key order) per table of the schema."""
    metadata = MetaData()
    metadata.reflect(engine)
    result: dict[str, tuple[int, str]] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            digest = hashlib.sha256()
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order))
            for row in rows:
                digest.update(repr(tuple(row)).encode())
            count = conn.execute(select(func.count()).select_from(table)).scalar() or 0
            result[table.name] = (count, digest.hexdigest())
    return result


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        raise FileNotFoundError(f"{name} not found; install the PostgreSQL client tools")
    return str(candidates[-1])


def _pg_args(url: object, dbname_flag: str = "--dbname") -> list[str]:
    parsed = make_url(str(url))
    args = [f"{dbname_flag}={parsed.database}"]
    host = parsed.host or parsed.query.get("host")
    if host:
        args.append(f"--host={host}")
    if parsed.port:
        args.append(f"--port={parsed.port}")
    if parsed.username:
        args.append(f"--username={parsed.username}")
    return args


def _pg_env(url: object) -> dict[str, str]:
    parsed = make_url(str(url))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return env
