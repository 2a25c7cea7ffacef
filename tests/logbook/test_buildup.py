"""The build-up plan: recorded in one form, each week against it with days over and under."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db
from portal.logbook.buildup import plan_weeks
from portal.logbook.models import BuildUpStep, entries_between, steps_of
from tests.logbook.conftest import TODAY, add_entry

MONDAY = dt.date(2026, 2, 2)  # the week before TODAY (Tuesday 10 February)


def test_an_employee_records_a_period_and_sees_the_week_against_it(
    client: Any, employee: User
) -> None:
    profile = db.session.get_one(EmployeeProfile, employee.id)
    profile.contract_hours = 32
    db.session.commit()
    response = client.submit(
        "/logboek/opbouw?lang=en",
        {"starts_on": "2026-01-26", "hours_per_day": "3", "days_per_week": "3"},
    )
    assert response.status_code == 302
    [step] = steps_of(employee.id)
    assert (step.minutes_per_day, step.days_per_week) == (180, 3)
    # Week of 2 February: 3 h, 4 h (over), and only 2 of 3 days worked.
    add_entry(employee, MONDAY, minutes_worked=180)
    add_entry(employee, MONDAY + dt.timedelta(days=2), minutes_worked=240)
    page = client.get("/logboek/opbouw?lang=en").get_data(as_text=True)
    assert "3 hours a day on 3 days a week (9 hours a week)" in page
    assert "28.1% of your 32 contract hours" in page
    weeks = plan_weeks(
        steps_of(employee.id),
        entries_between(employee.id, MONDAY, TODAY),
        MONDAY,
        MONDAY + dt.timedelta(days=6),
        32,
        TODAY,
    )
    [week] = weeks
    assert (week.planned, week.worked, week.over_days, week.short_days) == (9, 7, 1, 1)
    assert week.contract_share is not None and round(week.contract_share, 3) == 0.219


def test_from_is_filled_in_with_today_so_two_numbers_record_a_period(
    client: Any, employee: User
) -> None:
    page = client.get("/logboek/opbouw?lang=en").get_data(as_text=True)
    field = page.split('name="starts_on"')[1].split(">")[0]
    assert f'value="{TODAY.isoformat()}"' in field
    client.submit(
        "/logboek/opbouw",
        {"starts_on": TODAY.isoformat(), "hours_per_day": "2,5", "days_per_week": "4"},
    )
    [step] = steps_of(employee.id)
    assert (step.starts_on, step.minutes_per_day, step.days_per_week) == (TODAY, 150, 4)


def test_bad_input_gives_a_clear_message_and_stores_nothing(client: Any, employee: User) -> None:
    for data, message in (
        ({"starts_on": "", "hours_per_day": "3", "days_per_week": "3"}, "Fill in the date"),
        ({"starts_on": "2026-01-26", "hours_per_day": "", "days_per_week": "3"}, "hours a day"),
        ({"starts_on": "2026-01-26", "hours_per_day": "30", "days_per_week": "3"}, "0 to 24"),
        ({"starts_on": "2026-01-26", "hours_per_day": "3", "days_per_week": "9"}, "0 to 7"),
    ):
        response = client.submit("/logboek/opbouw?lang=en", data)
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert steps_of(employee.id) == []


def test_another_persons_period_answers_404(
    client: Any, employee: User, make_user: Callable[..., User]
) -> None:
    other = make_user(role=Role.EMPLOYEE)
    step = BuildUpStep(user_id=other.id, starts_on=MONDAY, minutes_per_day=120, days_per_week=2)
    db.session.add(step)
    db.session.commit()
    assert client.submit(f"/logboek/opbouw/{step.id}/verwijderen").status_code == 404
    assert db.session.scalar(select(BuildUpStep).where(BuildUpStep.id == step.id)) is not None


def test_a_setback_is_marked_in_one_tap_and_counts_as_a_dip(
    client: Any, employee: User, make_user: Callable[..., User]
) -> None:
    from portal.logbook.models import CrashMark

    first = TODAY - dt.timedelta(days=6)
    for n, minutes in enumerate((120, 120, 120, 120, 240, 120, 60)):  # energy 6: no dip by score
        add_entry(employee, first + dt.timedelta(days=n), energy=6, minutes_worked=minutes)
    page = client.get("/logboek/trends?lang=en").get_data(as_text=True)
    assert "Mark as a setback" in page
    assert client.submit("/logboek/terugval", {}).status_code == 302  # one tap: today
    [mark] = db.session.scalars(select(CrashMark)).all()
    assert (mark.user_id, mark.day, mark.load_kind) == (employee.id, TODAY, None)
    client.submit("/logboek/terugval", {"day": TODAY.isoformat(), "load_kind": "social"})
    db.session.refresh(mark)
    assert mark.load_kind == "social"
    page = client.get("/logboek/trends?lang=en").get_data(as_text=True)
    assert "People (social)" in page and "Setback on Tuesday 10 February" in page
    from portal.logbook import services
    from portal.logbook.pacing import find_pattern

    points = services.to_points(entries_between(employee.id, first, TODAY))
    signal = find_pattern(points, first, TODAY, TODAY, crash_days=frozenset({TODAY}))
    assert [(c.busy_day, c.delay) for c in signal.crashes] == [(TODAY - dt.timedelta(days=2), 2)]
    assert find_pattern(points, first, TODAY, TODAY).crashes == ()  # without the mark: none
    bad = client.submit("/logboek/terugval?lang=en", {"load_kind": "boredom"})
    assert bad.status_code == 302
    other = make_user(role=Role.EMPLOYEE)
    foreign = CrashMark(user_id=other.id, day=TODAY)
    db.session.add(foreign)
    db.session.commit()
    assert client.submit(f"/logboek/terugval/{foreign.id}/verwijderen").status_code == 404
    mark_id = mark.id
    assert client.submit(f"/logboek/terugval/{mark_id}/verwijderen").status_code == 302
    db.session.expire_all()
    assert db.session.get(CrashMark, mark_id) is None
