"""Change the e-mail address in Chromium: the form, the link from the new inbox, log in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_change_email_address(live_server: str, page: Any, make_user: Any, mailbox: Any) -> None:
    user = make_user(email="oud@example.org")
    log_in(page, live_server, user)
    page.get_by_role("link", name="Change e-mail address").click()
    assert_accessible(page, "change e-mail")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("Fill in your e-mail address.").first).to_be_visible()
    assert_accessible(page, "change e-mail with errors")
    page.get_by_label("New e-mail address").fill("nieuw@example.org")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("We sent a link to your new address.")).to_be_visible()
    body = next(
        b for m, b in zip(mailbox.messages, mailbox.bodies(), strict=True) if m["To"] != user.email
    )
    link = re.search(r"http://localhost(/\S+)", body)
    assert link is not None
    page.goto(live_server + link.group(1))
    assert_accessible(page, "confirm e-mail")
    page.get_by_role("button", name="Yes, use this address").click()
    expect(page.get_by_text("Your e-mail address is changed.")).to_be_visible()
    page.get_by_label("E-mail address").fill("nieuw@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
