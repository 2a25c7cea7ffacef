"""The conversation page: sending, bad input, read receipts, retracting, paging, check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db
from portal.feedback.models import Feedback, Subject
from portal.links import services as links
from portal.links.models import CareLink
from portal.messages.models import CheckIn, CheckInForm, CoachAway, Message
from portal.messages.services import PAGE_SIZE
from tests.conftest import freeze
from tests.messages.conftest import NOW, TODAY, add_messages, conversation_for


def messages_in_db() -> list[Message]:
    return list(db.session.scalars(select(Message).order_by(Message.id)))


def test_the_employee_writes_and_the_coach_reads(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert "Conversation with Cas Coach" in page
    assert "No messages yet" in page
    response = client.submit(f"/berichten/{link.id}", {"body": "Hello\nsee https://a.nl <b>"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/berichten/")
    (message,) = messages_in_db()
    assert message.body == "Hello\nsee https://a.nl <b>"
    assert message.sender_id == employee.id
    page = client.get("/berichten/").get_data(as_text=True)
    assert "Not read yet" in page and "Take back" in page

    client = switch_to(coach)
    page = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert '<p class="message__body">Hello\nsee <a href="https://a.nl" rel="noopener' in page
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert ">New<" in page
    page = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert ">New<" not in page  # read now

    client = switch_to(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert 'class="message__read">Read<' in page
    assert "Take back" not in page


def test_an_empty_or_overlong_message_keeps_the_text_and_stores_nothing(
    employee: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(employee)
    response = client.submit(f"/berichten/{link.id}", {"body": "   \n "})
    assert response.status_code == 200
    assert "Write a message first." in response.get_data(as_text=True)
    long_text = "my words " * 600  # 5,400 characters
    response = client.submit(f"/berichten/{link.id}", {"body": long_text})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Use at most 5000 characters." in page
    assert long_text.strip() in page  # nothing lost
    response = client.submit(f"/berichten/{link.id}", {"body": "bad \x00 byte"})
    assert "characters that are not allowed" in response.get_data(as_text=True)
    assert messages_in_db() == []


def test_extra_fields_change_nothing(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(employee)
    client.submit(
        f"/berichten/{link.id}",
        {"body": "Hi", "sender_id": coach.id, "read_at": "2026-01-01", "conversation_id": 9},
    )
    (message,) = messages_in_db()
    assert message.sender_id == employee.id and message.read_at is None


def test_retract_only_own_unread_messages(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    conversation = conversation_for(link)
    (unread,) = add_messages(conversation, employee, 1, text="take me back")
    (read,) = add_messages(conversation, employee, 1, read_at=NOW)
    (theirs,) = add_messages(conversation, coach, 1)
    client = switch_to(employee)
    response = client.submit(f"/berichten/{link.id}/intrekken/{read.id}")
    assert response.status_code == 302
    page = client.get("/berichten/").get_data(as_text=True)
    assert "was read already" in page
    assert client.submit(f"/berichten/{link.id}/intrekken/{theirs.id}").status_code == 404
    client.submit(f"/berichten/{link.id}/intrekken/{unread.id}")
    db.session.refresh(unread)
    db.session.refresh(read)
    assert unread.retracted_at is not None and unread.body is None
    assert read.retracted_at is None and read.body == "Message 1"
    assert "You took this message back" in client.get("/berichten/").get_data(as_text=True)
    page = switch_to(coach).get(f"/berichten/{link.id}").get_data(as_text=True)
    assert "take me back" not in page and "took this message back" not in page


def test_take_back_and_not_now_keep_the_draft_that_came_along(
    employee: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    (unread,) = add_messages(conversation_for(link), employee, 1)
    client = switch_to(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert 'id="page-form"' in page  # one form: every button carries the draft
    assert f'<button type="submit" formaction="/berichten/{link.id}/intrekken/' in page
    draft = {"body": "Half a thought, not sent yet"}
    response = client.submit(f"/berichten/{link.id}/intrekken/{unread.id}", draft)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (
        "Your message is taken back." in page and "Half a thought, not sent yet</textarea>" in page
    )
    response = client.submit("/berichten/coaching-cijfer/niet-nu", draft)
    page = response.get_data(as_text=True)
    assert "Half a thought, not sent yet</textarea>" in page
    assert "How is the coaching" not in page
    assert len(messages_in_db()) == 1  # nothing was sent


def test_older_messages_behind_a_link(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    newest = PAGE_SIZE + 10
    made = add_messages(conversation_for(link), coach, newest, text="number {n}.")
    client = switch_to(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert f"number {newest}." in page and "number 11." in page and "number 10." not in page
    assert f'href="?voor={made[10].id}#gesprek"' in page
    page = client.get(f"/berichten/?voor={made[10].id}").get_data(as_text=True)
    assert "number 10." in page and "number 1." in page and "number 11." not in page
    assert "Show older messages" not in page
    assert "Show the newest messages" in page


def test_the_conversation_page_uses_constant_queries(
    employee: User,
    coach: User,
    link: CareLink,
    switch_to: Callable[[User], Any],
    count_queries: Callable[[Callable[[], Any]], int],
) -> None:
    conversation = conversation_for(link)
    add_messages(conversation, coach, 5)
    add_messages(conversation, employee, 5)
    client = switch_to(coach)

    def open_page(url: str) -> Callable[[], None]:
        def action() -> None:
            response = client.get(url)
            assert response.status_code == 200
            pages.append(response.get_data(as_text=True))

        return action

    pages: list[str] = []
    coach_10 = count_queries(open_page(f"/berichten/{link.id}"))
    add_messages(conversation, coach, 995)  # now 2,000 messages, unread ones among them
    add_messages(conversation, employee, 995)
    coach_2000 = count_queries(open_page(f"/berichten/{link.id}"))
    assert coach_2000 == coach_10
    assert pages[-1].count('class="message') >= 50 and "Show older messages" in pages[-1]
    oldest = db.session.scalar(select(func.min(Message.id)))
    older = count_queries(open_page(f"/berichten/{link.id}?voor={oldest + 60}"))
    assert older == coach_10
    client = switch_to(employee)
    employee_2000 = count_queries(open_page("/berichten/"))
    assert employee_2000 == count_queries(open_page("/berichten/"))
    print(
        f"queries: coach 10 msgs {coach_10}, coach 2000 msgs {coach_2000}, employee {employee_2000}"
    )


def test_the_coach_plans_a_check_in_within_the_rhythm(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    profile = db.session.get(EmployeeProfile, employee.id)
    assert profile is not None
    profile.checkin_every_weeks, profile.checkin_form = 2, "video"
    db.session.commit()
    client = switch_to(coach)
    url = f"/berichten/{link.id}/checkin"
    response = client.submit(url, {"planned_on": "2026-03-09"})
    assert "Choose today or a date after today." in response.get_data(as_text=True)
    response = client.submit(url, {"planned_on": "2026-04-01"})
    assert "every 2 weeks. Choose a date until March 31, 2026." in response.get_data(as_text=True)
    response = client.submit(url, {"planned_on": "not a date"})
    assert "This is not a date we can read." in response.get_data(as_text=True)
    response = client.submit(url, {"planned_on": ""})
    assert "Fill in a date, for example 14-05-2026." in response.get_data(as_text=True)
    response = client.submit(url, {"planned_on": "2026-03-24", "topics": ["plan", "talk"]})
    assert response.status_code == 302
    (checkin,) = db.session.scalars(select(CheckIn)).all()
    assert checkin.planned_on == dt.date(2026, 3, 24)
    assert checkin.form is CheckInForm.VIDEO and checkin.topics == "plan,talk"
    # planning again moves the open check-in instead of adding one
    client.submit(url, {"planned_on": "20-03-2026"})  # typed the Dutch way
    db.session.refresh(checkin)
    assert checkin.planned_on == dt.date(2026, 3, 20)
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1

    page = client.get("/coach/").get_data(as_text=True)
    assert "March 20, 2026" in page
    client.submit(
        f"/berichten/{link.id}/checkin/{checkin.id}/klaar", {"note": "We talked about the plan."}
    )
    db.session.refresh(checkin)
    assert checkin.done_at is not None and checkin.note == "We talked about the plan."
    assert client.submit(f"/berichten/{link.id}/checkin/{checkin.id}/klaar").status_code == 404

    page = switch_to(employee).get("/berichten/").get_data(as_text=True)
    assert "We talked about the plan." in page
    assert "No check-in is planned yet." in page


def test_the_employee_sees_the_planned_check_in(
    employee: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    conversation = conversation_for(link)
    db.session.add(
        CheckIn(
            conversation_id=conversation.id,
            planned_on=TODAY + dt.timedelta(days=3),
            form=CheckInForm.PHONE,
            topics="agreements",
        )
    )
    db.session.commit()
    page = switch_to(employee).get("/berichten/").get_data(as_text=True)
    assert "March 13, 2026" in page and "Phone call" in page
    assert "The agreements since last time" in page
    assert "Mark as done" not in page and "Plan the next check-in" not in page


def test_the_employee_chooses_rhythm_form_and_e_mails(
    employee: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(employee)
    assert client.get("/berichten/instellingen").status_code == 200
    data = {
        "checkin_every_weeks": "6",
        "checkin_form": "phone",
        "messages": "daily",
        "quiet_start": "21",
        "quiet_end": "9",
    }
    assert client.submit("/berichten/instellingen", data).status_code == 302
    profile = db.session.get(EmployeeProfile, employee.id)
    assert profile is not None
    assert (profile.checkin_every_weeks, profile.checkin_form) == (6, "phone")
    from portal.messages.notify import preference_of

    pref = preference_of(employee.id)
    assert (pref.messages.value, pref.quiet_start, pref.quiet_end) == ("daily", 21, 9)
    assert pref.is_checkin_reminder_on is False  # the unticked box
    response = client.submit("/berichten/instellingen", {**data, "checkin_every_weeks": "5"})
    assert "Choose one of the options." in response.get_data(as_text=True)
    response = client.submit("/berichten/instellingen", {**data, "quiet_start": "99"})
    assert response.status_code == 200
    db.session.refresh(profile)
    assert profile.checkin_every_weeks == 6


def test_the_away_notice_shows_above_the_message_box(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(coach)
    response = client.submit("/berichten/afwezig", {"away_until": "2026-03-01", "note": "x"})
    assert "Choose today or a date after today." in response.get_data(as_text=True)
    response = client.submit(
        "/berichten/afwezig", {"away_until": "2026-03-20", "note": "Back on Monday the 23rd."}
    )
    assert response.status_code == 302
    page = switch_to(employee).get("/berichten/").get_data(as_text=True)
    assert page.index("Cas Coach is away until March 20, 2026.") < page.index('name="body"')
    assert "Back on Monday the 23rd." in page
    client = switch_to(coach)
    client.submit("/berichten/afwezig/weghalen")
    assert db.session.get(CoachAway, coach.id) is None
    assert "is away until" not in switch_to(employee).get("/berichten/").get_data(as_text=True)


def test_the_away_notice_comes_along_with_the_coach_links(
    app: Flask, employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    """The conversation page reads the notice with the links: no statement of its own."""
    db.session.add(CoachAway(user_id=coach.id, away_until=TODAY + dt.timedelta(days=3)))
    add_messages(conversation_for(link), coach, 3)
    db.session.commit()
    client = switch_to(employee)
    sent: list[str] = []

    def before(*args: Any) -> None:
        sent.append(args[2])

    event.listen(app.extensions["portal_db"], "before_cursor_execute", before)
    try:
        page = client.get("/berichten/?lang=en").get_data(as_text=True)
    finally:
        event.remove(app.extensions["portal_db"], "before_cursor_execute", before)
    assert "Cas Coach is away until" in page
    assert not [s for s in sent if s.startswith("SELECT coach_away")]
    assert len(sent) == 10  # was 11 with the notice's own statement (docs/performance.md)
    notice = db.session.get(CoachAway, coach.id)
    assert notice is not None
    notice.away_until = TODAY - dt.timedelta(days=1)  # a notice that no longer applies
    db.session.commit()
    assert "is away until" not in client.get("/berichten/?lang=en").get_data(as_text=True)


def test_the_coaching_rating_is_offered_gently_once_a_quarter(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(employee)
    assert "How is the coaching going for you?" in client.get("/berichten/").get_data(as_text=True)
    response = client.submit("/berichten/coaching-cijfer", {"rating": "11", "recommend": "8"})
    assert "Choose one of the options." in response.get_data(as_text=True)
    client.submit("/berichten/coaching-cijfer", {"rating": "8", "recommend": "9"})
    (feedback,) = db.session.scalars(select(Feedback)).all()
    assert (feedback.subject, feedback.subject_key) == (Subject.COACHING, "2026-Q1")
    assert (feedback.rating, feedback.recommend, feedback.user_id) == (8, 9, employee.id)
    assert "How is the coaching" not in client.get("/berichten/").get_data(as_text=True)
    # the coach never sees it
    assert "How is the coaching" not in switch_to(coach).get(f"/berichten/{link.id}").get_data(
        as_text=True
    )


def test_the_rating_can_be_skipped_and_waits_for_a_link_of_four_weeks(
    employee: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(employee)
    client.submit("/berichten/coaching-cijfer/niet-nu")
    assert "How is the coaching" not in client.get("/berichten/").get_data(as_text=True)
    link.created_at = link.accepted_at = NOW - dt.timedelta(weeks=3)
    db.session.commit()
    client = switch_to(employee)  # a new session forgets "not now"
    assert "How is the coaching" not in client.get("/berichten/").get_data(as_text=True)


def test_without_a_coach_the_page_explains_and_earlier_conversations_stay_readable(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    add_messages(conversation_for(link), coach, 1, text="old advice")
    links.end_link(link)
    db.session.commit()
    client = switch_to(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert "You have no coach yet." in page
    assert f'href="/berichten/{link.id}"' in page
    page = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert "old advice" in page and "no longer linked to you" in page
    assert 'name="body"' not in page
    response = client.submit(f"/berichten/{link.id}", {"body": "still there?"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_caseload_shows_unread_and_next_check_in_with_constant_queries(
    coach: User,
    make_user: Callable[..., User],
    switch_to: Callable[[User], Any],
    count_queries: Callable[[Callable[[], Any]], int],
) -> None:
    def add_employee(n: int) -> None:
        person = make_user(role=Role.EMPLOYEE, name=f"Person {n:02d}")
        made = links.assign_coach(person, coach)
        db.session.commit()
        conversation = conversation_for(made)
        add_messages(conversation, person, n)
        db.session.add(
            CheckIn(
                conversation_id=conversation.id,
                planned_on=TODAY + dt.timedelta(days=n),
                form=CheckInForm.CHAT,
            )
        )
        db.session.commit()

    add_employee(1)
    client = switch_to(coach)

    def open_page() -> None:
        assert client.get("/coach/").status_code == 200

    one = count_queries(open_page)
    for n in range(2, 21):
        add_employee(n)
    twenty = count_queries(open_page)
    assert twenty == one
    print(f"queries: caseload 1 employee {one}, 20 employees {twenty}")
    page = client.get("/coach/").get_data(as_text=True)
    assert "<strong>17</strong>" in page
    assert "March 27, 2026" in page  # TODAY + 17 days
    assert "Conversation guide" in page and "0800-0113" in page


def test_coach_pages_show_the_guide_and_the_crisis_protocol(
    coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(coach)
    page = client.get("/berichten/coach-hulp").get_data(as_text=True)
    assert "Evoking change talk" in page and "0800-0113" in page and "huisartsenpost" in page
    page = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert "Does a message suggest danger?" in page
    page = client.get("/berichten/coach-hulp?lang=nl").get_data(as_text=True)
    assert "Verandertaal uitlokken" in page


def test_without_any_coach_a_rating_is_not_stored(
    employee: User, switch_to: Callable[[User], Any]
) -> None:
    client = switch_to(employee)
    response = client.submit("/berichten/coaching-cijfer", {"rating": "8", "recommend": "9"})
    assert response.status_code == 302
    assert db.session.scalars(select(Feedback)).all() == []


def test_a_long_conversation_weighs_under_60_kb(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    """Bench-sized: a window of long messages from both sides, read and unread (bench/)."""
    from tests.test_valid_html import MAX_WEIGHT, weight

    conversation = conversation_for(link)
    text = "Vanochtend heb ik een uur aan het rapport gewerkt, en daarna was ik erg moe. " * 3
    for _ in range(30):
        add_messages(conversation, employee, 1, text=text)
        add_messages(conversation, coach, 1, text=text)
    client = switch_to(employee)
    for lang in ("nl", "en"):
        page = client.get(f"/berichten/?lang={lang}").get_data(as_text=True)
        assert page.count('<li class="message') == PAGE_SIZE and "?voor=" in page
        assert weight(client, page) < MAX_WEIGHT, weight(client, page)


def test_opening_the_conversation_clears_the_badge_without_counting_again(
    app: Flask, employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    conversation = conversation_for(link)
    add_messages(conversation, coach, 3)
    client = switch_to(employee)
    assert "3 unread" in client.get("/logboek/week?lang=en").get_data(as_text=True)
    sent: list[str] = []

    def before(*args: Any) -> None:
        sent.append(args[2])

    event.listen(app.extensions["portal_db"], "before_cursor_execute", before)
    try:
        page = client.get("/berichten/").get_data(as_text=True)
    finally:
        event.remove(app.extensions["portal_db"], "before_cursor_execute", before)
    assert "unread</span></summary>" not in page  # the three are read now: no badge
    # The badge came down from the count read with the session: no second count.
    assert not [s for s in sent if s.startswith("SELECT count(messages.id)")]
    add_messages(conversation, coach, 2)
    page = client.get("/logboek/week?lang=en").get_data(as_text=True)
    assert "2 unread" in page


def test_the_same_message_sent_twice_at_once_is_stored_once(
    employee: User,
    link: CareLink,
    switch_to: Callable[[User], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A double tap, or a page sent again by reloading it, does not send a message twice."""
    client = switch_to(employee)
    typed = {"body": "Mag ik morgen bellen?"}
    assert client.submit(f"/berichten/{link.id}", typed).status_code == 302
    again = client.submit(f"/berichten/{link.id}", typed)
    assert again.status_code == 302
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "This message was already sent." in page
    assert [m.body for m in messages_in_db()] == ["Mag ik morgen bellen?"]
    client.submit(f"/berichten/{link.id}", {"body": "Iets anders"})
    freeze(monkeypatch, NOW + dt.timedelta(minutes=3))
    client.submit(f"/berichten/{link.id}", typed)  # the same words later: a new message
    assert [m.body for m in messages_in_db()] == [
        "Mag ik morgen bellen?",
        "Iets anders",
        "Mag ik morgen bellen?",
    ]
