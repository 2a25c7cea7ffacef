"""Shared fixtures: a fresh app and empty database per test, users, logins, mail, clock."""

from __future__ import annotations

import contextvars
import datetime as dt
import os
import re
import socket
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text

from portal import clock, create_app
from portal.auth.models import Role, User
from portal.db import Base, db, utcnow
from portal.models import import_all

PASSWORD = "correct horse battery staple"
#: Fixed field-encryption keys for tests: "new" encrypts, "old" still decrypts.
TEST_DATA_KEYS = (
    "new:bmV3LWtleS1mb3ItdGVzdHMtMzItYnl0ZXMtbG9uZyE,"
    "old:b2xkLWtleS1mb3ItdGVzdHMtMzItYnl0ZXMtbG9uZyE"
)
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Create the schema once per run; tests empty the tables after themselves."""
    url = _test_database_url(tmp_path_factory)
    import_all()
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    Base.metadata.create_all(engine)
    stamp_head(engine)
    engine.dispose()
    yield url


def stamp_head(engine: Any) -> None:
    """Record the code's Alembic head(s), as `flask db upgrade` would: /healthz checks it."""
    from portal.health import code_heads

    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        for head in sorted(code_heads()):
            conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})


class Mailbox:
    """Collects what the local SMTP server receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def bodies(self) -> list[str]:
        """Return the plain-text bodies received so far."""
        return [m.get_payload(decode=True).decode() for m in self.messages]  # type: ignore[union-attr]


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    """A real SMTP server on loopback (aiosmtpd) for the whole run."""
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete port to check it started
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: tuple[Controller, Mailbox]) -> Mailbox:
    """The messages received during this test."""
    _controller, box = smtp_server
    box.messages.clear()
    return box


def test_config(database_url: str, tmp_path: Path, smtp_port: int) -> dict[str, Any]:
    """Return settings for a test app: cheapest Argon2 profile, real local SMTP."""
    return {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "DATABASE_URL": database_url,
        "BASE_URL": "http://localhost",
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8,
        "ARGON2_PARALLELISM": 1,
        "RATELIMIT_ENABLED": False,
        "DATA_KEYS": TEST_DATA_KEYS,
        "AUDIT_CHECKPOINT_FILE": str(tmp_path / "audit-checkpoints.jsonl"),
        # Every test renders its own PDFs (tests/test_pdf_memo.py switches the memo on).
        "PDF_MEMO_SECONDS": 0,
    }


def empty_tables(app: Flask) -> None:
    """Delete every row, children first (the append-only log's triggers set aside for it)."""
    from portal.audit.models import APPEND_ONLY_SQL

    with app.app_context(), db.engine.begin() as conn:
        dialect = conn.dialect.name
        if dialect == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS access_events_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS access_events_no_delete"))
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
        if dialect == "sqlite":
            for statement in APPEND_ONLY_SQL["sqlite"]:
                conn.execute(text(statement))


@pytest.fixture
def app_config(
    database_url: str, tmp_path: Path, smtp_server: tuple[Controller, Mailbox]
) -> dict[str, Any]:
    """Settings of this test's app; a test may change them before using `app`."""
    return test_config(database_url, tmp_path, smtp_server[0].port)  # type: ignore[arg-type]


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """A fresh app per test, with an app context pushed; the tables are emptied after."""
    application = create_app(app_config)
    with application.app_context():
        yield application
        db.session.rollback()
    empty_tables(application)
    with application.app_context():
        db.engine.dispose()


class Client(FlaskClient):
    """Test client that fills in the CSRF token, as a browser with the form would.

    Each request runs in an application context of its own, as in production: otherwise it
    would share the test's `g` (cached CSRF token, locale, database session) across requests.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        """Send a request in a fresh context, then let the test see what it changed."""

        def isolated() -> Any:
            _cv_app.set(None)  # type: ignore[arg-type]
            return super(Client, self).open(*args, **kwargs)

        response = contextvars.copy_context().run(isolated)
        if _cv_app.get(None) is not None:
            db.session.rollback()  # end the test's snapshot ...
            db.session.expire_all()  # ... and reload objects on next use (rollback alone may not)
        return response

    def csrf_token(self) -> str:
        """Fetch a page with a form and return its CSRF token."""
        for page in ("/account/", "/account/tweestaps", "/inloggen"):
            response = self.get(page)
            match = CSRF_RE.search(response.get_data(as_text=True))
            if match:
                return match.group(1)
        raise AssertionError("no page with a CSRF token found")

    def submit(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form with a valid CSRF token."""
        payload = {"csrf_token": self.csrf_token(), **(data or {})}
        return self.post(url, data=payload, **kwargs)


@pytest.fixture
def new_client(app: Flask) -> Callable[[User], Client]:
    """Return a function that gives a separate, logged-in client (another browser)."""

    def open_one(user: User) -> Client:
        app.test_client_class = Client
        return log_in(app.test_client(), user)  # type: ignore[arg-type]

    return open_one


@pytest.fixture
def client(app: Flask) -> Client:
    """A test client with CSRF protection on."""
    app.test_client_class = Client
    return app.test_client()  # type: ignore[return-value]


#: The TOTP secret of every staff member made by make_user (tests log in with its codes).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enable_two_factor(user: User, secret: str = TOTP_SECRET) -> None:
    """Give a user a confirmed two-step login with a known secret; the caller commits."""
    from portal.auth import twofactor

    state = twofactor.begin_setup(user)
    state.secret = secret
    state.confirmed_at = utcnow()


def totp_code(user: User) -> str:
    """Return a TOTP code for the user that has not been used yet."""
    import pyotp

    from portal.auth import twofactor

    state = twofactor.of(user.id)
    assert state is not None and state.secret is not None
    now = int(utcnow().timestamp()) // twofactor.STEP
    # The current or the next step: both stay valid if a 30-second boundary passes before
    # the server checks (the previous step would not). Two logins per step per user at most.
    unused = [s for s in (now, now + 1) if s > state.last_step]
    assert unused, "both usable TOTP steps were used already; log this user in less often"
    return pyotp.TOTP(state.secret).at(unused[0] * twofactor.STEP)


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Return a factory: make_user(role=Role.EMPLOYEE, email=..., name=..., password=...).

    Coaches, professionals and admins get two-step login switched on (it is required for
    them), unless two_factor=False is passed.
    """
    from portal.auth.services import create_user

    counter = iter(range(1, 10_000))

    def factory(
        role: Role | str = Role.EMPLOYEE,
        email: str | None = None,
        name: str | None = None,
        password: str = PASSWORD,
        two_factor: bool | None = None,
        **attributes: Any,
    ) -> User:
        role = Role(role)
        n = next(counter)
        user = create_user(
            email or f"{role.value}{n}@example.com",
            name or f"{role.value.title()} {n}",
            password,
            role,
        )
        for key, value in attributes.items():
            setattr(user, key, value)
        if two_factor if two_factor is not None else role is not Role.EMPLOYEE:
            enable_two_factor(user)
        db.session.commit()
        return user

    return factory


def statements_sent(app: Flask, action: Callable[[], Any]) -> int:
    """Run action and return how many SQL statements it sent to the database."""
    seen: list[str] = []
    engine = app.extensions["portal_db"]

    def before(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", before)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(seen)


def count_queries(app: Flask, client: Any, url: str) -> int:
    """Return how many SQL statements one GET of url runs (the page must answer 200)."""

    def view() -> None:
        assert client.get(url).status_code == 200, url

    return statements_sent(app, view)


def log_in(client: Client, user: User, password: str = PASSWORD) -> Client:
    """Log a client in through the real forms, with the code step when the user has one."""
    response = client.submit("/inloggen", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if response.headers["Location"] == "/inloggen/code":
        response = client.submit("/inloggen/code", {"code": totp_code(user)})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def login_as(client: Client) -> Callable[[User], Client]:
    """Return a function that logs the client in as a user through the real login form."""

    def login(user: User, password: str = PASSWORD) -> Client:
        return log_in(client, user, password)

    return login


def freeze(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime | dt.date) -> dt.datetime:
    """Stop the portal's one clock for this test: at an aware moment, or at noon of a Dutch day."""
    if not isinstance(moment, dt.datetime):
        moment = clock.to_utc(moment, dt.time(12))
    monkeypatch.setattr(clock, "_frozen", moment.astimezone(dt.UTC))
    return moment
