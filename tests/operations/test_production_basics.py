"""Production basics (issue 15): Redis down, a TLS-terminating proxy, /healthz, settings."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from portal import create_app
from portal.db import db
from portal.health import code_heads
from tests.conftest import CSRF_RE, Client

PUBLIC = "portal.example.nl"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_APPS: list[Flask] = []


@pytest.fixture(autouse=True)
def _dispose_apps() -> Iterator[None]:
    """Close every pooled connection of the apps a test made (no connection outlives it)."""
    yield
    while _APPS:
        _APPS.pop().extensions["portal_db"].dispose()


def _app(app_config: dict[str, Any], **overrides: Any) -> Flask:
    application = create_app({**app_config, **overrides})
    application.test_client_class = Client
    _APPS.append(application)
    return application


def _login(client: Client, **kwargs: Any) -> Any:
    """Open the login page and post it, both through the same (proxy) address and headers."""
    page = client.get("/inloggen", **kwargs).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, page[:300]
    token = match.group(1)
    data = {"csrf_token": token, "email": "nobody@example.com", "password": "x" * 14}
    return client.post("/inloggen", data=data, **kwargs)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A throw-away redis-server on a free loopback port (bin/system-deps installs it)."""
    program = shutil.which("redis-server")
    assert program, "redis-server is missing: run bin/system-deps"
    port = _free_port()
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- Redis down: fail closed on login with a clear page, never a 500 -------------------------


def test_login_with_redis_down_is_a_clear_503_page(app_config: dict[str, Any]) -> None:
    closed = f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there
    application = _app(app_config, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=closed)
    client = application.test_client()
    with application.app_context():
        assert client.get("/inloggen").status_code == 200  # the page itself still shows
        response = _login(client)
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert "Inloggen kan even niet" in page
        assert "Traceback" not in page
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.get_json()["redis"] == "error"
        assert client.get("/werkwijzer/").status_code == 200  # the rest of the site works
        db.engine.dispose()


def test_rate_limits_hold_across_two_servers_sharing_redis(
    app_config: dict[str, Any], redis_url: str
) -> None:
    one = _app(app_config, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    two = _app(app_config, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    statuses = []
    with one.app_context():
        assert one.test_client().get("/healthz").get_json() == {"status": "ok"}
        for index in range(11):
            server = (one, two)[index % 2]
            statuses.append(_login(server.test_client()).status_code)
        db.engine.dispose()
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


# --- Behind a reverse proxy ------------------------------------------------------------------


def _forwarded(ip: str, proto: str = "http", host: str = PUBLIC) -> dict[str, str]:
    return {"X-Forwarded-For": ip, "X-Forwarded-Proto": proto, "X-Forwarded-Host": host}


@pytest.mark.parametrize(("trusted", "second_client_blocked"), [(1, False), (0, True)])
def test_the_client_ip_comes_from_a_trusted_proxy_only(
    app_config: dict[str, Any], trusted: int, second_client_blocked: bool
) -> None:
    application = _app(app_config, RATELIMIT_ENABLED=True, TRUSTED_PROXIES=trusted)
    client = application.test_client()
    with application.app_context():
        for _ in range(10):
            assert _login(client, headers=_forwarded("203.0.113.5")).status_code == 200
        assert _login(client, headers=_forwarded("203.0.113.5")).status_code == 429
        other = _login(client, headers=_forwarded("198.51.100.7")).status_code
        db.engine.dispose()
    assert other == (429 if second_client_blocked else 200)


def test_forms_work_behind_a_tls_terminating_proxy_that_rewrites_host(
    app_config: dict[str, Any],
) -> None:
    """The proxy sends X-Forwarded-Proto https and rewrites Host to the app's own address."""
    application = _app(app_config, TRUSTED_PROXIES=1, BASE_URL=f"https://{PUBLIC}")
    client = application.test_client()
    internal = "http://127.0.0.1:8000"
    with application.app_context():
        headers = {**_forwarded("203.0.113.5", "https"), "Referer": f"https://{PUBLIC}/inloggen"}
        response = _login(client, base_url=internal, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        # A proxy that strips Referer: the browser's Origin decides, and the token.
        headers = {**_forwarded("203.0.113.5", "https"), "Origin": f"https://{PUBLIC}"}
        assert _login(client, base_url=internal, headers=headers).status_code == 200
        # No Origin and no Referer at all: the CSRF token alone still decides.
        assert (
            _login(
                client, base_url=internal, headers=_forwarded("203.0.113.5", "https")
            ).status_code
            == 200
        )
        # Another site's form is refused.
        headers = {**_forwarded("203.0.113.5", "https"), "Origin": "https://evil.example"}
        refused = _login(client, base_url=internal, headers=headers)
        assert refused.status_code == 400
        assert "formulier was verlopen" in refused.get_data(as_text=True)
        db.engine.dispose()


def test_https_with_the_internal_host_and_the_public_referer_is_accepted(
    app_config: dict[str, Any],
) -> None:
    """gunicorn marks the request https (forwarded_allow_ips) while Host is internal: before
    issue 15 Flask-WTF's strict referrer check refused every form with 400."""
    application = _app(app_config, BASE_URL=f"https://{PUBLIC}")
    client = application.test_client()
    with application.app_context():
        headers = {"Referer": f"https://{PUBLIC}/inloggen"}
        response = _login(client, base_url="https://127.0.0.1:8000", headers=headers)
        db.engine.dispose()
    assert response.status_code == 200


# --- /healthz --------------------------------------------------------------------------------


def test_healthz_is_ok_at_the_schema_head(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_schema_is_behind_the_code(app: Flask, client: Any) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'e49ee28cca60'"))
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "error", "database": "ok", "schema": "behind"}
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
            for head in code_heads():
                conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})
    assert client.get("/healthz").status_code == 200


def test_healthz_stays_ok_for_old_code_after_a_newer_release_migrated(
    app: Flask, client: Any
) -> None:
    """Rolling upgrade: the new release ran `flask db upgrade`; old servers keep serving."""
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    try:
        assert client.get("/healthz").status_code == 200
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
            for head in code_heads():
                conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})


def test_healthz_is_503_when_the_database_is_gone(
    app_config: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    application = _app(app_config, DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}")
    with application.app_context():
        db.engine.dispose()
        shutil.rmtree(folder)  # the next connection cannot open the file
        response = application.test_client().get("/healthz")
        db.engine.dispose()
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error", "schema": "unknown"}


# --- flask users create ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    ["not-an-address", "a@b", "two@@example.nl", "space in@example.nl", "x" * 250 + "@e.nl"],
)
def test_users_create_refuses_what_the_login_form_refuses(app: Flask, email: str) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--role",
            "coach",
            "--email",
            email,
            "--name",
            "N",
            "--password",
            "a-long-enough-password",
        ]
    )
    assert result.exit_code != 0
    assert "e-mail" in result.output


def test_users_create_accepts_a_normal_address(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--role",
            "coach",
            "--email",
            "Coach@Example.nl",
            "--name",
            "N",
            "--password",
            "a-long-enough-password",
        ]
    )
    assert result.exit_code == 0, result.output
