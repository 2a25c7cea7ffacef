"""Recording who treats you on a phone, then sharing it in a summary — Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from tests.e2e.conftest import (
    assert_accessible,
    assert_accessible_without_js,
    linked_pair,
    log_in,
    no_script_tab,
)
from tests.e2e.test_advice import PHONE, fits_the_phone

pytestmark = pytest.mark.e2e


def test_record_two_treaters_and_share_them(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    eva, _doctor = linked_pair(make_user)
    tab = open_tab("employee")
    tab.set_viewport_size(PHONE)
    log_in(tab, live_server, eva)
    tab.goto(live_server + "/dossier/")
    tab.get_by_role("link", name="My treatment").click()
    expect(tab.get_by_role("heading", name="My treatment", exact=True)).to_be_visible()
    expect(tab.get_by_text("it covers one specific question")).to_be_visible()
    assert fits_the_phone(tab)
    assert_accessible(tab, "treatment, empty")

    first = tab.get_by_role("group", name="Treater 1", exact=True)
    first.get_by_label("Who treats you?").select_option(label="Psychologist or psychotherapist")
    first.get_by_label("In your own words (optional)").fill("GZ-psycholoog")
    first.get_by_label("Since when? (optional)").fill("maart")  # not a date: said, and kept
    first.get_by_label("How often? (optional)").fill("every week")
    first.get_by_role("group", name="May your bedrijfsarts contact this treater?").get_by_label(
        "Yes"
    ).check()
    second = tab.get_by_role("group", name="Treater 2", exact=True)
    second.get_by_label("Who treats you?").select_option(label="Physiotherapist")
    waiting = second.get_by_role("group", name="Are you on a waiting list for this treatment?")
    waiting.get_by_label("Yes").check()
    second.get_by_label("For what, and for how long? (optional)").fill("rehab, 3 months")
    tab.get_by_role("button", name="Save my treatment").click()
    expect(tab.locator("#error-summary")).to_contain_text(
        "Treater 1: Write a month or a date, for example 03-2026 or 15-03-2026."
    )
    expect(first.get_by_label("In your own words (optional)")).to_have_value("GZ-psycholoog")
    expect(second.get_by_label("For what, and for how long? (optional)")).to_have_value(
        "rehab, 3 months"
    )
    assert_accessible(tab, "treatment with an error")
    first.get_by_label("Since when? (optional)").fill("03-2025")
    tab.get_by_role("button", name="Save my treatment").click()
    expect(tab.get_by_text("Your treatment is saved.")).to_be_visible()
    expect(tab.get_by_role("group", name="Treater 3", exact=True)).to_be_visible()
    assert fits_the_phone(tab)
    assert_accessible(tab, "treatment saved")

    tab.goto(live_server + "/delen/nieuw")
    tab.get_by_label(re.compile("Dirk")).check()
    tab.get_by_label("Treatment", exact=True).check()
    tab.get_by_role("button", name="Next: check the texts").click()
    part = tab.get_by_role("textbox", name="Treatment")
    expect(part).to_have_value(
        re.compile(
            r"- Psychologist or psychotherapist \(GZ-psycholoog\): since March 2025, every "
            r"week\. My bedrijfsarts may contact this treater\."
        )
    )
    expect(part).to_have_value(
        re.compile(r"- Physiotherapist: on a waiting list: rehab, 3 months\. I have not decided")
    )
    expect(part).to_have_value(re.compile("this summary is not that consent"))
    assert fits_the_phone(tab)
    assert_accessible(tab, "treatment lines in the text step")


def test_the_treatment_page_works_without_javascript(
    live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    eva = make_user(name="Eva")
    tab = no_script_tab(browser, PHONE["width"])
    try:
        log_in(tab, live_server, eva)
        tab.goto(live_server + "/dossier/behandeling")
        first = tab.get_by_role("group", name="Treater 1", exact=True)
        first.get_by_label("Who treats you?").select_option(label="Someone else")
        tab.get_by_role("button", name="Save my treatment").click()
        expect(tab.locator("#error-summary")).to_contain_text("Write who treats you")
        first.get_by_label("In your own words (optional)").fill("Haptotherapist")
        tab.get_by_role("button", name="Save my treatment").click()
        expect(tab.get_by_text("Your treatment is saved.")).to_be_visible()
        expect(first.get_by_label("In your own words (optional)")).to_have_value("Haptotherapist")
        assert fits_the_phone(tab)
        assert_accessible_without_js(tab, "treatment without JavaScript")
    finally:
        tab.context.close()
