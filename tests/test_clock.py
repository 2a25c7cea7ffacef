"""One clock: every page agrees on "today", in Dutch time, whatever the server's zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db

#: 23:30 UTC on Sunday 1 March 2026 is already Monday 2 March in the Netherlands (CET).
LATE_EVENING_UTC = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def late_evening() -> Iterator[dt.datetime]:
    """Freeze the portal's one clock at 23:30 UTC."""
    with clock.frozen(LATE_EVENING_UTC) as moment:
        yield moment


def test_today_is_the_dutch_date() -> None:
    with clock.frozen(LATE_EVENING_UTC):
        assert clock.today() == dt.date(2026, 3, 2)
        assert clock.now() == LATE_EVENING_UTC
    summer = dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC)  # 00:30 CEST on 2 July
    with clock.frozen(summer):
        assert clock.today() == dt.date(2026, 7, 2)


def test_freezing_needs_an_aware_moment() -> None:
    with pytest.raises(ValueError), clock.frozen(dt.datetime(2026, 3, 1)):
        pass


def test_every_page_agrees_on_today_around_midnight(
    late_evening: dt.datetime,
    make_user: Callable[..., User],
    login_as: Callable[[User], Any],
) -> None:
    user = make_user(role=Role.EMPLOYEE)
    profile = db.session.scalar(select(EmployeeProfile).where(EmployeeProfile.user_id == user.id))
    if profile is None:
        profile = EmployeeProfile(user_id=user.id)
        db.session.add(profile)
    # Monday 23 February: 1 March is the last day of week 1, 2 March the first of week 2.
    profile.sick_since = dt.date(2026, 2, 23)
    db.session.commit()
    client = login_as(user)

    logbook = client.get("/logboek/?lang=en").get_data(as_text=True)
    assert "Today: Monday, March 2, 2026" in logbook

    timeline = client.get("/tijdlijn/?lang=en").get_data(as_text=True)
    assert "Week 2 of your absence" in timeline

    access = client.get("/account/toegang?lang=en").get_data(as_text=True)
    assert "up to and including March 2, 2026" in access
