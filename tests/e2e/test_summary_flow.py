"""The whole summary loop in Chromium: build-up plan and setback in a few taps, capacity,
share; the doctor reads a first page in sentences and replies with advice; the employee
takes it over and finds it in their agreements."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from portal.db import db
from portal.logbook.models import LogEntry
from tests.conftest import freeze
from tests.e2e.conftest import assert_accessible, linked_pair, log_in

pytestmark = pytest.mark.e2e

TODAY = dt.date(2026, 2, 12)  # a Thursday


def earlier_days(employee: User) -> None:
    """Log a week at 2 hours, 4 hours on Tuesday 10 Feb, then quieter days up to today."""
    for n in range(9, 0, -1):
        day = TODAY - dt.timedelta(days=n)
        entry = LogEntry(user_id=employee.id, day=day, energy=6)
        entry.minutes_worked = 240 if day == dt.date(2026, 2, 10) else 120
        db.session.add(entry)
    db.session.add(LogEntry(user_id=employee.id, day=TODAY, energy=5))  # not low by itself
    db.session.commit()


def test_build_up_setback_capacity_share_advice_and_agreement(
    live_server: str,
    open_tab: Callable[[str], Any],
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    freeze(monkeypatch, TODAY)
    employee, doctor = linked_pair(make_user, "Sanne", "Dokter Dirk")
    earlier_days(employee)

    tab = open_tab("employee")
    log_in(tab, live_server, employee)
    tab.goto(live_server + "/logboek/opbouw")
    assert_accessible(tab, "build-up plan")
    expect(tab.get_by_label("From")).to_have_value(TODAY.isoformat())  # filled in: two numbers
    tab.get_by_label("Hours a day").fill("2")
    tab.get_by_label("Days a week").fill("5")
    tab.get_by_role("button", name="Save period").click()
    expect(tab.get_by_text("2 hours a day on 5 days a week").first).to_be_visible()
    assert_accessible(tab, "build-up plan saved")

    tab.goto(live_server + "/logboek/trends")
    tab.get_by_role("button", name="Mark as a setback").click()  # one tap
    expect(tab.get_by_text("Marked as a setback.")).to_be_visible()
    assert_accessible(tab, "trends with a setback")

    tab.goto(live_server + "/logboek/belastbaarheid")
    tab.get_by_role("group", name="Working hours").get_by_label("Goes, with limits").check()
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_text("Saved. You can change it all week.")).to_be_visible()

    tab.goto(live_server + "/delen/nieuw")
    tab.get_by_label("Dokter Dirk").check()
    tab.get_by_label("My capacity per heading (own rating)").check()
    tab.get_by_label("My logbook").check()
    tab.get_by_label("My employer's name (optional)").fill("Gemeente Utrecht")
    tab.get_by_role("button", name="Next: check the texts").click()
    tab.get_by_role("button", name="Next: preview").click()
    expect(tab.locator(".crash-sentence")).to_contain_text("4 hours → setback after 2 days")
    tab.get_by_label("Yes, share it as it is").check()
    tab.get_by_role("button", name="Next: preview").click()
    expect(tab.locator(".share__evidence")).to_contain_text(
        "10 Feb: 4 hours worked, above the build-up plan of 2 hours a day, "
        "setback 2 days later, not recovered yet."
    )
    assert_accessible(tab, "share preview")
    tab.get_by_role("button", name=re.compile(r"^Share with Dokter Dirk")).click()

    reader = open_tab("doctor")
    log_in(reader, live_server, doctor)
    reader.goto(live_server + "/professional/")
    expect(reader.get_by_text("Gemeente Utrecht")).to_be_visible()
    reader.get_by_role("link", name="Summary from Sanne").click()
    expect(reader.get_by_text("Confidential medical information")).to_be_visible()
    glance = reader.locator(".share__overview")
    expect(glance.get_by_role("heading", name="At a glance")).to_be_visible()
    expect(glance).to_contain_text("Build-up, week of 9 February: 8 of 10 planned hours")
    expect(glance).to_contain_text("Setbacks, as Sanne put it:")
    expect(glance).to_contain_text("4 hours → setback after 2 days")
    assert_accessible(reader, "doctor reads the summary")
    reader.get_by_label("Agreement 1", exact=True).fill("Keep to 2 hours a day for two weeks")
    reader.get_by_role("button", name="Send note and advice").click()
    expect(reader.get_by_text("Your note is sent.")).to_be_visible()

    tab.goto(live_server + "/")
    heads_up = tab.locator("section", has=tab.get_by_role("heading", name="New advice"))
    expect(heads_up).to_contain_text("Dokter Dirk sent advice with a reply to your summary")
    heads_up.get_by_role("link", name="See the advice and take it over").click()
    tab.get_by_role("button", name=re.compile("Take over.*Keep to 2 hours")).click()
    open_list = tab.locator("section", has=tab.get_by_role("heading", name="Open"))
    expect(open_list.get_by_text("Keep to 2 hours a day for two weeks")).to_be_visible()
    assert_accessible(tab, "advice taken over into the agreements")
    tab.goto(live_server + "/")
    expect(tab.get_by_role("heading", name="New advice")).to_have_count(0)
