"""`/healthz`: the database answers, its schema is at the code's Alembic head, Redis answers.

200 `{"status": "ok"}` when all is well (the stable interface in DESIGN.md); otherwise 503
with `status: "error"` and one word per check, so a load balancer takes the server out and an
operator sees which part failed. No versions, host names or errors are shown to the public;
the cause is logged.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from flask import Response, current_app, jsonify
from sqlalchemy import text

from portal.config import ROOT
from portal.db import db

log = logging.getLogger(__name__)


@functools.cache
def _script() -> tuple[frozenset[str], frozenset[str]]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(ROOT / "migrations"))
    known = frozenset(rev.revision for rev in script.walk_revisions())
    return frozenset(script.get_heads()), known


def code_heads() -> frozenset[str]:
    """The Alembic head revision(s) of the migrations shipped with this code (read once)."""
    return _script()[0]


def known_revisions() -> frozenset[str]:
    """Every revision this code's migrations know."""
    return _script()[1]


def _database() -> tuple[str, str]:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:
        db.session.rollback()
        log.error("health: database unreachable (%s)", type(exc).__name__)
        return "error", "unknown"
    try:
        found = {
            row[0] for row in db.session.execute(text("SELECT version_num FROM alembic_version"))
        }
    except Exception as exc:
        db.session.rollback()
        log.error("health: no alembic_version table (%s); run flask db upgrade", type(exc).__name__)
        return "ok", "missing"
    if found == set(code_heads()):
        return "ok", "ok"
    if found - known_revisions():
        # A newer release already migrated (rolling upgrade, docs/operations.md section 7):
        # migrations are additive, so this older code keeps serving.
        log.info("health: schema %s is newer than this code", sorted(found))
        return "ok", "ok"
    log.error("health: schema at %s, code expects %s", sorted(found), sorted(code_heads()))
    return "ok", "behind"


def _redis() -> str | None:
    uri = str(current_app.config.get("RATELIMIT_STORAGE_URI", ""))
    if not uri.startswith(("redis://", "rediss://", "redis+")):
        return None
    try:
        import redis

        client = redis.Redis.from_url(
            uri.replace("redis+unix://", "unix://"), socket_timeout=1, socket_connect_timeout=1
        )
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        log.error("health: redis unreachable (%s)", type(exc).__name__)
        return "error"
    return "ok"


def report() -> tuple[dict[str, Any], bool]:
    """Return the checks and whether all passed."""
    database, schema = _database()
    checks: dict[str, Any] = {"database": database, "schema": schema}
    redis_state = _redis()
    if redis_state is not None:
        checks["redis"] = redis_state
    healthy = all(value == "ok" for value in checks.values())
    return checks, healthy


def health_response() -> tuple[Response, int]:
    """200 {"status": "ok"} when healthy, else 503 with the failed checks."""
    checks, healthy = report()
    if healthy:
        return jsonify(status="ok"), 200
    return jsonify(status="error", **checks), 503
