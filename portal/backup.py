"""Online backups and a restore drill: SQLite's backup API, or pg_dump for PostgreSQL."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, func, inspect, select
from sqlalchemy.engine import URL, make_url

from portal import clock

log = logging.getLogger(__name__)


def backup(engine: Engine, folder: Path) -> Path:
    """Write a consistent copy of the live database to folder; return the file.

    The file is written owner-only (0600) under a temporary name and renamed when complete:
    a failed backup leaves nothing behind, never an empty or partial file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # backups hold the same data as the database
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    url = engine.url  # the real URL object: str(engine.url) masks the password as ***
    suffix = ".sqlite3" if url.get_backend_name() == "sqlite" else ".pgdump"
    target = folder / f"portal-{stamp}{suffix}"
    partial = folder / f".{target.name}.partial"
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(str(url.database))
            try:
                with sqlite3.connect(str(partial)) as copy:
                    source.backup(copy)  # online: writers may go on meanwhile
            finally:
                source.close()
        else:
            with _pg_env(url) as env:
                subprocess.run(  # noqa: S603 - fixed program; arguments from our own config
                    [
                        _pg_tool("pg_dump"),
                        "--format=custom",
                        "--no-owner",
                        f"--file={partial}",
                        *_pg_args(url),
                    ],
                    check=True,
                    env=env,
                )
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    log.info("backup written: %s (%d bytes)", target.name, target.stat().st_size)
    return target


def is_empty(url: URL | str) -> bool:
    """Whether the database at url has no tables of ours yet (a restore target)."""
    engine = create_engine(url)
    try:
        return not [name for name in inspect(engine).get_table_names() if name != "alembic_version"]
    finally:
        engine.dispose()


def restore(dump: Path, url: URL | str, *, replace: bool = False) -> None:
    """Load a backup into the database at url (empty, unless replace=True).

    SQLite: copied in with the backup API (safe with WAL files). PostgreSQL: pg_restore;
    with replace, existing objects are dropped first (--clean --if-exists).
    """
    target = make_url(url) if isinstance(url, str) else url
    if not replace and not is_empty(target):
        raise RestoreRefused("the target database is not empty")
    if target.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            with sqlite3.connect(str(target.database)) as copy:
                source.backup(copy)
        finally:
            source.close()
        return
    with _pg_env(target) as env:
        subprocess.run(  # noqa: S603 - fixed program; arguments come from our own config
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *(["--clean", "--if-exists"] if replace else []),
                *_pg_args(target, "--dbname"),
                str(dump),
            ],
            check=True,
            env=env,
        )


class RestoreRefused(RuntimeError):
    """The restore target has data and replacing it was not asked for."""


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


def _pg_args(url: URL, dbname_flag: str = "--dbname") -> list[str]:
    args = [f"{dbname_flag}={url.database}"]
    host = url.host or url.query.get("host")
    if host:
        args.append(f"--host={host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    return args


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


@contextlib.contextmanager
def _pg_env(url: URL) -> Iterator[dict[str, str]]:
    """The environment for pg_dump/pg_restore: a 0600 passfile with the real password.

    The password never goes on a command line or into PGPASSWORD (visible to the same user in
    /proc); the passfile lives in a private temporary folder and is removed afterwards.
    """
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    password = url.password
    if not password:
        yield env
        return
    with tempfile.TemporaryDirectory(prefix="portal-pg-") as folder:
        passfile = Path(folder) / "pgpass"
        fd = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            fields = ["*", "*", url.database or "*", url.username or "*", str(password)]
            handle.write(":".join(_pgpass_field(f) for f in fields) + "\n")
        env["PGPASSFILE"] = str(passfile)
        yield env
