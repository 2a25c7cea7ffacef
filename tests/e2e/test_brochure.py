"""The Werkwijzer in Chromium: contents, a chapter, the obstacles filter, axe on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.brochure import content
from tests.brochure.conftest import CONTENT
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

CHAPTERS = content.load(CONTENT).chapters["nl"]


def test_read_the_werkwijzer_and_filter_the_obstacles(live_server: str, page: Any) -> None:
    page.goto(live_server + "/werkwijzer/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("link", name=f"1. {CHAPTERS[0].title}")).to_be_visible()
    assert_accessible(page, "brochure contents")

    # search without JavaScript help: a plain GET form
    page.locator("#q").fill("patientenorganisatie")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=patientenorganisatie"))
    expect(page.locator("#results-title + ol a").first).to_be_visible()
    assert_accessible(page, "brochure search")

    page.get_by_role("link", name=f"1. {CHAPTERS[0].title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHAPTERS[0].title)
    read_aloud = page.locator(".read-aloud-button")
    if page.evaluate("'speechSynthesis' in window"):
        expect(read_aloud).to_be_visible()  # the script un-hides it where speech works
    else:
        expect(read_aloud).to_be_hidden()
    assert_accessible(page, "chapter")
    page.locator('.pager a[rel="next"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHAPTERS[1].title)

    page.goto(live_server + "/werkwijzer/belemmeringen-en-oplossingen")
    rows = page.locator(".obstacles-table tbody tr")
    total = rows.count()
    assert total > 10
    page.locator("#aandoening").select_option("lage-rug")
    page.locator("#obstacle-filter button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"aandoening=lage-rug#obstacles$"))
    expect(page.locator("#aandoening")).to_have_value("lage-rug")
    assert 0 < rows.count() < total
    expect(page.locator("#obstacle-rug-werkplek")).to_be_visible()
    expect(page.locator("#obstacle-psychisch-weinig-druk")).to_have_count(0)
    assert_accessible(page, "obstacles filtered")

    page.goto(live_server + "/werkwijzer/afdrukken")
    expect(page.locator("article.brochure-chapter")).to_have_count(len(CHAPTERS))
    assert_accessible(page, "print view")


def test_employee_rates_a_chapter(live_server: str, page: Any, make_user: Any) -> None:
    from tests.conftest import PASSWORD

    user = make_user()
    page.goto(live_server + "/inloggen?next=/werkwijzer/hulpbronnen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Was dit nuttig?")).to_be_visible()
    page.get_by_role("group", name=re.compile("Hoe nuttig")).get_by_label("8", exact=True).check()
    page.get_by_role("group", name=re.compile("aanraden")).get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Bewaar mijn antwoord").click()
    expect(page.get_by_text("Je antwoord is bewaard")).to_be_visible()
    assert_accessible(page, "chapter with feedback")
