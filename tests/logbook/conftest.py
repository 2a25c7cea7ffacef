"""Logbook tests run on a frozen clock: Tuesday 10 February 2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db
from portal.logbook.models import LogEntry
from tests.conftest import freeze

TODAY = dt.date(2026, 2, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the logbook's clock on TODAY."""
    freeze(monkeypatch, TODAY)


@pytest.fixture
def employee(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    """A logged-in employee."""
    user = make_user(role=Role.EMPLOYEE)
    login_as(user)
    return user


def add_entry(user: User, day: dt.date, energy: int = 5, **values: Any) -> LogEntry:
    """Store an entry directly (texts through their sealed attributes) and commit."""
    entry = LogEntry(user_id=user.id, day=day, energy=energy)
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.add(entry)
    db.session.commit()
    return entry


def set_sick_since(user: User, day: dt.date | None) -> None:
    """Store the employee's first sick day."""
    profile = db.session.get_one(EmployeeProfile, user.id)
    profile.sick_since = day
    db.session.commit()
