"""Employee and coach write to each other in two browser contexts; axe-core on every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import Role, User
from portal.db import db
from portal.links import services as links
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_employee_and_coach_exchange_messages(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    employee = make_user(role=Role.EMPLOYEE, name="Eva")
    coach = make_user(role=Role.COACH, name="Cas")
    links.assign_coach(employee, coach)
    db.session.commit()
    worker, helper = open_tab("employee"), open_tab("coach")

    log_in(worker, live_server, employee)
    worker.get_by_role("link", name="Messages").first.click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Conversation with Cas")
    assert_accessible(worker, "employee: empty conversation")
    worker.get_by_role("button", name="Send").click()
    expect(worker.locator("#error-summary")).to_contain_text("Write a message first.")
    assert_accessible(worker, "employee: empty message refused")
    worker.get_by_label("Your message").fill("Hello Cas,\nthe talk is on Friday.")
    worker.get_by_role("button", name="Send").click()
    expect(worker.get_by_text("Your message is sent.")).to_be_visible()
    own = worker.locator(".message--own").last
    expect(own).to_contain_text("the talk is on Friday.")
    expect(own).to_contain_text("Not read yet")

    log_in(helper, live_server, coach)
    helper.get_by_role("link", name="My employees").click()
    row = helper.get_by_role("row", name="Eva")
    expect(row).to_contain_text("1 unread")
    assert_accessible(helper, "coach: caseload")
    row.get_by_role("link", name="Eva").click()
    expect(helper.locator(".message").last).to_contain_text("Hello Cas,")
    expect(helper.get_by_role("heading", name="Does a message suggest danger?")).to_be_visible()
    assert_accessible(helper, "coach: conversation")
    helper.get_by_label("Your message").fill("Good luck! Notes: https://example.org/tips")
    helper.get_by_role("button", name="Send").click()
    expect(helper.get_by_text("Your message is sent.")).to_be_visible()
    day = dt.date.today() + dt.timedelta(days=10)
    helper.get_by_label("Date of the next check-in").fill(day.isoformat())
    helper.get_by_label("The agreements since last time").check()
    helper.get_by_role("button", name="Save the date").click()
    expect(helper.get_by_text("The check-in is planned.")).to_be_visible()
    assert_accessible(helper, "coach: check-in planned")

    worker.reload()
    expect(worker.locator(".message--own").first).to_contain_text("Read")
    reply = worker.locator(".message").last
    expect(reply).to_contain_text("Good luck!")
    expect(reply.get_by_role("link", name="https://example.org/tips")).to_have_attribute(
        "rel", "noopener noreferrer nofollow"
    )
    expect(worker.locator("#checkin")).to_contain_text("The agreements since last time")
    assert_accessible(worker, "employee: reply and check-in")

    worker.get_by_role("link", name="E-mail and check-in settings").click()
    worker.get_by_label("Every 6 weeks").check()
    worker.get_by_label("Phone call").check()
    worker.get_by_role("button", name="Save my choices").click()
    expect(worker.get_by_text("Your choices are saved.")).to_be_visible()
    assert_accessible(worker, "employee: settings")

    helper.goto(live_server + "/berichten/coach-hulp")
    expect(helper.get_by_role("heading", name="Evoking change talk")).to_be_visible()
    assert_accessible(helper, "coach: guide")
    helper.goto(live_server + "/berichten/afwezig")
    helper.get_by_label("Away until (and including)").fill(day.isoformat())
    helper.get_by_label("Short note for your employees").fill("Back soon.")
    helper.get_by_role("button", name="Save the notice").click()
    expect(helper.get_by_text("Your away notice is on.")).to_be_visible()
    assert_accessible(helper, "coach: away notice")

    worker.goto(live_server + "/berichten/")
    expect(worker.locator(".away-notice")).to_contain_text("Cas is away until")
    assert_accessible(worker, "employee: away notice")
