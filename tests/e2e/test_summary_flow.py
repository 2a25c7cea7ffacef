"""Build-up plan and a setback in a few taps, shared; the doctor reads the first page — Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from tests.e2e.conftest import assert_accessible, linked_pair, log_in

pytestmark = pytest.mark.e2e


def test_build_up_setback_share_and_first_page(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    employee, doctor = linked_pair(make_user, "Sanne", "Dokter Dirk")

    tab = open_tab("employee")
    log_in(tab, live_server, employee)
    tab.goto(live_server + "/logboek/opbouw")
    assert_accessible(tab, "build-up plan")
    tab.get_by_label("From").fill("2026-01-05")
    tab.get_by_label("Hours a day").fill("3")
    tab.get_by_label("Days a week").fill("3")
    tab.get_by_role("button", name="Save period").click()
    expect(tab.get_by_text("3 hours a day on 3 days a week").first).to_be_visible()
    assert_accessible(tab, "build-up plan saved")

    tab.goto(live_server + "/logboek/trends")
    tab.get_by_role("button", name="Mark as a setback").click()  # one tap
    expect(tab.get_by_text("Marked as a setback.")).to_be_visible()
    assert_accessible(tab, "trends with a setback")

    tab.goto(live_server + "/delen/nieuw")
    tab.get_by_label("Dokter Dirk").check()
    tab.get_by_label("My logbook").check()
    tab.get_by_label("My employer's name (optional)").fill("Gemeente Utrecht")
    tab.get_by_role("button", name="Next: check the texts").click()
    tab.get_by_role("button", name="Next: preview").click()
    assert_accessible(tab, "share preview")
    tab.get_by_role("button", name=re.compile(r"^Share with Dokter Dirk")).click()

    reader = open_tab("doctor")
    log_in(reader, live_server, doctor)
    reader.goto(live_server + "/professional/")
    expect(reader.get_by_text("Gemeente Utrecht")).to_be_visible()
    reader.get_by_role("link", name="Summary from Sanne").click()
    expect(reader.get_by_text("Confidential medical information")).to_be_visible()
    expect(reader.get_by_role("heading", name="At a glance")).to_be_visible()
    assert_accessible(reader, "doctor reads the summary")
