"""The trends page reads less history than before, and says exactly the same."""

from __future__ import annotations

import datetime as dt
from random import Random

import pytest
from flask import Flask
from sqlalchemy import insert

from portal.auth.models import User
from portal.db import db
from portal.logbook import services, trends
from portal.logbook.models import DayFigures, LogEntry, figures_between
from portal.logbook.pacing import BASELINE_DAYS, find_pattern
from tests.logbook.conftest import TODAY


def random_days(seed: int, days: int, filled: float) -> list[DayFigures]:
    """Days back from TODAY with busy days, dips and missed work, as a person logs them."""
    chance, found = Random(seed), []
    for n in range(days, -1, -1):
        if chance.random() >= filled:
            continue
        planned = chance.choice([None, 0, 120, 240])
        worked = chance.choice([None, 0, 60, 120, 240, 360, 480])
        found.append(
            DayFigures(TODAY - dt.timedelta(days=n), chance.randint(0, 10), None, planned, worked)
        )
    return found


#: (days back from TODAY to the start, days in the period): four weeks, a year, periods in
#: the past (the usual day then comes from before their end), at the very start of the data.
PERIODS = [(27, 28), (364, 365), (120, 30), (700, 90), (795, 40), (0, 1)]


@pytest.mark.parametrize("filled", [0.85, 0.3])
def test_the_pacing_check_says_the_same_from_the_entries_it_compares_with(
    app: Flask, filled: float
) -> None:
    entries = random_days(23, 800, filled)
    crashes = 0
    with app.app_context():
        for back, length in PERIODS:
            start = TODAY - dt.timedelta(days=back)
            end = min(start + dt.timedelta(days=length - 1), TODAY)
            history = [e for e in entries if e.day <= end]
            first = min(start, TODAY + dt.timedelta(days=1))
            whole = find_pattern(services.to_points(history), start, end, TODAY, 3, frozenset())
            kept = trends.pacing_history(history, first)
            assert len(kept) < len(history) or back > 700
            found = find_pattern(services.to_points(kept), start, end, TODAY, 3, frozenset())
            assert found == whole, (back, length)
            crashes += len(whole.crashes)
    assert crashes > 10  # the data has setbacks to compare, with their baselines


def test_the_trends_history_is_the_period_and_the_entries_the_pacing_check_needs(
    app: Flask, employee: User
) -> None:
    days = random_days(5, 800, 0.85)
    db.session.execute(
        insert(LogEntry),
        [
            {
                "user_id": employee.id,
                "day": d.day,
                "energy": d.energy,
                "minutes_planned": d.minutes_planned,
                "minutes_worked": d.minutes_worked,
            }
            for d in days
        ],
    )
    db.session.commit()
    for back, length in PERIODS:
        start = TODAY - dt.timedelta(days=back)
        end = min(start + dt.timedelta(days=length - 1), TODAY)
        oldest = start - dt.timedelta(days=services.HISTORY_DAYS)
        everything = figures_between(employee.id, oldest, end)
        before = [e for e in everything if e.day < start]
        expected = before[-BASELINE_DAYS:] + [e for e in everything if e.day >= start]
        assert trends.history(employee.id, start, end, TODAY) == expected, (back, length)
    # Fewer than BASELINE_DAYS entries before the start: all of them, back to HISTORY_DAYS.
    start = days[10].day
    found = trends.history(employee.id, start, TODAY, TODAY)
    assert [e.day for e in found][:10] == [d.day for d in days[:10]]
