"""A coach plans a contact with the context strip, writes a note and suggests a question that
the employee accepts into their talk preparation; axe-core at 390 px and 1280 px."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.auth.models import EmployeeProfile, Role, User
from portal.coach.models import CoachNote
from portal.consults.models import Consult, WithWhom
from portal.db import db, utcnow
from portal.links import services as links
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def accessible_at_both_widths(tab: Any, label: str) -> None:
    """Run axe on a phone and on a desktop width."""
    for size in (PHONE, DESKTOP):
        tab.set_viewport_size(size)
        assert_accessible(tab, f"{label} at {size['width']} px")


def test_coach_context_note_and_an_accepted_question(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    employee = make_user(role=Role.EMPLOYEE, name="Eva")
    coach = make_user(role=Role.COACH, name="Cas")
    links.assign_coach(employee, coach)
    profile = db.session.get(EmployeeProfile, employee.id) or EmployeeProfile(user_id=employee.id)
    profile.sick_since = dt.date.today() - dt.timedelta(days=60)  # week 9
    db.session.add(profile)
    talk = Consult(
        user_id=employee.id,
        starts_at=utcnow() + dt.timedelta(days=6),
        with_whom=WithWhom.BEDRIJFSARTS,
    )
    db.session.add(talk)
    db.session.commit()
    talk_id = talk.id
    worker, helper = open_tab("employee"), open_tab("coach")

    log_in(worker, live_server, employee)
    worker.goto(live_server + "/berichten/instellingen")
    worker.get_by_role("link", name="What my coach sees").click()
    expect(worker.locator(".context-strip")).to_contain_text("Not shared")
    worker.get_by_label("My week of absence").check()
    worker.get_by_label("The date of my next talk with the bedrijfsarts").check()
    worker.get_by_role("button", name="Save my choices").click()
    expect(worker.get_by_text("Your choices are saved.")).to_be_visible()
    expect(worker.locator(".context-strip")).to_contain_text("Week 9")
    accessible_at_both_widths(worker, "employee: what my coach sees")

    log_in(helper, live_server, coach)
    helper.get_by_role("link", name="My employees").click()
    row = helper.get_by_role("row", name="Eva")
    expect(row).to_contain_text("Week 9")
    expect(row).to_contain_text("Next talk with the bedrijfsarts")
    accessible_at_both_widths(helper, "coach: caseload with context")
    row.get_by_role("link", name="Eva").click()
    expect(helper.locator("#context")).to_contain_text("Week 9")
    day = dt.date.today() + dt.timedelta(days=5)  # before the talk the strip shows
    helper.get_by_label("Date of the next check-in").fill(day.isoformat())
    helper.get_by_label("Preparing or looking back on a talk with the bedrijfsarts").check()
    helper.get_by_role("button", name="Save the date").click()
    expect(helper.get_by_text("The check-in is planned.")).to_be_visible()
    helper.get_by_label("New note").fill("Eva wants to ask about building up hours.")
    helper.get_by_role("button", name="Save note").click()
    expect(helper.get_by_text("Your note is saved.")).to_be_visible()
    expect(helper.locator("#notities")).to_contain_text("building up hours")
    helper.get_by_label("Question to suggest").fill("Can I build up my hours step by step?")
    helper.get_by_role("button", name="Suggest this question").click()
    expect(helper.get_by_text("Your question is suggested.")).to_be_visible()
    helper.get_by_role("button", name="Offer the rulers").click()
    expect(helper.get_by_text("The rulers are offered.")).to_be_visible()
    accessible_at_both_widths(helper, "coach: conversation with tools")
    helper.goto(live_server + "/berichten/coach-hulp")
    expect(helper.get_by_role("heading", name="The righting reflex")).to_be_visible()
    accessible_at_both_widths(helper, "coach: guide")

    worker.goto(live_server + "/berichten/")
    suggestions = worker.locator("#voorgestelde-vragen")
    expect(suggestions).to_contain_text("Can I build up my hours step by step?")
    accessible_at_both_widths(worker, "employee: suggestion and rulers")
    worker.get_by_role("button", name="Save my numbers").click()
    expect(worker.locator("#error-summary")).to_contain_text("Choose a number from 0 to 10.")
    worker.locator("#linialen input[name=importance][value='7']").check()
    worker.locator("#linialen input[name=confidence][value='4']").check()
    worker.get_by_role("button", name="Save my numbers").click()
    expect(worker.get_by_text("Your coach sees your scores.")).to_be_visible()
    worker.get_by_role("button", name="Add to my preparation").click()
    expect(worker.get_by_text("The question is added")).to_be_visible()
    worker.get_by_role("link", name="Read my coach's notes about me").click()
    expect(worker.locator("main")).to_contain_text("building up hours")
    accessible_at_both_widths(worker, "employee: notes about me")

    db.session.expire_all()
    accepted = db.session.get(Consult, talk_id)
    assert accepted is not None
    assert {"text": "Can I build up my hours step by step?"} in accepted.questions
    assert len(db.session.scalars(select(CoachNote)).all()) == 1

    helper.goto(live_server + "/berichten/?lang=nl")
    helper.goto(live_server + "/coach/")
    expect(helper.get_by_role("heading", level=1)).to_have_text("Mijn werknemers")
    helper.get_by_role("row", name="Eva").get_by_role("link", name="Eva").click()
    expect(helper.locator("#vraag")).to_contain_text("In de voorbereiding gezet")
    expect(helper.locator("#linialen")).to_contain_text("7")
    accessible_at_both_widths(helper, "coach: conversation in Dutch")
