"""Evaluation tests run on a frozen clock: 15 April 2026, so January-March are complete months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from portal.auth.models import Role, User
from portal.consults.models import Consult, Goal, GoalResult, WithWhom
from portal.db import db
from portal.evaluation import services, views, views_outcomes
from portal.evaluation.models import Helped, HelpedAnswer, OutcomeAnswer
from portal.feedback.models import Feedback, Subject

NOW = dt.datetime(2026, 4, 15, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
JOINED = dt.datetime(2025, 12, 1, 9, 0, tzinfo=dt.UTC)
CHAPTER = "ziek-en-toch-aan-zet"
OTHER_CHAPTER = "stap-voor-stap"
MODULE = "jouw-situatie-in-beeld"


def moment(month: int, day: int = 10, year: int = 2026) -> dt.datetime:
    """Return a UTC moment in a month of 2026 (or another year)."""
    return dt.datetime(year, month, day, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Freeze the evaluation feature's clock on NOW."""
    monkeypatch.setattr(services, "now", lambda: NOW)
    monkeypatch.setattr(services, "local_today", lambda: TODAY)
    monkeypatch.setattr(views_outcomes, "now", lambda: NOW)
    monkeypatch.setattr(views, "local_today", lambda: TODAY)
    return NOW


@pytest.fixture
def people(make_user: Callable[..., User]) -> Callable[[int], list[User]]:
    """Return a factory of n employees who joined on 1 December 2025."""

    def make(n: int) -> list[User]:
        users = [make_user(role=Role.EMPLOYEE, created_at=JOINED) for _ in range(n)]
        return users

    return make


def feedback(
    user: User, subject: Subject, key: str, rating: int, recommend: int, when: dt.datetime
) -> None:
    """Store one feedback answer given in a month; the caller commits."""
    db.session.add(
        Feedback(
            user_id=user.id,
            subject=subject,
            subject_key=key,
            rating=rating,
            recommend=recommend,
            updated_at=when,
        )
    )


def talk(
    user: User,
    when: dt.datetime,
    goals: Sequence[tuple[str | None, GoalResult | None]] = (),
    went_well: int | None = None,
    felt_understood: int | None = None,
    evaluated: bool = True,
) -> Consult:
    """Store a talk with goals and its evaluation; the caller commits."""
    consult = Consult(
        user_id=user.id,
        starts_at=when,
        with_whom=WithWhom.BEDRIJFSARTS,
        went_well=went_well,
        felt_understood=felt_understood,
        evaluated_at=when if evaluated else None,
    )
    db.session.add(consult)
    db.session.flush()
    for position, (text, result) in enumerate(goals, start=1):
        goal = Goal(consult_id=consult.id, user_id=user.id, position=position, result=result)
        goal.text = text
        db.session.add(goal)
    return consult


def helped(user: User, answer: Helped | None, when: dt.datetime, quarter: str = "2026-Q1") -> None:
    """Store an answer to the quarterly question; the caller commits."""
    db.session.add(HelpedAnswer(user_id=user.id, quarter=quarter, answer=answer, answered_at=when))


def outcome(user: User, when: dt.datetime, **answers: Any) -> None:
    """Store one round of outcome answers; the caller commits."""
    quarter = f"{when.year}-Q{(when.month - 1) // 3 + 1}"
    db.session.add(OutcomeAnswer(user_id=user.id, quarter=quarter, answered_at=when, **answers))
