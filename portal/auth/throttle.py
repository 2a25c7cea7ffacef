"""One throttle for every check of a secret: password, TOTP code or recovery code.

Per account (stored in the database, so it holds across app servers): five failed checks
within 60 seconds lock the account for 60 seconds; each further lockout in a row doubles
that, up to an hour. The counter is raised by one atomic UPDATE, so parallel wrong guesses
cannot slip past it. A successful check resets everything.

Per IP (in the rate limiter's storage, Redis when several app servers run): failed checks
from one address count against the login's limit together, wherever they happen (login,
code step, and every re-authentication in the account pages).

While an account is locked, the login page answers exactly as for a wrong password, so the
lock reveals nothing about whether the account exists; the account pages refuse every action
that asks for the password again.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import case, literal, or_, select, update

from portal.auth.models import User
from portal.db import UTCDateTime, db, utcnow

log = logging.getLogger(__name__)

MAX_FAILURES = 5
WINDOW = dt.timedelta(seconds=60)
FIRST_LOCK = dt.timedelta(seconds=60)
LONGEST_LOCK = dt.timedelta(hours=1)
#: Identifier of the per-IP bucket in the rate limiter's storage.
IP_BUCKET = "secret-check"


def is_locked(user: User, now: dt.datetime) -> bool:
    """Return whether the account is locked at this moment (read fresh from the database)."""
    locked_until = db.session.scalar(select(User.locked_until).where(User.id == user.id))
    return locked_until is not None and locked_until > now


def register_failure(user: User, now: dt.datetime) -> None:
    """Count a failed check atomically; lock the account at the fifth within the window."""
    stale = or_(User.failed_login_since.is_(None), User.failed_login_since < now - WINDOW)
    count = db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(
            failed_login_count=case((stale, 1), else_=User.failed_login_count + 1),
            failed_login_since=case(
                (stale, literal(now, UTCDateTime())), else_=User.failed_login_since
            ),
        )
        .returning(User.failed_login_count, User.lockout_count)
        .execution_options(synchronize_session=False)
    ).one()
    if count[0] >= MAX_FAILURES:
        until = now + lock_length(count[1])
        locked = db.session.execute(
            update(User)
            .returning(User.id)
            .where(User.id == user.id, User.failed_login_count >= MAX_FAILURES)
            .values(
                locked_until=until,
                lockout_count=User.lockout_count + 1,
                failed_login_count=0,
                failed_login_since=None,
            )
            .execution_options(synchronize_session=False)
        ).first()
        if locked is not None:
            log.warning("user %s locked until %s", user.id, until.isoformat())
    db.session.refresh(user)
    ip_register_failure()


def lock_length(previous_lockouts: int) -> dt.timedelta:
    """Return how long the next lockout lasts: 60 s, doubling, at most an hour."""
    return min(FIRST_LOCK * (2 ** min(previous_lockouts, 10)), LONGEST_LOCK)


def reset(user: User) -> None:
    """Forget failures and lockouts after a successful check."""
    user.failed_login_count, user.failed_login_since = 0, None
    user.locked_until, user.lockout_count = None, 0


def _ip_limits() -> list[object]:
    from limits import parse_many

    from portal.ratelimit import LOGIN_LIMIT

    return list(parse_many(LOGIN_LIMIT))


def _ip() -> str | None:
    from flask import has_request_context
    from flask_limiter.util import get_remote_address

    return get_remote_address() if has_request_context() else None


def ip_blocked() -> bool:
    """Return whether this address has used up its failed checks (login's limits)."""
    from portal.ratelimit import limiter

    ip = _ip()
    if ip is None or not limiter.enabled:
        return False
    try:
        return any(not limiter.limiter.test(item, IP_BUCKET, ip) for item in _ip_limits())  # type: ignore[arg-type]
    except Exception:  # storage down: the per-account lock still holds
        log.warning("rate-limit storage unavailable; per-IP secret-check limit skipped")
        return False


def ip_register_failure() -> None:
    """Count a failed check against this address in the shared limiter storage."""
    from portal.ratelimit import limiter

    ip = _ip()
    if ip is None or not limiter.enabled:
        return
    try:
        for item in _ip_limits():
            limiter.limiter.hit(item, IP_BUCKET, ip)  # type: ignore[arg-type]
    except Exception:  # storage down: the per-account lock still holds
        log.warning("rate-limit storage unavailable; failed secret check not counted per IP")


def may_try(user: User, now: dt.datetime | None = None) -> bool:
    """Return whether a secret of this account may be checked now (account and address)."""
    return not is_locked(user, now or utcnow()) and not ip_blocked()


def check(user: User, passed: bool, now: dt.datetime | None = None) -> bool:
    """Record the outcome of a check that may_try allowed; return passed."""
    if passed:
        reset(user)
    else:
        register_failure(user, now or utcnow())
    return passed
