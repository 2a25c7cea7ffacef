"""Per-IP rate limits on login, reset and registration (Flask-Limiter)."""

from __future__ import annotations

import logging

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.errors import StorageError

log = logging.getLogger(__name__)

limiter = Limiter(key_func=get_remote_address, default_limits=[])

#: Limits on the routes that guess or send: generous for a person, tight for a script.
LOGIN_LIMIT = "10 per minute;50 per hour"
SEND_LIMIT = "5 per minute;20 per hour"


def init_ratelimit(app: Flask) -> None:
    """Bind the limiter; storage comes from PORTAL_RATELIMIT_STORAGE_URI."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config["RATELIMIT_HEADERS_ENABLED"] = False
    # Storage down (Redis unreachable): fail closed, never open and never a 500. The limited
    # routes (login, reset, registration) answer a clear 503 page; every other page works.
    app.config["RATELIMIT_SWALLOW_ERRORS"] = False
    app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = False
    limiter.init_app(app)
    app.register_error_handler(StorageError, storage_down)
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        return
    app.register_error_handler(RedisError, storage_down)


def storage_down(error: Exception) -> tuple[str, int]:
    """Refuse the guarded request with the "login paused" page when the store is unreachable."""
    from portal.errors import unavailable

    log.error("rate-limit storage unreachable (%s) on %s", type(error).__name__, request.endpoint)
    return unavailable("login")
