"""Employee shares a summary, the professional reads and replies, the employee revokes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from tests.e2e.conftest import assert_accessible, linked_pair, log_in

pytestmark = pytest.mark.e2e


def test_share_read_reply_and_revoke(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    eva, dirk = linked_pair(make_user)
    worker, doctor = open_tab("employee"), open_tab("professional")

    log_in(worker, live_server, eva)
    worker.get_by_role("link", name="Sharing").first.click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("My shared summaries")
    assert_accessible(worker, "employee: empty list")
    worker.get_by_role("link", name="Share a new summary").click()
    worker.get_by_role("button", name="Next: check the texts").click()
    expect(worker.locator("#error-summary")).to_contain_text("Choose who you want to share with.")
    assert_accessible(worker, "employee: step 1 with errors")
    worker.get_by_label(re.compile("Dirk")).check()
    worker.get_by_label("In my own words", exact=True).check()
    worker.get_by_label("My logbook").check()
    worker.get_by_role("button", name="Next: check the texts").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Check the texts")
    assert_accessible(worker, "employee: step 2")
    worker.get_by_role("textbox", name="In my own words").fill("Mornings work best for me.")
    worker.get_by_role("button", name="Next: preview").click()
    expect(worker.get_by_text("This is exactly what Dirk will see.")).to_be_visible()
    expect(worker.get_by_text("Mornings work best for me.")).to_be_visible()
    assert_accessible(worker, "employee: step 3 preview")
    worker.get_by_label("30 days").check()
    worker.get_by_role("button", name="Share with Dirk").click()
    expect(worker.get_by_text("Shared. You can stop sharing at any time.")).to_be_visible()
    expect(worker.get_by_text("Not opened yet.")).to_be_visible()
    assert_accessible(worker, "employee: share page")
    share_url = worker.url

    log_in(doctor, live_server, dirk)
    doctor.get_by_role("link", name="Received").first.click()
    assert_accessible(doctor, "professional: received list")
    doctor.get_by_role("link", name="Summary from Eva").click()
    expect(doctor.get_by_text("Mornings work best for me.")).to_be_visible()
    assert_accessible(doctor, "professional: share")
    received_url = doctor.url
    doctor.get_by_role("textbox", name="Your note to the employee").fill("See you on Tuesday.")
    doctor.get_by_role("button", name="Send note").click()
    expect(doctor.get_by_text("Your note is sent.")).to_be_visible()
    assert_accessible(doctor, "professional: note sent")

    worker.goto(share_url)
    expect(worker.get_by_text("See you on Tuesday.")).to_be_visible()
    expect(worker.get_by_text(re.compile("Opened for the first time"))).to_be_visible()
    worker.get_by_role("link", name="See every time it was opened").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Who has looked at my data")
    expect(worker.get_by_role("cell", name=re.compile("Dirk")).first).to_be_visible()
    assert_accessible(worker, "employee: access log")
    worker.goto(share_url)
    worker.get_by_role("button", name="Stop sharing").click()
    expect(worker.get_by_text("You stopped sharing this summary.")).to_be_visible()
    assert_accessible(worker, "employee: revoked")

    response = doctor.goto(received_url)
    assert response is not None and response.status == 404
    assert_accessible(doctor, "professional: 404 after revoke")
