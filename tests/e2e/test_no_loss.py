"""No loss in a real browser, on a phone and a desktop: what was typed survives every button."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.auth.models import EmployeeProfile, User
from portal.consults.models import Agreement, Consult
from portal.db import db
from portal.feedback.models import Feedback
from portal.learning.models import ModuleRemark
from portal.logbook.models import LogEntry
from portal.messages.models import Message
from portal.timeline.models import TimelineStep
from tests.e2e.conftest import (
    assert_accessible,
    assert_accessible_without_js,
    log_in,
    no_script_tab,
)
from tests.pages_by_role import seed

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [390, 1280])
def test_look_back_and_shortcuts_keep_what_was_typed(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    world = seed(make_user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    try:
        log_in(tab, live_server, world["employee"])
        tab.set_viewport_size({"width": width, "height": 844})
        tab.goto(live_server + f"/gesprekken/{world['talk']}/terugblik?lang=en")
        tab.get_by_label("What went well?").fill("The doctor listened")
        tab.get_by_label("What was agreed?").fill("Two hours a day")
        tab.get_by_role("button", name="Save", exact=True).click()
        expect(tab.get_by_text("Saved, with the new agreement.")).to_be_visible()
        assert_accessible(tab, f"look-back saved at {width}")
        db.session.expire_all()
        talk = db.session.get_one(Consult, world["talk"])
        assert talk.eval_good == "The doctor listened"
        assert [a.what for a in db.session.scalars(select(Agreement))] == ["Two hours a day"]

        # today filled in: the shortcut asks first, "no" keeps the day as it was
        tab.goto(live_server + "/logboek/")
        tab.get_by_role("radio", name="9").first.check()
        tab.get_by_role("button", name="Save", exact=True).first.click()
        tab.get_by_role("button", name="Same as yesterday").click()
        expect(tab.get_by_role("heading", name="Replace what you filled in today?")).to_be_visible()
        assert_accessible(tab, f"shortcut question at {width}")
        tab.get_by_role("link", name="No, keep what I filled in").click()
        db.session.expire_all()
        today = db.session.scalars(select(LogEntry).order_by(LogEntry.day.desc())).first()
        assert today is not None and today.energy == 9
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_saves_every_step_typed_in(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    # ten weeks sick: two steps now and next, six behind (the page has no script at all)
    world = seed(make_user)
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    try:
        log_in(tab, live_server, world["employee"])
        tab.goto(live_server + "/tijdlijn/?lang=en")
        expect(tab.locator("script")).to_have_count(0)  # so this is also the page without JS
        now = tab.locator("#stap-vervroegde-iva")
        now.get_by_label("Done").check()
        tab.get_by_text("steps behind you").click()
        past = tab.locator("#stap-probleemanalyse")
        past.get_by_label("Actual date, if it differs").fill("2026-11-03")
        assert_accessible(tab, f"timeline steps typed in at {width}")
        past.locator("xpath=ancestor::details").get_by_role("button", name="Save").click()
        expect(tab.get_by_text("Saved.")).to_be_visible()
        db.session.expire_all()
        noted = {
            s.step_id: (s.is_done, s.own_date) for s in db.session.scalars(select(TimelineStep))
        }
        assert noted == {
            "vervroegde-iva": (True, None),
            "probleemanalyse": (False, dt.date(2026, 11, 3)),
        }
        expect(tab.locator("#stap-vervroegde-iva").get_by_label("Done")).to_be_checked()
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_taking_back_a_message_keeps_the_draft_being_typed(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    world = seed(make_user)  # Sanne has a coach
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    try:
        log_in(tab, live_server, world["employee"])
        tab.goto(live_server + "/berichten/?lang=en")
        tab.get_by_label("Your message").fill("Can we talk on Friday?")
        tab.get_by_role("button", name="Send").click()
        expect(tab.get_by_text("Your message is sent.")).to_be_visible()
        tab.get_by_label("Your message").fill("Sorry, I meant Thursday at ten")
        tab.get_by_role("button", name="Take back").click()
        expect(tab.get_by_text("Your message is taken back.")).to_be_visible()
        expect(tab.get_by_label("Your message")).to_have_value("Sorry, I meant Thursday at ten")
        assert_accessible(tab, f"message taken back, draft kept at {width}")
        db.session.expire_all()
        sent = db.session.scalars(select(Message)).one()
        assert sent.retracted_at is not None
        tab.get_by_role("button", name="Send").click()
        expect(tab.get_by_text("Your message is sent.")).to_be_visible()
        expect(tab.locator(".message__body").last).to_have_text("Sorry, I meant Thursday at ten")
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_module_rating_and_remark_are_saved_together(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    world = seed(make_user)
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    try:
        log_in(tab, live_server, world["employee"])
        tab.goto(live_server + "/leren/jouw-situatie-in-beeld/?lang=en")
        useful = tab.get_by_role("group", name="How useful was this for you?")
        useful.get_by_label("8", exact=True).check()
        recommend = tab.get_by_role("group", name="Would you recommend it")
        recommend.get_by_label("9", exact=True).check()
        tab.get_by_label("Anything else you want to note").fill("Lesson 3 helped most")
        tab.get_by_role("button", name="Save my remark").click()
        expect(tab.get_by_text("Your remark is saved.")).to_be_visible()
        expect(tab.get_by_text("Thank you. Your answer is saved")).to_be_visible()
        assert_accessible(tab, f"module rating and remark saved at {width}")
        db.session.expire_all()
        given = db.session.scalars(select(Feedback)).one()
        assert (given.rating, given.recommend) == (8, 9)
        assert db.session.scalars(select(ModuleRemark)).one().remark == "Lesson 3 helped most"
        # the other button keeps the remark typed meanwhile
        tab.get_by_label("Anything else you want to note").fill("Lesson 2 too")
        recommend.get_by_label("10", exact=True).check()
        tab.get_by_role("button", name="Save my answer").click()
        expect(tab.get_by_label("Anything else you want to note")).to_have_value("Lesson 2 too")
        db.session.expire_all()
        assert db.session.scalars(select(Feedback)).one().recommend == 10
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_shortcuts_without_javascript_keep_what_was_typed(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    world = seed(make_user)  # two weeks of logbook: both shortcuts can work
    tab = no_script_tab(browser, width)
    try:
        log_in(tab, live_server, world["employee"])
        tab.goto(live_server + "/logboek/")
        tab.get_by_role("radio", name="9").first.check()
        tab.get_by_text("More about this day (optional)").click()
        tab.get_by_label("Note", exact=True).fill("Slecht geslapen door de buren")
        tab.get_by_role("button", name="Same as yesterday").click()
        expect(tab.get_by_role("heading", name="What you typed is not saved yet")).to_be_visible()
        expect(tab.get_by_text("Slecht geslapen door de buren")).to_be_visible()
        assert_accessible_without_js(tab, f"typed, shortcut question at {width}")
        assert today_entry() is None  # nothing replaced, nothing saved unasked
        tab.get_by_role("button", name="Save what I typed").click()
        expect(tab.get_by_text("Saved. You can change it at any time.")).to_be_visible()
        saved = today_entry()
        assert saved is not None and (saved.energy, saved.note) == (
            9,
            "Slecht geslapen door de buren",
        )

        # a saved day with a number changed but not saved: the other answer keeps the words
        tab.get_by_role("radio", name="2").first.check()
        tab.get_by_role("button", name="Usual day").click()
        expect(tab.get_by_role("heading", name="What was saved before")).to_be_visible()
        tab.get_by_role("button", name="Use my usual day").click()
        expect(tab.get_by_text("Today is filled in as a usual day.")).to_be_visible()
        assert_accessible_without_js(tab, f"usual day after typing at {width}")
        saved = today_entry()
        assert saved is not None and saved.energy not in (2, 9)  # the own average: 5 or 6
        assert saved.note == "Slecht geslapen door de buren"
    finally:
        tab.context.close()


def today_entry() -> LogEntry | None:
    """Today's logbook entry as stored now."""
    db.session.expire_all()
    return db.session.scalars(select(LogEntry).where(LogEntry.day == dt.date.today())).first()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_conversation_page_is_one_form_for_coach_and_employee(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    from portal.coach import services as coach_services
    from portal.coach.models import CoachNote, Ruler
    from portal.links.models import CareLink

    world = seed(make_user)  # Sanne has coach Ruud
    link = db.session.get_one(CareLink, world["link"])
    coach_services.offer_ruler(link)
    db.session.commit()
    contexts = []
    try:
        for person in ("coach", "employee"):
            context = browser.new_context(viewport={"width": width, "height": 844})
            contexts.append(context)
            tab = context.new_page()
            tab.set_default_timeout(10_000)
            log_in(tab, live_server, world[person])
            tab.goto(live_server + f"/berichten/{world['link']}?lang=en")
            reply = f"A reply from the {person}, not sent yet"
            tab.get_by_label("Your message").fill(reply)
            if person == "coach":
                tab.get_by_label("New note").fill("Ask about sleep next time")
                # Enter in the date field presses the page's first button: it changes nothing
                tab.get_by_label("Date of the next check-in").press("Enter")
                expect(tab.get_by_text("Nothing is sent or saved yet.")).to_be_visible()
                expect(tab.get_by_label("Your message")).to_have_value(reply)
                tab.get_by_role("button", name="Save note").click()
                expect(tab.get_by_text("Your note is saved.")).to_be_visible()
                assert db.session.scalars(select(CoachNote)).one().body == (
                    "Ask about sleep next time"
                )
            else:
                tab.get_by_role("group", name="How important").get_by_label("7").check()
                tab.get_by_role("group", name="How confident").get_by_label("4").check()
                tab.get_by_role("button", name="Save my numbers").click()
                expect(tab.get_by_text("Your coach sees your scores.")).to_be_visible()
                db.session.expire_all()
                assert db.session.scalars(select(Ruler)).one().importance == 7
            expect(tab.get_by_label("Your message")).to_have_value(reply)
            assert_accessible(tab, f"{person}: conversation, draft kept at {width}")
            tab.get_by_role("button", name="Send").click()
            expect(tab.locator(".thread .message__body").last).to_have_text(reply)
        db.session.expire_all()
        assert (
            db.session.scalars(select(Message).where(Message.retracted_at.is_not(None))).all() == []
        )
    finally:
        for context in contexts:
            context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_calendar_and_date_buttons_keep_typed_steps(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    world = seed(make_user)  # ten weeks sick
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        log_in(tab, live_server, world["employee"])
        tab.goto(live_server + "/tijdlijn/?lang=en")
        tab.locator("#stap-vervroegde-iva").get_by_label("Done").check()
        tab.get_by_role("button", name="Make a calendar link").click()
        expect(tab.get_by_text("is not saved yet. Save it first.")).to_be_visible()
        expect(tab.locator("#stap-vervroegde-iva").get_by_label("Done")).to_be_checked()
        assert_accessible(tab, f"timeline: save first at {width}")
        sick_since = tab.get_by_role("textbox", name="First sick day")
        new_day = (dt.date.today() - dt.timedelta(weeks=10, days=1)).isoformat()
        sick_since.fill(new_day)
        tab.get_by_role("button", name="Save the new date").click()
        expect(tab.get_by_text("Your first sick day is saved.")).to_be_visible()
        db.session.expire_all()
        noted = db.session.scalars(select(TimelineStep)).one()
        assert (noted.step_id, noted.is_done) == ("vervroegde-iva", True)
        profile = db.session.get_one(EmployeeProfile, world["employee"].id)
        assert profile.sick_since is not None and profile.sick_since.isoformat() == new_day
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_plan_and_build_up_keep_what_is_being_typed(
    width: int, live_server: str, browser: Any, make_user: Callable[..., User]
) -> None:
    from portal.dossier.models import Plan
    from portal.logbook.models import BuildUpStep

    world = seed(make_user)  # a plan with one revision
    start = dt.date(2026, 1, 5)
    db.session.add(
        BuildUpStep(
            user_id=world["employee"].id, starts_on=start, minutes_per_day=120, days_per_week=3
        )
    )
    db.session.commit()
    context = browser.new_context(viewport={"width": width, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        log_in(tab, live_server, world["employee"])
        tab.goto(live_server + "/dossier/plan?lang=en")
        tab.get_by_label("Reason").fill("Half days from March")
        tab.get_by_label("My own view, when I did not agree").last.fill("Walking first")
        tab.get_by_role("button", name="Save the plan").last.click()
        expect(tab.get_by_text("Your plan van aanpak is saved.")).to_be_visible()
        expect(tab.get_by_label("Reason")).to_have_value("Half days from March")
        assert_accessible(tab, f"plan saved, revision kept at {width}")
        db.session.expire_all()
        assert db.session.scalars(select(Plan)).one().own_view == "Walking first"
        tab.goto(live_server + f"/dossier/plan/bijstelling/{world['revision']}/wijzigen")
        tab.get_by_text("Delete this revision", exact=True).click()  # deleting asks first
        expect(tab.get_by_role("button", name="Yes, delete this revision")).to_be_visible()
        assert_accessible(tab, f"revision: delete asks first at {width}")

        tab.goto(live_server + "/logboek/opbouw")
        tab.get_by_label("From").fill("2026-02-02")
        tab.get_by_label("Hours a day").fill("3")
        tab.locator("summary", has_text="Remove").click()  # opens the question
        tab.get_by_role("button", name="Yes, remove this period").click()
        expect(tab.get_by_text("The period is removed from your build-up plan.")).to_be_visible()
        expect(tab.get_by_label("From")).to_have_value("2026-02-02")
        expect(tab.get_by_label("Hours a day")).to_have_value("3")
        assert_accessible(tab, f"build-up period removed, typing kept at {width}")
        db.session.expire_all()
        assert db.session.scalars(select(BuildUpStep)).all() == []
    finally:
        context.close()
