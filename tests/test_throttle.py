"""Per-account lockout: 5 failures in 60 s lock the account, growing; no hint it exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from portal.auth import throttle
from portal.auth.models import User, UserSession
from portal.db import db, utcnow
from tests.conftest import PASSWORD

WRONG = "dit is niet het wachtwoord"
GENERIC = "E-mailadres of wachtwoord klopt niet."


def attempt(client: Any, user: User, password: str) -> Any:
    return client.submit("/inloggen", {"email": user.email, "password": password})


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession)) or 0


def test_five_failures_lock_the_account_even_for_the_right_password(
    client: Any, make_user: Any
) -> None:
    user = make_user()
    for _ in range(5):
        assert GENERIC in attempt(client, user, WRONG).get_data(as_text=True)
    response = attempt(client, user, PASSWORD)
    assert response.status_code == 200 and GENERIC in response.get_data(as_text=True)
    assert sessions() == 0
    db.session.refresh(user)
    assert user.locked_until is not None and user.lockout_count == 1
    # when the minute is over, the right password works and everything resets
    user.locked_until = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    assert attempt(client, user, PASSWORD).status_code == 302
    db.session.refresh(user)
    assert (user.failed_login_count, user.lockout_count, user.locked_until) == (0, 0, None)


def test_lockout_is_per_account(client: Any, make_user: Any) -> None:
    victim, other = make_user(), make_user()
    for _ in range(5):
        attempt(client, victim, WRONG)
    assert attempt(client, other, PASSWORD).status_code == 302


def test_four_failures_then_success_do_not_lock(client: Any, make_user: Any) -> None:
    user = make_user()
    for _ in range(4):
        attempt(client, user, WRONG)
    assert attempt(client, user, PASSWORD).status_code == 302


def test_failures_outside_the_window_do_not_add_up(app: Any, make_user: Any) -> None:
    user = make_user()
    start = utcnow()
    for second in (0, 10, 20, 30):
        throttle.register_failure(user, start + dt.timedelta(seconds=second))
    throttle.register_failure(user, start + dt.timedelta(seconds=61))  # a new window starts
    assert user.locked_until is None and user.failed_login_count == 1


def test_lockouts_grow_and_are_capped() -> None:
    lengths = [throttle.lock_length(n).total_seconds() for n in range(8)]
    assert lengths == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_the_answer_for_a_locked_account_matches_an_unknown_one(
    client: Any, make_user: Any
) -> None:
    user = make_user()
    for _ in range(5):
        attempt(client, user, WRONG)
    locked = attempt(client, user, PASSWORD).get_data(as_text=True)
    unknown = client.submit(
        "/inloggen", {"email": "niemand@example.com", "password": PASSWORD}
    ).get_data(as_text=True)

    def message(page: str) -> str:
        return page.split('id="error-summary">', 1)[1].split("</div>", 1)[0]

    assert message(locked) == message(unknown)
