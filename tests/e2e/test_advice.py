"""The advice loop on a phone: the doctor replies with advice, the employee takes it over.

The doctor reads a share and replies with structured advice; the employee takes items over
into their agreements (or leaves one out), marks one done, and the next summary counts it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal import clock
from portal.auth.models import Role, User
from portal.db import db
from portal.links.models import CareLink, LinkKind, LinkStatus
from portal.sharing.models import Share
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def fits_the_phone(tab: Any) -> bool:
    """Return whether the page needs no sideways scrolling at phone width."""
    return bool(tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def shared_with_dirk(make_user: Callable[..., User]) -> tuple[User, User, Share]:
    """Return Eva, her bedrijfsarts Dirk, and a share from her to him."""
    eva = make_user(role=Role.EMPLOYEE, name="Eva")
    dirk = make_user(role=Role.PROFESSIONAL, name="Dirk")
    link = CareLink(
        employee_id=eva.id, carer_id=dirk.id, kind=LinkKind.PROFESSIONAL, status=LinkStatus.ACTIVE
    )
    db.session.add(link)
    db.session.flush()
    share = Share(employee_id=eva.id, recipient_id=dirk.id, link_id=link.id, section_keys="free")
    share.title = "For our talk"
    share.snapshot = {"version": 1, "sections": [{"key": "free", "text": "Mornings work best."}]}
    db.session.add(share)
    db.session.commit()
    return eva, dirk, share


def test_doctor_advises_and_the_employee_takes_it_over(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    eva, dirk, share = shared_with_dirk(make_user)
    due = (clock.today() + dt.timedelta(days=14)).isoformat()
    next_talk = (clock.today() + dt.timedelta(days=28)).isoformat()
    worker, doctor = open_tab("employee"), open_tab("professional")
    worker.set_viewport_size(PHONE)
    doctor.set_viewport_size(PHONE)

    log_in(doctor, live_server, dirk)
    doctor.goto(f"{live_server}/delen/ontvangen/{share.id}")
    expect(doctor.get_by_text("Mornings work best.")).to_be_visible()
    doctor.get_by_role("button", name="Send note and advice").click()
    expect(doctor.locator("#error-summary")).to_contain_text(
        "Write a note or fill in at least one piece of advice."
    )
    assert_accessible(doctor, "professional: advice form with errors")
    doctor.get_by_label("Agreement 1", exact=True).fill("Walk half an hour every day")
    doctor.get_by_label("Agreement 1 done by (optional)").fill(due)
    doctor.get_by_label("Agreement 2", exact=True).fill("Discuss a quiet workplace")
    doctor.get_by_label("Date of the next talk (optional)").fill(next_talk)
    doctor.get_by_label(re.compile("What to ask the treater")).fill(
        "Is the therapy aimed at returning to work?"
    )
    doctor.get_by_role("button", name="Send note and advice").click()
    expect(doctor.get_by_text("Your note is sent.")).to_be_visible()
    expect(doctor.get_by_text("Walk half an hour every day")).to_be_visible()
    assert fits_the_phone(doctor)
    assert_accessible(doctor, "professional: advice sent")

    log_in(worker, live_server, eva)
    worker.goto(f"{live_server}/")
    heads_up = worker.locator("section", has=worker.get_by_role("heading", name="New advice"))
    expect(heads_up).to_contain_text("Dirk sent advice with a reply to your summary: 4 items.")
    assert fits_the_phone(worker)
    assert_accessible(worker, "employee: home with new advice")
    heads_up.get_by_role("link", name="See the advice and take it over").click()
    expect(worker.get_by_role("heading", name="Advice to decide on")).to_be_visible()
    assert fits_the_phone(worker)
    assert_accessible(worker, "employee: advice to decide on")
    worker.get_by_role("button", name=re.compile("Take over.*Walk half an hour")).click()
    expect(worker.get_by_text("Taken over into your agreements.")).to_be_visible()
    worker.get_by_role("button", name=re.compile("Leave out.*Discuss a quiet")).click()
    worker.get_by_role("button", name=re.compile("Take over.*Is the therapy")).click()
    open_list = worker.locator("section", has=worker.get_by_role("heading", name="Open"))
    expect(open_list.get_by_text("Walk half an hour every day")).to_be_visible()
    expect(open_list.get_by_text(re.compile("Ask my treater: Is the therapy"))).to_be_visible()
    expect(open_list.get_by_text("Discuss a quiet workplace")).to_have_count(0)
    assert_accessible(worker, "employee: advice taken over")
    walk = worker.locator("li.agreement", has_text="Walk half an hour every day")
    walk.get_by_role("button", name="Mark as done").click()
    worker.goto(f"{live_server}/")
    expect(heads_up).to_contain_text("1 item.")  # the next talk is not decided on yet

    worker.goto(f"{live_server}/delen/{share.id}")
    expect(worker.get_by_text("Not taken over.")).to_be_visible()
    worker.goto(f"{live_server}/delen/nieuw")
    worker.get_by_label(re.compile("Dirk")).check()
    worker.get_by_label("Since the last talk", exact=True).check()
    worker.get_by_role("button", name="Next: check the texts").click()
    since = worker.get_by_role("textbox", name="Since the last talk")
    expect(since).to_have_value(re.compile(r"Advice from Dirk of .*: 1 of 2 agreements done\."))
    expect(since).to_have_value(re.compile("1 piece of advice I did not take over."))
    assert fits_the_phone(worker)
    assert_accessible(worker, "employee: next summary counts the advice")


def test_a_build_up_period_from_the_doctor_goes_into_the_plan_after_asking(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    eva, dirk, share = shared_with_dirk(make_user)
    starts = clock.today() + dt.timedelta(days=7)
    worker, doctor = open_tab("employee"), open_tab("professional")
    worker.set_viewport_size(PHONE)
    doctor.set_viewport_size(PHONE)
    log_in(worker, live_server, eva)
    worker.goto(f"{live_server}/logboek/opbouw")
    worker.get_by_label("From").fill(starts.isoformat())
    worker.get_by_label("Hours a day").fill("3")
    worker.get_by_label("Days a week").fill("3")
    worker.get_by_role("button", name=re.compile("Save")).click()
    expect(worker.get_by_text(re.compile("3 hours a day on 3 days a week")).first).to_be_visible()

    log_in(doctor, live_server, dirk)
    doctor.goto(f"{live_server}/delen/ontvangen/{share.id}")
    doctor.get_by_label("Build-up: from").fill(starts.isoformat())
    doctor.get_by_label("Hours a day").fill("3,5")
    doctor.get_by_role("button", name="Send note and advice").click()
    expect(doctor.locator("#error-summary")).to_contain_text("Fill in a number of days")
    expect(doctor.get_by_label("Hours a day")).to_have_value("3,5")  # nothing typed is lost
    doctor.get_by_label("Days a week").fill("4")
    doctor.get_by_role("button", name="Send note and advice").click()
    expect(doctor.get_by_text("Your note is sent.")).to_be_visible()
    expect(doctor.get_by_text(re.compile("3.5 hours a day on 4 days a week"))).to_be_visible()
    assert fits_the_phone(doctor)
    assert_accessible(doctor, "professional: build-up advice sent")

    worker.goto(f"{live_server}/gesprekken/afspraken")
    worker.get_by_role("button", name=re.compile("Take over.*Build-up plan")).click()
    expect(
        worker.get_by_role("heading", name="Replace a period of your build-up plan?")
    ).to_be_visible()
    assert fits_the_phone(worker)
    assert_accessible(worker, "employee: replace a build-up period?")
    worker.get_by_role("button", name="Yes, use the advice").click()
    expect(worker.get_by_text("Taken over into your build-up plan.").first).to_be_visible()
    worker.goto(f"{live_server}/logboek/opbouw")
    periods = worker.locator("section", has=worker.get_by_role("heading", name="My periods"))
    expect(periods).to_contain_text("3.5 hours a day on 4 days a week")
    expect(periods).not_to_contain_text("on 3 days a week")
