"""Plan a talk, set a goal, open the card, look back, mark an agreement done — in Chromium."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from portal.consults import cli, services, views, views_lookback
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

#: Tuesday 10 March 2026, 10:00 in the Netherlands.
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_the_whole_loop_of_a_talk(
    live_server: str, page: Any, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (services, views, views_lookback, cli):
        monkeypatch.setattr(module, "now", lambda: NOW)
    user = make_user(name="Sam")
    page.goto(live_server + "/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_be_visible()

    # English until the Dutch catalog is merged; the flow is the same in both languages
    page.goto(live_server + "/gesprekken/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My talks")
    assert_accessible(page, "talks, empty")

    page.get_by_role("link", name="Plan a talk").click()
    assert_accessible(page, "plan a talk")
    page.get_by_label("Date").fill("2026-03-10")
    page.get_by_label("Time").fill("14:00")
    page.get_by_label("Bedrijfsarts (company doctor)").check()
    page.get_by_role("button", name="Plan this talk").click()
    expect(page.get_by_text("Your talk is planned.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedrijfsarts")
    assert_accessible(page, "talk overview")

    page.get_by_role("link", name="My goals").click()
    page.get_by_label("Goal 1").fill("We agree on a plan to build up my hours")
    assert_accessible(page, "goals step")
    page.get_by_role("button", name="Save and go to the next step").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed")
    expect(page.get_by_role("navigation", name="Preparation steps")).to_contain_text("✓")
    assert_accessible(page, "what changed step")
    page.get_by_role("button", name="Save and go back to the talk").click()

    page.get_by_role("link", name="Talk card: to print or show on your phone").click()
    expect(page.locator(".talk-card__goals")).to_contain_text("build up my hours")
    assert_accessible(page, "talk card")
    page.get_by_role("link", name="Back to the talk").click()

    page.get_by_role("link", name="Werkgeversversie").click()
    expect(page.get_by_role("heading", name="Agreements and what I can do")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("build up my hours")
    assert_accessible(page, "werkgeversversie")
    page.get_by_role("link", name="Back to the talk").click()

    page.get_by_role("link", name="Look back on this talk").click()
    assert_accessible(page, "look back")
    page.get_by_role("group", name="Goal 1").get_by_label("Reached", exact=True).check()
    page.get_by_role("group", name="Did the talk go well?").get_by_label("4").check()
    page.get_by_role("group", name="Did you feel understood?").get_by_label("5").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved. Did you make agreements?")).to_be_visible()
    page.get_by_label("What was agreed?").fill("Try three mornings of 3 hours")
    page.get_by_label("By when? (optional)").fill("2026-03-24")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#afspraken")).to_contain_text("Try three mornings of 3 hours")
    assert_accessible(page, "look back with an agreement")

    page.get_by_role("link", name="All my agreements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My agreements")
    assert_accessible(page, "agreements")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("heading", name="Done", exact=True)).to_be_visible()
    expect(page.get_by_text("No open agreements.")).to_be_visible()
    assert_accessible(page, "agreements, one done")

    page.get_by_role("link", name="My figures").click()
    expect(page.get_by_role("table")).to_contain_text("100%")
    assert_accessible(page, "my figures")
