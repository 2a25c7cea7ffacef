"""Consult tests run on a frozen clock: Tuesday 10 March 2026, 10:00 in the Netherlands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from portal.auth.models import Role, User
from portal.consults import cli, services, views, views_lookback
from portal.consults.models import Agreement, AgreementWho, Consult, Goal, GoalResult, WithWhom
from portal.db import db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam (CET)
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Freeze every clock of the consults feature on NOW."""
    for module in (services, views, views_lookback, cli):
        monkeypatch.setattr(module, "now", lambda: NOW)
    return NOW


@pytest.fixture
def employee(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    """A logged-in employee who reads the portal in English."""
    user = make_user(role=Role.EMPLOYEE)
    client = login_as(user)
    client.get("/?lang=en")
    return user


def make_talk(
    user: User,
    starts_at: dt.datetime = NOW + dt.timedelta(days=7),
    with_whom: WithWhom = WithWhom.BEDRIJFSARTS,
    goals: Sequence[tuple[str, GoalResult | None]] | None = None,
    **fields: Any,
) -> Consult:
    """Store a talk with goals and any other fields directly in the database."""
    consult = Consult(user_id=user.id, starts_at=starts_at, with_whom=with_whom)
    for key, value in fields.items():
        setattr(consult, key, value)
    db.session.add(consult)
    db.session.flush()
    for position, (text, result) in enumerate(goals or [], start=1):
        goal = Goal(consult_id=consult.id, user_id=user.id, position=position, result=result)
        goal.text = text or None
        db.session.add(goal)
    db.session.commit()
    return consult


def make_agreement(
    user: User,
    what: str = "Talk to my manager about hours",
    due_on: dt.date | None = None,
    done: bool = False,
    consult: Consult | None = None,
    who: AgreementWho = AgreementWho.ME,
) -> Agreement:
    """Store an agreement directly in the database."""
    agreement = Agreement(
        user_id=user.id,
        consult_id=consult.id if consult else None,
        who=who,
        due_on=due_on,
        done_at=NOW if done else None,
    )
    agreement.what = what
    db.session.add(agreement)
    db.session.commit()
    return agreement
