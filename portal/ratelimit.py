"""Per-IP rate limits on login, reset and registration (Flask-Limiter)."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])

#: Limits on the routes that guess or send: generous for a person, tight for a script.
LOGIN_LIMIT = "10 per minute;50 per hour"
SEND_LIMIT = "5 per minute;20 per hour"


def init_ratelimit(app: Flask) -> None:
    """Bind the limiter; storage comes from PORTAL_RATELIMIT_STORAGE_URI."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config["RATELIMIT_HEADERS_ENABLED"] = False
    limiter.init_app(app)
