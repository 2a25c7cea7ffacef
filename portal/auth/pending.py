"""The "password step passed" marker, kept server-side (issue 19, item 10).

After the password, the cookie session only carries a random token; the database row it
points to says who passed the password step, when, and where to go next. Someone who has
the secret key that signs cookies can no longer write "user 7 passed the password" into a
cookie and skip to the code step: without a row made by a correct password there is none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import session
from sqlalchemy import delete, select

from portal.auth.models import PendingLogin, User
from portal.db import db, utcnow

#: How long the code step may follow the password step.
SECOND_STEP_SECONDS = 300
COOKIE_KEY = "pending"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def begin(user: User, target: str | None) -> None:
    """Remember, server-side, who passed the password step; the caller commits."""
    cutoff = utcnow() - dt.timedelta(seconds=SECOND_STEP_SECONDS)
    db.session.execute(
        delete(PendingLogin).where(
            (PendingLogin.user_id == user.id) | (PendingLogin.created_at < cutoff)
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        PendingLogin(token_hash=_hash(token), user_id=user.id, next_url=(target or "")[:500])
    )
    lang = session.get("lang")
    session.clear()
    session[COOKIE_KEY] = token
    if lang:
        session["lang"] = lang


def current() -> tuple[PendingLogin, User] | None:
    """Return the pending login of this browser and its user, if still valid."""
    token = session.get(COOKIE_KEY)
    if not isinstance(token, str) or len(token) > 100:
        return None
    pending = db.session.scalar(select(PendingLogin).where(PendingLogin.token_hash == _hash(token)))
    if pending is None:
        return None
    age = (utcnow() - pending.created_at).total_seconds()
    user = db.session.get(User, pending.user_id)
    if age > SECOND_STEP_SECONDS or user is None or not user.is_active:
        return None
    return pending, user


def finish(pending: PendingLogin) -> None:
    """Spend the pending login (after the code step succeeded); the caller commits."""
    db.session.delete(pending)
