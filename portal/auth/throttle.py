"""Per-account lockout, stored in the database so it holds across app servers.

Five failed logins within 60 seconds lock the account for 60 seconds; each further lockout
in a row doubles that, up to an hour. A successful login resets everything. While an
account is locked, the login page answers exactly as for a wrong password, so the lock
reveals nothing about whether the account exists.
"""

from __future__ import annotations

import datetime as dt
import logging

from portal.auth.models import User

log = logging.getLogger(__name__)

MAX_FAILURES = 5
WINDOW = dt.timedelta(seconds=60)
FIRST_LOCK = dt.timedelta(seconds=60)
LONGEST_LOCK = dt.timedelta(hours=1)


def is_locked(user: User, now: dt.datetime) -> bool:
    """Return whether the account is locked at this moment."""
    return user.locked_until is not None and user.locked_until > now


def register_failure(user: User, now: dt.datetime) -> None:
    """Count a failed login; lock the account at the fifth failure within the window."""
    if user.failed_login_since is None or now - user.failed_login_since > WINDOW:
        user.failed_login_since, user.failed_login_count = now, 0
    user.failed_login_count += 1
    if user.failed_login_count >= MAX_FAILURES:
        user.locked_until = now + lock_length(user.lockout_count)
        user.lockout_count += 1
        user.failed_login_since, user.failed_login_count = None, 0
        log.warning("user %s locked until %s", user.id, user.locked_until.isoformat())


def lock_length(previous_lockouts: int) -> dt.timedelta:
    """Return how long the next lockout lasts: 60 s, doubling, at most an hour."""
    return min(FIRST_LOCK * (2 ** min(previous_lockouts, 10)), LONGEST_LOCK)


def reset(user: User) -> None:
    """Forget failures and lockouts after a successful login."""
    user.failed_login_count, user.failed_login_since = 0, None
    user.locked_until, user.lockout_count = None, 0
