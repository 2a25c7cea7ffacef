"""The admin reads the evaluation figures; an employee joins the outcome questions — in Chromium."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import Role, User
from portal.consults.models import Consult, Goal, GoalResult, WithWhom
from portal.db import db
from portal.feedback.models import Feedback, Subject
from tests.conftest import PASSWORD, totp_code
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


def last_month() -> dt.datetime:
    """Return a moment in the middle of last month (a complete month)."""
    first = dt.datetime.now(dt.UTC).replace(day=1, hour=12, minute=0, second=0, microsecond=0)
    return (first - dt.timedelta(days=15)).replace(day=15)


def log_in(page: Any, base: str, user: User) -> None:
    """Log in through the real form (with the code step for staff)."""
    page.goto(base + "/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if user.role is not Role.EMPLOYEE:
        page.wait_for_url("**/inloggen/code")
        page.get_by_label("Code", exact=True).fill(totp_code(user))
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_the_admin_reads_the_figures(
    live_server: str, page: Any, make_user: Callable[..., User]
) -> None:
    when = last_month()
    joined = when - dt.timedelta(days=60)
    for i in range(12):
        user = make_user(role=Role.EMPLOYEE, created_at=joined)
        db.session.add(
            Feedback(
                user_id=user.id,
                subject=Subject.CHAPTER,
                subject_key="ziek-en-toch-aan-zet",
                rating=8,
                recommend=9,
                updated_at=when,
            )
        )
        consult = Consult(
            user_id=user.id,
            starts_at=when,
            with_whom=WithWhom.BEDRIJFSARTS,
            went_well=4,
            felt_understood=3 + i % 3,
            evaluated_at=when,
        )
        db.session.add(consult)
        db.session.flush()
        goal = Goal(consult_id=consult.id, user_id=user.id, position=1, result=GoalResult.ACHIEVED)
        goal.text = "A private goal"
        db.session.add(goal)
    db.session.commit()
    admin = make_user(role=Role.ADMIN)
    log_in(page, live_server, admin)

    page.goto(live_server + "/admin/evaluatie/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation figures")
    expect(page.get_by_text("People who answered something: 12.")).to_be_visible()
    talks = page.get_by_role("table", name="Talks")
    expect(talks.get_by_role("row", name="Prepared with goals")).to_contain_text("100%")
    expect(talks.get_by_role("row", name="Prepared with goals")).to_contain_text("92% of 49 talks")
    expect(page.get_by_text("A private goal")).to_have_count(0)
    assert_accessible(page, "figures, all months")

    month = when.strftime("%Y-%m")
    page.get_by_label("From month").fill(month)
    page.get_by_label("To month").fill(month)
    page.get_by_role("button", name="Show period").click()
    expect(page.get_by_text(f"Period: {month} to {month}.")).to_be_visible()
    assert_accessible(page, "figures, one month")

    page.get_by_label("From month").fill("not a month")
    page.get_by_role("button", name="Show period").click()
    expect(page.get_by_text("This period cannot be used.")).to_be_visible()
    assert_accessible(page, "figures, bad period")


def test_an_employee_joins_the_outcome_questions(
    live_server: str, page: Any, make_user: Callable[..., User]
) -> None:
    employee = make_user(role=Role.EMPLOYEE)
    log_in(page, live_server, employee)
    page.goto(live_server + "/account/evaluatie/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions for the evaluation")
    assert_accessible(page, "outcome questions explained")
    page.get_by_role("button", name="Yes, I will take part").click()
    expect(page.get_by_text("This is your starting point.")).to_be_visible()
    assert_accessible(page, "outcome questions form")
    page.get_by_label("Yes, part of my hours").check()
    page.get_by_label("If you work part of your hours: how many hours a week?").fill("70")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator("#error-summary")).to_contain_text("from 0 to 60")
    assert_accessible(page, "outcome questions refused")
    page.get_by_label("If you work part of your hours: how many hours a week?").fill("16")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Thank you. We will ask again in about three months.")).to_be_visible()
    page.goto(live_server + "/account/evaluatie/")
    expect(page.get_by_role("button", name="Stop taking part")).to_be_visible()
    assert_accessible(page, "taking part")
