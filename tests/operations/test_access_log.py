"""gunicorn's access log (deploy/gunicorn.conf.py) leaves out secret tokens (issue 15)."""

from __future__ import annotations

import datetime as dt
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from portal.gunicorn_logging import RedactingLogger, redact

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq3xSECRET-tok_en42"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"/tijdlijn/agenda/{TOKEN}.ics", "/tijdlijn/agenda/[token].ics"),
        (f"/wachtwoord-herstellen/{TOKEN}", "/wachtwoord-herstellen/[token]"),
        (f"/account/e-mailadres/bevestigen/{TOKEN}", "/account/e-mailadres/bevestigen/[token]"),
        (
            f"GET /wachtwoord-herstellen/{TOKEN}?x=1 HTTP/1.1",
            "GET /wachtwoord-herstellen/[token]?[query] HTTP/1.1",
        ),
        (
            f"https://portal.example.nl/account/e-mailadres/bevestigen/{TOKEN}",
            "https://portal.example.nl/account/e-mailadres/bevestigen/[token]",
        ),
        ("/logboek/week?datum=2026-03-10", "/logboek/week?[query]"),
        ("/werkwijzer/", "/werkwijzer/"),
    ],
)
def test_redact(raw: str, expected: str) -> None:
    assert redact(raw) == expected


def _logged_line(path: str, query: str = "", referer: str = "-") -> str:
    """Run one request through gunicorn's logger with the shipped configuration."""
    settings = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    config = Config()
    for name in ("access_log_format", "logger_class", "accesslog"):
        config.set(name, settings[name])
    config.set("accesslog", "-")
    logger = config.logger_class(config)
    assert isinstance(logger, RedactingLogger)
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger.access_log.handlers = [Collect()]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + (f"?{query}" if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "test",
        "HTTP_COOKIE": "er_session=secret-session",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-Id", "abc123")])
    request = SimpleNamespace(
        headers=[("REFERER", referer), ("COOKIE", "er_session=secret-session")]
    )
    logger.access(response, request, environ, dt.timedelta(milliseconds=12))
    assert len(lines) == 1
    return lines[0]


def test_the_shipped_access_log_has_no_tokens_cookies_or_queries() -> None:
    for path in (
        f"/tijdlijn/agenda/{TOKEN}.ics",
        f"/wachtwoord-herstellen/{TOKEN}",
        f"/account/e-mailadres/bevestigen/{TOKEN}",
    ):
        line = _logged_line(path, query=f"t={TOKEN}", referer=f"https://portal.example.nl{path}")
        assert TOKEN not in line, line
        assert "secret-session" not in line
        assert "[token]" in line and "rid=abc123" in line and '" 200 10 ' in line


def test_an_ordinary_path_is_logged_as_it_is() -> None:
    line = _logged_line("/werkwijzer/")
    assert '"GET /werkwijzer/ HTTP/1.1" 200' in line and line.startswith("203.0.113.5 ")
