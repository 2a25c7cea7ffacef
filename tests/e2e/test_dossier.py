"""Employee keeps a dossier, records the plan, exports "my view", shares it by code; a
browser without an account opens it with the code, and not after a wrong code or revoke."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from portal.auth.models import Role, User
from portal.consults.services import local_today
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_dossier_plan_my_view_and_share_by_code(
    live_server: str, open_tab: Callable[[str], Any], make_user: Callable[..., User]
) -> None:
    eva = make_user(role=Role.EMPLOYEE, name="Eva")
    worker = open_tab("employee")
    worker.set_viewport_size({"width": 390, "height": 844})
    log_in(worker, live_server, eva)
    worker.goto(live_server + "/dossier/")
    expect(worker.get_by_role("heading", level=1)).to_have_text("My dossier")
    assert_accessible(worker, "dossier: empty")

    # a contact: open the form, fill it in, save
    worker.get_by_role("link", name="Add a contact").click()
    worker.get_by_label("Date").fill(local_today().isoformat())
    worker.get_by_label("Phone").check()
    worker.get_by_label(re.compile("^Role")).fill("casemanager")
    worker.get_by_label("What was said").fill("We spoke about two hours a day.")
    assert_accessible(worker, "dossier: contact form")
    worker.get_by_role("button", name="Save").click()
    expect(worker.get_by_text("Added to your dossier.")).to_be_visible()
    expect(worker.get_by_text("We spoke about two hours a day.")).to_be_visible()
    assert_accessible(worker, "dossier: one contact")

    # the plan and one revision
    worker.get_by_role("link", name="Record the plan van aanpak").click()
    worker.get_by_label("Date of the plan").fill("2026-01-10")
    worker.get_by_label("Return to my own work").check()
    worker.get_by_label("Steps").fill("Start with 2 hours a day; me and my manager; 01-02-2026")
    worker.locator("input[name=is_agreed][value=yes]").check()
    worker.get_by_role("button", name="Save the plan").click()
    expect(worker.get_by_text("Your plan van aanpak is saved.")).to_be_visible()
    worker.get_by_label("Date of the revision").fill("2026-01-05")
    worker.get_by_label("Reason").fill("More hours after the evaluation.")
    worker.locator("input[name='bijstelling-is_agreed'][value=no]").check()
    worker.get_by_role("button", name="Add the revision").click()
    expect(worker.locator("#error-summary")).to_contain_text("before the plan")
    assert_accessible(worker, "plan: revision refused")
    worker.get_by_label("Date of the revision").fill("2026-03-01")
    worker.get_by_role("button", name="Add the revision").click()
    expect(worker.get_by_text("The revision is added to your plan.")).to_be_visible()
    assert_accessible(worker, "plan with a revision")

    # change the revision: a date before the plan is refused, then the change is saved
    worker.locator("a[href*='/bijstelling/'][href$='/wijzigen']").click()
    expect(worker.get_by_label("Reason")).to_have_value("More hours after the evaluation.")
    worker.get_by_label("Date of the revision").fill("2026-01-05")
    worker.get_by_role("button", name="Save the change").click()
    expect(worker.locator("#error-summary")).to_contain_text("before the plan")
    assert_accessible(worker, "plan: revision change refused")
    worker.get_by_label("Date of the revision").fill("2026-03-02")
    worker.get_by_label("Reason").fill("More hours after the second evaluation.")
    worker.get_by_role("button", name="Save the change").click()
    expect(worker.get_by_text("Your change is saved.")).to_be_visible()
    expect(worker.get_by_text("More hours after the second evaluation.")).to_be_visible()

    # my view, as PDF
    worker.goto(live_server + "/dossier/mijn-kijk")
    expect(worker.get_by_text("More hours after the second evaluation.")).to_be_visible()
    assert_accessible(worker, "my view: preview")
    with worker.expect_download() as download:
        worker.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == "mijn-kijk.pdf"

    # share a summary with the dossier by code: the recipient choice in /delen/nieuw
    worker.get_by_role("link", name="Share this period in a summary").click()
    expect(worker).to_have_url(re.compile("/delen/nieuw"))
    expect(worker.get_by_label("From my dossier")).to_be_checked()
    worker.get_by_label(re.compile("Someone without an account")).check()
    worker.get_by_label("Their name").fill("Dr. Visser")
    worker.get_by_label("Their role").fill("werkgever")
    worker.get_by_label("In my own words", exact=True).check()
    worker.get_by_role("button", name="Next: check the texts").click()
    expect(worker.locator("#error-summary")).to_contain_text("Your employer may not receive")
    assert_accessible(worker, "share by code: employer refused")
    worker.get_by_label("Their role").fill("verzekeringsarts")
    worker.get_by_role("button", name="Next: check the texts").click()
    expect(worker.get_by_text("We spoke about two hours a day.")).to_be_visible()
    worker.get_by_label("In my own words", exact=True).fill("I would like to discuss the build-up.")
    assert_accessible(worker, "share by code: texts")
    worker.get_by_role("button", name="Next: preview").click()
    expect(worker.get_by_text("This is exactly what Dr. Visser will see")).to_be_visible()
    expect(worker.get_by_text("I would like to discuss the build-up.")).to_be_visible()
    expect(worker.get_by_label("1 week")).to_be_checked()
    assert_accessible(worker, "share by code: preview")
    worker.get_by_role("button", name="Make the link and code for Dr. Visser").click()
    link = worker.locator("#share-link").input_value()
    code = worker.locator("#share-code").inner_text()
    assert "/inzien/" in link and re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert_accessible(worker, "share by code: link and code")
    detail_url = worker.url

    # a browser without an account: wrong code, then the right one
    guest = open_tab("recipient")
    guest.set_viewport_size({"width": 390, "height": 844})
    guest.goto(link)
    assert_accessible(guest, "recipient: code page")
    guest.get_by_label("Code").fill("AAAA-BBBB")
    guest.locator("main form button[type=submit]").click()
    expect(guest.locator("#error-summary")).to_be_visible()
    expect(guest.get_by_text("We spoke about two hours a day.")).to_have_count(0)
    guest.get_by_label("Code").fill(code)
    guest.locator("main form button[type=submit]").click()
    expect(guest.get_by_text("We spoke about two hours a day.")).to_be_visible()
    expect(guest.get_by_text("I would like to discuss the build-up.")).to_be_visible()
    assert_accessible(guest, "recipient: shared summary")
    with guest.expect_download() as pdf:
        guest.locator("form[action$='/pdf'] button").click()
    assert pdf.value.suggested_filename.endswith(".pdf")

    # revoke: a fresh browser with the right code is refused
    worker.goto(detail_url)
    worker.get_by_role("button", name="Stop this link").click()
    expect(worker.get_by_text("You stopped this link.")).to_be_visible()
    late = open_tab("late-recipient")
    late.goto(link)
    expect(late.get_by_role("heading", level=1)).to_have_text(re.compile("link"))
    expect(late.get_by_label("Code")).to_have_count(0)

    # the employee sees both uses in the access log, with the name they gave
    worker.goto(live_server + "/account/toegang")
    expect(worker.get_by_role("cell", name=re.compile("Dr. Visser"))).to_have_count(2)
    assert_accessible(worker, "access log with code opens")
