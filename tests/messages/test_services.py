"""Unread counts, the message window, rhythm rules and safe rendering of message text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from portal.auth.models import Role, User
from portal.db import db
from portal.links import services as links
from portal.links.models import CareLink
from portal.messages import services
from portal.messages.text import message_html
from tests.messages.conftest import NOW, TODAY, add_messages, conversation_for


def test_unread_count_counts_only_the_other_persons_unread_messages(
    employee: User, coach: User, link: CareLink
) -> None:
    conversation = conversation_for(link)
    add_messages(conversation, coach, 3)
    add_messages(conversation, coach, 1, read_at=NOW)
    add_messages(conversation, coach, 1, retracted_at=NOW)
    add_messages(conversation, employee, 2)
    assert services.unread_count(employee) == 3
    assert services.unread_count(coach) == 2
    assert services.unread_by_link(coach.id) == {link.id: 2}


def test_unread_count_of_a_coach_stops_with_the_link(
    employee: User, coach: User, link: CareLink, make_user: Callable[..., User]
) -> None:
    add_messages(conversation_for(link), employee, 2)
    links.assign_coach(employee, make_user(role=Role.COACH))
    db.session.commit()
    assert services.unread_count(coach) == 0
    assert services.unread_by_link(coach.id) == {}


def test_unread_count_is_zero_for_other_roles(make_user: Callable[..., User]) -> None:
    assert services.unread_count(make_user(role=Role.ADMIN)) == 0
    assert services.unread_count(make_user(role=Role.PROFESSIONAL)) == 0


def test_window_shows_the_newest_page_oldest_first_and_pages_back(
    employee: User, coach: User, link: CareLink
) -> None:
    conversation = conversation_for(link)
    size = services.PAGE_SIZE
    made = add_messages(conversation, coach, 2 * size + 20)
    page, has_older = services.window(conversation.id, employee.id)
    assert [m.id for m in page] == [m.id for m in made[-size:]]
    assert has_older
    older, has_older = services.window(conversation.id, employee.id, before=page[0].id)
    assert [m.id for m in older] == [m.id for m in made[-2 * size : -size]]
    oldest, has_older = services.window(conversation.id, employee.id, before=older[0].id)
    assert [m.id for m in oldest] == [m.id for m in made[:20]]
    assert not has_older


def test_a_retracted_message_is_hidden_from_the_recipient_only(
    employee: User, coach: User, link: CareLink
) -> None:
    conversation = conversation_for(link)
    (message,) = add_messages(conversation, employee, 1)
    assert services.retract(message)
    db.session.commit()
    assert message.body is None
    assert services.window(conversation.id, coach.id)[0] == []
    assert services.window(conversation.id, employee.id)[0] == [message]


def test_a_read_message_cannot_be_retracted(employee: User, link: CareLink) -> None:
    (message,) = add_messages(conversation_for(link), employee, 1, read_at=NOW)
    assert not services.retract(message)
    assert message.retracted_at is None
    assert message.body == "Message 1"


def test_mark_read_marks_only_the_other_persons_messages(
    employee: User, coach: User, link: CareLink
) -> None:
    conversation = conversation_for(link)
    mine = add_messages(conversation, employee, 2)
    theirs = add_messages(conversation, coach, 3)
    assert services.mark_read(conversation.id, employee.id, NOW) == 3
    db.session.commit()
    db.session.expire_all()
    assert all(m.read_at == NOW for m in theirs)
    assert all(m.read_at is None for m in mine)


@pytest.mark.parametrize(
    ("day", "last_done", "weeks", "problem"),
    [
        (TODAY - dt.timedelta(days=1), None, 4, "past"),
        (TODAY, None, 4, None),
        (TODAY + dt.timedelta(weeks=5), None, 4, None),
        (TODAY + dt.timedelta(weeks=5, days=1), None, 4, "late"),
        (TODAY + dt.timedelta(weeks=3), None, 2, None),
        (TODAY + dt.timedelta(weeks=3, days=1), None, 2, "late"),
        (TODAY + dt.timedelta(weeks=7), None, 6, None),
        # counted from the previous check-in ...
        (TODAY + dt.timedelta(weeks=4), TODAY - dt.timedelta(weeks=2), 4, "late"),
        (TODAY + dt.timedelta(weeks=3), TODAY - dt.timedelta(weeks=2), 4, None),
        # ... and when that is long ago, still possible within the coming week
        (TODAY + dt.timedelta(days=7), TODAY - dt.timedelta(weeks=10), 4, None),
        (TODAY + dt.timedelta(days=8), TODAY - dt.timedelta(weeks=10), 4, "late"),
    ],
)
def test_a_check_in_date_must_follow_the_rhythm(
    day: dt.date, last_done: dt.date | None, weeks: int, problem: str | None
) -> None:
    assert services.plan_problem(day, last_done, weeks, TODAY) == problem


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (dt.date(2026, 1, 1), "2026-Q1"),
        (dt.date(2026, 3, 31), "2026-Q1"),
        (dt.date(2026, 4, 1), "2026-Q2"),
        (dt.date(2026, 12, 31), "2026-Q4"),
    ],
)
def test_quarter_key(day: dt.date, key: str) -> None:
    assert services.quarter_key(day) == key


def test_message_text_is_escaped_and_links_open_safely() -> None:
    html = str(message_html('<b>hi</b> & see https://example.org/a?b=1&c="x", ok.\nbye'))
    assert "<b>" not in html
    assert "&lt;b&gt;hi&lt;/b&gt; &amp; see " in html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=" rel="noopener noreferrer nofollow">'
        "https://example.org/a?b=1&amp;c=</a>"
    ) in html
    assert html.endswith("&#34;x&#34;, ok.\nbye")


def test_only_http_addresses_become_links() -> None:
    html = str(message_html("javascript:alert(1) www.example.org https:// (https://a.nl)."))
    assert html.count("<a ") == 1
    assert 'href="https://a.nl"' in html
    assert "javascript:alert(1)" in html
