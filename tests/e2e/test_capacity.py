"""The weekly capacity self-rating on a phone, then shared in a summary — Chromium."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal import clock
from portal.auth.models import User
from portal.db import db
from portal.logbook.models import BuildUpStep, LogEntry
from tests.e2e.conftest import assert_accessible, linked_pair, log_in
from tests.e2e.test_advice import PHONE, fits_the_phone

pytestmark = pytest.mark.e2e


def test_rate_capacity_and_share_it(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    eva, _doctor = linked_pair(make_user)
    yesterday = clock.today() - dt.timedelta(days=1)
    db.session.add(
        BuildUpStep(
            user_id=eva.id,
            starts_on=yesterday - dt.timedelta(days=30),
            minutes_per_day=120,
            days_per_week=5,
        )
    )
    db.session.add(LogEntry(user_id=eva.id, day=yesterday, energy=5, minutes_worked=240))
    db.session.commit()
    tab = open_tab("employee")
    tab.set_viewport_size(PHONE)
    log_in(tab, live_server, eva)
    tab.goto(live_server + "/logboek/belastbaarheid")
    tab.get_by_role("button", name="Save").click()
    expect(tab.locator("#error-summary")).to_contain_text(
        "Choose how it goes for at least one heading."
    )
    assert_accessible(tab, "capacity with an error")
    personal = tab.get_by_role("group", name="Personal functioning")
    personal.get_by_label("Goes, with limits").check()
    tab.get_by_label("Personal functioning: an example").fill("Two hours of reading works")
    tab.get_by_role("group", name="Physical environment").get_by_label("Does not go yet").check()
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_text("Saved. You can change it all week.")).to_be_visible()
    assert fits_the_phone(tab)
    assert_accessible(tab, "capacity saved")

    tab.goto(live_server + "/delen/nieuw")
    tab.get_by_label(re.compile("Dirk")).check()
    tab.get_by_label("My capacity per heading (own rating)").check()
    tab.get_by_role("button", name="Next: check the texts").click()
    part = tab.get_by_role("textbox", name="My capacity per heading (own rating)")
    expect(part).to_have_value(
        re.compile(r"Personal functioning: Goes, with limits \(Two hours of reading works\)")
    )
    expect(part).to_have_value(re.compile("Physical environment: Does not go yet"))
    tab.get_by_role("button", name="Next: preview").click()
    # The dated facts under the heading, seen before sharing
    facts = tab.locator(".share__evidence")
    expect(facts.get_by_role("heading", name=re.compile("From the logbook"))).to_be_visible()
    expect(facts).to_contain_text(
        re.compile(r"\d+ \w+: 4 hours worked, above the build-up plan of 2 hours a day\.")
    )
    assert fits_the_phone(tab)
    assert_accessible(tab, "capacity facts in the preview")
    tab.get_by_role("button", name="Share with Dirk").click()
    expect(tab.get_by_text("Two hours of reading works", exact=False)).to_be_visible()
