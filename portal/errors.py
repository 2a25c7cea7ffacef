"""Error pages in the user's language, never a stack trace, with an incident id."""

from __future__ import annotations

import logging
import secrets
import traceback

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.audit.services import ReadNotLogged
from portal.db import db

log = logging.getLogger(__name__)

HANDLED = (400, 403, 404, 405, 413, 429, 500, 503)


def _render(code: int, incident: str, kind: str = "") -> tuple[str, int]:
    return render_template("errors/error.html", code=code, kind=kind, incident=incident), code


def handle_http(error: HTTPException) -> tuple[str, int]:
    """Render a friendly page for an HTTP error."""
    code = error.code or 500
    if code == 503:
        # A known, named outage (PDF libraries missing, rate-limit store down): a calm page
        # that says what is unavailable; the cause was logged where it was detected.
        incident = secrets.token_hex(6)
        log.warning(
            "incident %s: unavailable (%s) on %s", incident, error.description, request.endpoint
        )
        return _render(503, incident, kind=str(error.description or ""))
    if code >= 500:
        return handle_unexpected(error)
    incident = secrets.token_hex(6)
    log.info("incident %s: http %s on %s %s", incident, code, request.method, request.endpoint)
    return _render(code if code in HANDLED else 400, incident)


def unavailable(kind: str) -> tuple[str, int]:
    """Render the 503 page for a named outage ("pdf", "login"); the caller logged the cause."""
    incident = secrets.token_hex(6)
    log.warning("incident %s: unavailable (%s) on %s", incident, kind, request.endpoint)
    return _render(503, incident, kind=kind)


def handle_read_not_logged(_error: ReadNotLogged) -> tuple[str, int]:
    """Refuse a read of someone's data whose access-log row could not be written."""
    return unavailable("read")


def handle_csrf(_error: CSRFError) -> tuple[str, int]:
    """Explain an expired or missing form token in plain words; nothing was changed."""
    incident = secrets.token_hex(6)
    log.info("incident %s: csrf refused on %s", incident, request.endpoint)
    return _render(400, incident, kind="csrf")


def handle_unexpected(error: Exception) -> tuple[str, int]:
    """Log an unexpected error under an incident id and show a calm page.

    Only the exception type and the stack frames are logged: exception messages can carry
    SQL parameters, and so health content, which must never reach the logs.
    """
    db.session.rollback()
    incident = secrets.token_hex(6)
    original = getattr(error, "original_exception", None) or error
    # File, line and function only: source lines could quote literals, locals are never shown.
    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(original.__traceback__)
    )
    log.error(
        "incident %s: %s on %s %s\n%s",
        incident,
        type(original).__name__,
        request.method,
        request.endpoint,
        frames,
    )
    return _render(500, incident)


def init_errors(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(ReadNotLogged, handle_read_not_logged)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(Exception, handle_unexpected)
