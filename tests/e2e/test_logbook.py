"""Fill in today's logbook with the keyboard in Chromium, then read the week and the trends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.logbook.models import LogEntry
from tests.conftest import PASSWORD, freeze
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

TODAY = dt.date(2026, 2, 10)


def test_log_a_day_with_the_keyboard_then_see_week_and_trends(
    live_server: str, page: Any, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, TODAY)
    user = make_user(name="Sam")
    for n in range(2, 12):  # earlier days, with a gap on the 4th day back
        if n != 4:
            entry = LogEntry(user_id=user.id, day=TODAY - dt.timedelta(days=n), energy=n % 7)
            entry.minutes_worked, entry.minutes_planned, entry.complaint_level = 120, 180, 3
            db.session.add(entry)
    db.session.commit()

    page.goto(live_server + "/inloggen?lang=en")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Logbook", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My logbook")
    assert_accessible(page, "logbook today")

    # keyboard only: pick energy with the arrow keys, tab to the hours, Enter saves
    page.locator("#energy-5").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#energy-6")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#hours_worked")).to_be_focused()
    page.keyboard.type("2,5")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved. You can change it at any time.")).to_be_visible()
    expect(page.get_by_text("Today is filled in. You can change it here.")).to_be_visible()
    db.session.expire_all()
    saved = db.session.scalar(select(LogEntry).where(LogEntry.day == TODAY))
    assert saved is not None and (saved.energy, saved.minutes_worked) == (6, 150)
    assert_accessible(page, "logbook after saving")

    page.get_by_role("navigation", name="Logbook pages").get_by_role("link", name="Week").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week of")
    expect(page.locator("tr.is-logged")).to_have_count(1)  # today; Monday 9 was not filled in
    expect(page.locator("tr.is-missing")).to_have_count(1)
    expect(page.locator("tr.is-future")).to_have_count(5)
    assert_accessible(page, "logbook week")

    page.get_by_role("link", name="Previous week").click()
    expect(page.locator("tr.is-missing")).to_have_count(1)
    expect(page.get_by_text("Not filled in", exact=True)).to_have_count(1)

    page.get_by_role("navigation", name="Logbook pages").get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trends")
    expect(page.get_by_role("img", name="Energy per day")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(3)
    page.get_by_text("Show the figures per week").first.click()
    expect(page.get_by_role("table", name="Average energy per week")).to_be_visible()
    assert_accessible(page, "logbook trends")

    page.get_by_role("navigation", name="Logbook pages").get_by_role("link", name="Month").click()
    expect(page.get_by_role("table")).to_have_count(1)
    assert_accessible(page, "logbook month")


def test_autosave_keeps_a_day_without_pressing_save(
    live_server: str, page: Any, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, TODAY)
    user = make_user()
    page.goto(live_server + "/inloggen?lang=en")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server + "/logboek/dag/2026-02-06")
    page.get_by_text("More about this day (optional)").click()
    page.get_by_label("Note", exact=True).fill("Kort overleg, daarna rust")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Not saved yet")  # energy still missing: kept on the device
    page.reload()
    expect(status).to_contain_text("We put back what you typed")
    expect(page.get_by_label("Note", exact=True)).to_have_value("Kort overleg, daarna rust")
    page.locator("#energy-3").check()
    expect(status).to_have_text("Saved automatically.")
    db.session.expire_all()
    saved = db.session.scalar(select(LogEntry).where(LogEntry.user_id == user.id))
    assert saved is not None and saved.energy == 3 and saved.note == "Kort overleg, daarna rust"
    assert saved.is_backfilled
    assert_accessible(page, "logbook day page")
