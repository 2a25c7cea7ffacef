"""The sentence about setbacks is approved before sharing, on a phone — Chromium."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal import clock
from portal.auth.models import User
from portal.db import db
from portal.logbook.models import LogEntry
from tests.e2e.conftest import assert_accessible, linked_pair, log_in
from tests.e2e.test_advice import PHONE, fits_the_phone

pytestmark = pytest.mark.e2e


def test_the_employee_rephrases_the_setback_sentence_before_sharing(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    eva, _doctor = linked_pair(make_user)
    first = clock.today() - dt.timedelta(days=9)
    values = [(6, 120)] * 4 + [(6, 240), (6, 120), (3, 0), (4, 60), (6, 120)]
    for n, (energy, minutes) in enumerate(values):
        db.session.add(
            LogEntry(
                user_id=eva.id,
                day=first + dt.timedelta(days=n),
                energy=energy,
                minutes_worked=minutes,
            )
        )
    db.session.commit()
    tab = open_tab("employee")
    tab.set_viewport_size(PHONE)
    log_in(tab, live_server, eva)
    tab.goto(live_server + "/delen/nieuw")
    tab.get_by_label("Dirk").check()
    tab.get_by_label("My logbook").check()
    tab.get_by_role("button", name="Next: check the texts").click()
    tab.get_by_role("button", name="Next: preview").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("The sentence about setbacks")
    expect(tab.locator(".crash-sentence")).to_have_text(
        "4 hours → setback after 2 days, 2 days of recovery."
    )
    tab.get_by_role("button", name="Next: preview").click()
    expect(tab.locator("#error-summary")).to_contain_text("Choose whether this sentence is shared.")
    assert fits_the_phone(tab)
    assert_accessible(tab, "setback sentence with an error")
    tab.get_by_label("Share it in my own words (below)").check()
    tab.get_by_role("textbox", name="In my own words").fill("4 hours is too much for now.")
    tab.get_by_role("button", name="Next: preview").click()
    expect(tab.get_by_text("Setbacks, as Eva put it: 4 hours is too much for now.")).to_be_visible()
    assert_accessible(tab, "preview with the approved sentence")
    tab.get_by_role("button", name="Share with Dirk").click()
    expect(tab.get_by_text("Shared. You can stop sharing at any time.")).to_be_visible()
    expect(tab.get_by_text("Setbacks, as Eva put it: 4 hours is too much for now.")).to_be_visible()
