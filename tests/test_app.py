"""App factory, configuration, database settings, headers and error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from portal import create_app
from portal.config import DEV_SECRET_KEY, ConfigError
from portal.db import db
from tests.conftest import TEST_DATA_KEYS


def test_healthz_answers_after_a_database_round_trip(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def _production(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    config = {
        "ENV": "production",
        "SECRET_KEY": "p" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "SESSION_COOKIE_SECURE": True,
        "BASE_URL": "https://portal.example.nl",
        "DATA_KEYS": TEST_DATA_KEYS,
        "MAIL_SERVER": "smtp.example.nl",
    }
    config.update(overrides)
    return config


def test_production_config_that_is_safe_starts(tmp_path: Path) -> None:
    assert create_app(_production(tmp_path)).config["ENV"] == "production"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": DEV_SECRET_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"SESSION_COOKIE_SECURE": False}, "SECURE"),
        ({"SESSION_COOKIE_HTTPONLY": False}, "HttpOnly"),
        ({"SESSION_COOKIE_SAMESITE": "None"}, "SameSite"),
        ({"BASE_URL": "http://portal.example.nl"}, "https"),
        ({"CONTENT_DIR": "/nonexistent"}, "CONTENT_DIR"),
        ({"MAIL_SERVER": ""}, "PORTAL_MAIL_SERVER"),
        ({"TRUSTED_PROXIES": -1}, "TRUSTED_PROXIES"),
    ],
)
def test_production_refuses_unsafe_config(
    tmp_path: Path, override: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        create_app(_production(tmp_path, **override))


def test_production_may_run_outbox_only_when_it_says_so(tmp_path: Path) -> None:
    app = create_app(_production(tmp_path, MAIL_SERVER="", MAIL_OUTBOX_ONLY=True))
    assert app.config["MAIL_OUTBOX_ONLY"] is True


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PORTAL_MAIL_PORT", "2525")
    monkeypatch.setenv("PORTAL_DATA_KEYS", TEST_DATA_KEYS)
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    app = create_app({"ENV": "testing"})
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["DATABASE_URL"].endswith("env.sqlite3")


def test_bad_environment_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_MAIL_PORT", "twenty")
    with pytest.raises(ConfigError, match="PORTAL_MAIL_PORT"):
        create_app({"ENV": "testing"})


def test_sqlite_connection_settings(app: Flask) -> None:
    if db.engine.dialect.name != "sqlite":
        assert db.session.execute(text("SHOW synchronous_commit")).scalar() == "on"
        return
    pragmas = {
        name: str(db.session.execute(text(f"PRAGMA {name}")).scalar()).lower()
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "secure_delete")
    }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": "2",
        "foreign_keys": "1",
        "busy_timeout": "5000",
        "secure_delete": "1",
    }


@pytest.mark.parametrize("path", ["/", "/inloggen", "/bestaat-niet", "/healthz"])
def test_security_headers_on_every_response(client: Any, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_scripts_or_styles() -> None:
    root = Path(__file__).parent.parent / "portal" / "templates"
    for template in root.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert "style=" not in source, template
        assert "<style" not in source, template
        assert "<script>" not in source and "onclick" not in source, template


def test_session_cookie_flags(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    cookie = client.get_cookie("er_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_error_pages_are_friendly_and_translated(client: Any, lang: str) -> None:
    response = client.get(f"/bestaat-niet?lang={lang}")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert f'<html lang="{lang}"' in body
    expected = "We kunnen deze pagina niet vinden" if lang == "nl" else "We cannot find this page"
    assert expected in body
    assert "data-incident=" in body and "Traceback" not in body


def test_method_not_allowed_page(client: Any) -> None:
    response = client.put("/inloggen")
    assert response.status_code == 405


def test_oversized_body_is_refused_with_a_page(client: Any) -> None:
    response = client.post("/inloggen", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)


def test_unexpected_error_shows_incident_and_logs_no_details(
    app: Flask, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from portal.security import public

    @public
    def broken() -> str:
        raise RuntimeError("geheime-inhoud-die-niet-gelogd-mag-worden")

    app.add_url_rule("/kapot", "broken", broken)
    response = client.get("/kapot")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    incident = body.split('data-incident="')[1].split('"')[0]
    assert "geheime-inhoud" not in body
    assert incident in caplog.text
    assert "geheime-inhoud" not in caplog.text


@pytest.mark.parametrize(
    ("role", "path", "current"),
    [
        ("admin", "/admin/koppelingen", "Coachkoppelingen"),
        ("employee", "/account/", "Mijn account"),
    ],
)
def test_menu_marks_exactly_one_current_item(
    client: Any, make_user: Any, login_as: Any, role: str, path: str, current: str
) -> None:
    login_as(make_user(role=role))
    body = client.get(path).get_data(as_text=True)
    assert body.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in body
