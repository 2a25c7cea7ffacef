"""Register, log in, home, switch language, change a display option, log out — in Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_register_login_language_display_logout(live_server: str, page: Any) -> None:
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page, "landing")
    page.get_by_role("link", name="Account aanmaken").first.click()
    assert_accessible(page, "register")
    page.get_by_label("Je naam").fill("Noor")
    page.get_by_label("E-mailadres").fill("noor@example.com")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Maak mijn account").click()
    expect(page.get_by_role("heading", name="Hallo Noor")).to_be_visible()
    assert_accessible(page, "employee home")

    # log out and back in with the keyboard only
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(page, "login")
    page.get_by_label("E-mailadres").fill("noor@example.com")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hallo Noor")).to_be_visible()

    # switch language: remembered across pages
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page, "account (en)")

    # display option: larger text and dark colours apply to <html>
    page.get_by_label("Larger text").check()
    page.get_by_label("Dark background").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("html")).to_have_class(re.compile(r"text-large.*theme-dark"))
    assert_accessible(page, "account dark + large")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(live_server + "/account/")
    expect(page).to_have_url(re.compile(r"/inloggen\?next=/account/"))


def test_skip_link_and_focus_are_keyboard_reachable(live_server: str, page: Any) -> None:
    page.goto(live_server + "/inloggen")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Naar de inhoud" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("role", ["coach", "professional", "admin"])
def test_staff_homes_are_accessible(role: str, live_server: str, page: Any, make_user: Any) -> None:
    user = make_user(role=role, name=f"Test {role}")
    page.goto(live_server + "/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page, f"{role} home")
