"""Follow a lesson in Chromium: type, autosave, reload, mark done; take the self-check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_lesson_autosave_done_and_self_check(
    live_server: str, page: Any, make_user: Callable[..., User]
) -> None:
    user = make_user(name="Sam")
    page.goto(live_server + "/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.goto(live_server + "/leren/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning and exercises")
    assert_accessible(page, "modules")
    page.get_by_role("link", name="Your situation in focus").click()
    assert_accessible(page, "module page")
    page.get_by_role("link", name="A sharp picture of what you can do").click()
    assert_accessible(page, "lesson")

    # typing saves by itself; a reload shows the words again
    page.get_by_label("What (line 1)").fill("Cycling to the shop")
    page.get_by_role("group", name="Can you do this now? (line 1)").get_by_label(
        "I can", exact=True
    ).check()
    page.get_by_label("Example (line 1)").fill("Twice a week, slowly")
    expect(page.locator("#autosave-status")).to_have_text("Saved")
    page.reload()
    expect(page.get_by_label("What (line 1)")).to_have_value("Cycling to the shop")
    expect(page.get_by_label("Example (line 1)")).to_have_value("Twice a week, slowly")

    page.get_by_role("button", name="Save and mark as done").click()
    expect(page.locator(".flash--success")).to_contain_text("marked as done")
    expect(page.get_by_role("button", name="Mark as not done")).to_be_visible()

    page.goto(live_server + "/leren/zelfcheck/")
    assert_accessible(page, "self-checks")
    page.get_by_role("link", name="Take the self-management check").click()
    assert_accessible(page, "self-management check")
    for radio in page.locator("input[type=radio][value='2']").all():
        radio.check()
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your result")
    expect(page.get_by_role("heading", name="What could help")).to_be_visible()
    assert_accessible(page, "self-check result")
    page.get_by_role("link", name="Back to the self-checks").click()
    expect(page.locator(".learning-chart svg circle")).to_have_count(1)
    assert_accessible(page, "self-checks with history")
