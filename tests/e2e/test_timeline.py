"""Set the first sick day in Chromium, read the timeline, check it with axe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from portal import clock
from portal.auth.models import User
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_set_first_sick_day_and_read_the_timeline(
    live_server: str, page: Any, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "_frozen", datetime(2026, 2, 10, 12, 0, tzinfo=UTC))
    user = make_user(name="Sam")
    page.goto(live_server + "/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("link", name="Mijn tijdlijn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn tijdlijn")
    assert_accessible(page, "timeline without a date")

    # a date in the future is refused, with the message at the field
    page.get_by_label("Eerste ziektedag", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Laat mijn tijdlijn zien").click()
    expect(page.locator("#error-summary")).to_contain_text("niet in de toekomst")
    assert_accessible(page, "timeline with an error")

    page.get_by_label("Eerste ziektedag", exact=True).fill("2026-01-05")
    page.get_by_role("button", name="Laat mijn tijdlijn zien").click()
    expect(page.get_by_text("Je eerste ziektedag is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Week 6 van je verzuim")).to_be_visible()
    analysis = page.locator("#stap-probleemanalyse")
    expect(analysis).to_contain_text("15 februari 2026")
    expect(analysis.locator(".timeline__label")).to_have_text("Nu")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_accessible(page, "timeline with a date")

    # the next step opens its details; the link in the summary jumps to it
    page.get_by_role("link", name="Plan van aanpak met je werkgever", exact=True).click()
    expect(page.locator("#stap-plan-van-aanpak details")).to_have_attribute("open", "")

    with page.expect_download() as download:
        page.get_by_role("link", name="Zet deze data in je agenda").click()
    assert download.value.suggested_filename == "tijdlijn.ics"

    page.get_by_text("Mijn eerste ziektedag weghalen").click()  # asks first
    page.get_by_role("button", name="Ja, verwijder mijn eerste ziektedag").click()
    expect(page.get_by_text("Je eerste ziektedag is weggehaald.")).to_be_visible()
    expect(page.locator("ol.timeline")).to_have_count(0)
