"""Database: typed declarative base, engine per app, one session per app context."""

from __future__ import annotations

import datetime as dt
import enum
import logging
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import DateTime, Engine, Enum, MetaData, create_engine, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from portal import clock

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Pragmas applied to every SQLite connection (checked at start-up).
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "2",  # FULL
    "foreign_keys": "1",
    "busy_timeout": "5000",
    "secure_delete": "1",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Store UTC timestamps; always hand back timezone-aware UTC datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def str_enum(kind: type[enum.Enum], name: str, length: int = 20) -> Enum:
    """Store an enum as its value in a short string column (no native database enum)."""
    return Enum(
        kind,
        name=name,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def utcnow() -> dt.datetime:
    """Return the current time as an aware UTC datetime (the portal's one clock)."""
    return clock.now()


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for name, value in SQLITE_PRAGMAS.items():
        cursor.execute(f"PRAGMA {name}={value}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine with the per-connection settings this portal relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def check_engine(engine: Engine) -> None:
    """Verify the connection settings actually took effect; fail closed if not."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            for name, expected in SQLITE_PRAGMAS.items():
                actual = str(conn.execute(text(f"PRAGMA {name}")).scalar()).lower()
                if actual != expected:
                    raise RuntimeError(f"SQLite PRAGMA {name} is {actual}, expected {expected}")
        elif engine.dialect.name == "postgresql":
            value = conn.execute(text("SHOW synchronous_commit")).scalar()
            if value != "on":
                raise RuntimeError(f"PostgreSQL synchronous_commit is {value}, expected on")


class Database:
    """Flask glue: one engine per app, one session per application context."""

    def init_app(self, app: Flask) -> None:
        """Create the engine for app and close sessions at teardown."""
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["portal_db"] = engine
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> Engine:
        """Return the current app's engine."""
        engine: Engine = current_app.extensions["portal_db"]
        return engine

    @property
    def session(self) -> Session:
        """Return the session of the current app context, creating it on first use."""
        if "db_session" not in g:
            g.db_session = Session(bind=self.engine, expire_on_commit=False)
        session: Session = g.db_session
        return session

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()  # rolls back what was not committed; nothing when nothing began


db = Database()
