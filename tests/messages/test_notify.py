"""E-mails about messages and check-ins, delivered to the real local SMTP server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from portal.auth.models import User, UserSession
from portal.db import db
from portal.links.models import CareLink
from portal.messages.cli import messages_cli
from portal.messages.models import CheckIn, CheckInForm, Delivery, Message, NotificationPreference
from portal.messages.notify import (
    due_checkin_reminders,
    is_quiet,
    notify_on_send,
    send_checkin_reminders,
    send_due_notifications,
)
from tests.conftest import Mailbox
from tests.messages.conftest import NOW, TODAY, add_messages, conversation_for

CANARY = "CANARY-91c2-my-pain-and-fatigue"
AT_2300 = dt.datetime(2026, 3, 10, 22, 0, tzinfo=dt.UTC)  # 23:00 in Amsterdam
AT_0730 = dt.datetime(2026, 3, 11, 6, 30, tzinfo=dt.UTC)
AT_0800 = dt.datetime(2026, 3, 11, 7, 0, tzinfo=dt.UTC)


def choose(user: User, delivery: Delivery, **fields: Any) -> None:
    db.session.add(NotificationPreference(user_id=user.id, messages=delivery, **fields))
    db.session.commit()


def active_at(user: User, moment: dt.datetime) -> None:
    db.session.add(UserSession(token_hash=f"{user.id:064d}", user_id=user.id, last_seen_at=moment))
    db.session.commit()


def assert_content_free(mailbox: Mailbox, *names: str) -> None:
    for message in mailbox.messages:
        whole = message.as_string()
        assert CANARY not in whole
        for name in names:
            assert name not in whole


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (AT_2300, True),
        (AT_0730, True),
        (AT_0800, False),
        (NOW, False),
        (dt.datetime(2026, 3, 10, 20, 59, tzinfo=dt.UTC), False),  # 21:59 local
    ],
)
def test_quiet_hours_are_dutch_local_time_and_wrap_past_midnight(
    moment: dt.datetime, quiet: bool
) -> None:
    assert is_quiet(moment, 22, 8) is quiet
    assert is_quiet(moment, 0, 0) is False


def test_sending_a_message_e_mails_the_coach_at_once_without_content(
    employee: User,
    coach: User,
    link: CareLink,
    switch_to: Callable[[User], Any],
    mailbox: Mailbox,
) -> None:
    client = switch_to(employee)
    client.submit(f"/berichten/{link.id}", {"body": f"{CANARY} today was hard"})
    (sent,) = mailbox.messages
    assert sent["To"] == coach.email
    assert sent["Subject"] == "You have a new message in Eigen Regie"
    assert f"http://localhost/berichten/{link.id}" in mailbox.bodies()[0]
    assert_content_free(mailbox, employee.name)
    message = db.session.query(Message).one()
    assert message.notified_at == NOW
    assert send_due_notifications(NOW + dt.timedelta(hours=1)) == 0
    assert len(mailbox.messages) == 1


def test_no_e_mail_while_the_recipient_is_active_it_waits(
    employee: User, coach: User, link: CareLink, mailbox: Mailbox
) -> None:
    active_at(employee, NOW - dt.timedelta(minutes=5))
    (message,) = add_messages(conversation_for(link), coach, 1, text=CANARY)
    assert notify_on_send(message, employee, link.id, NOW) is False
    assert send_due_notifications(NOW + dt.timedelta(minutes=4)) == 0
    assert mailbox.messages == []
    assert send_due_notifications(NOW + dt.timedelta(minutes=6)) == 1
    (sent,) = mailbox.messages
    assert sent["To"] == employee.email
    assert "http://localhost/berichten/" in mailbox.bodies()[0]
    assert_content_free(mailbox, coach.name)
    assert send_due_notifications(NOW + dt.timedelta(minutes=30)) == 0


def test_quiet_hours_hold_the_e_mail_until_morning(
    employee: User, coach: User, link: CareLink, mailbox: Mailbox
) -> None:
    (message,) = add_messages(conversation_for(link), coach, 1)
    assert notify_on_send(message, employee, link.id, AT_2300) is False
    assert send_due_notifications(AT_0730) == 0
    assert send_due_notifications(AT_0800) == 1
    assert len(mailbox.messages) == 1


def test_a_message_read_or_taken_back_in_time_gets_no_e_mail(
    employee: User, coach: User, link: CareLink, mailbox: Mailbox
) -> None:
    conversation = conversation_for(link)
    add_messages(conversation, coach, 1, read_at=NOW)
    add_messages(conversation, coach, 1, retracted_at=NOW)
    assert send_due_notifications(NOW) == 0
    assert mailbox.messages == []


def test_one_e_mail_per_person_per_run(
    employee: User, coach: User, link: CareLink, mailbox: Mailbox
) -> None:
    conversation = conversation_for(link)
    add_messages(conversation, coach, 3)
    add_messages(conversation, employee, 2)
    assert send_due_notifications(NOW) == 2
    subjects = sorted(m["Subject"] for m in mailbox.messages)
    assert subjects == ["You have new messages in Eigen Regie"] * 2


def test_the_daily_digest_comes_once_a_day(
    employee: User, coach: User, link: CareLink, mailbox: Mailbox
) -> None:
    choose(employee, Delivery.DAILY)
    conversation = conversation_for(link)
    (first,) = add_messages(conversation, coach, 1)
    assert notify_on_send(first, employee, link.id, NOW) is False
    add_messages(conversation, coach, 2)
    assert send_due_notifications(NOW) == 1
    assert mailbox.messages[0]["Subject"] == "You have new messages in Eigen Regie"
    add_messages(conversation, coach, 1)
    assert send_due_notifications(NOW + dt.timedelta(hours=5)) == 0
    assert send_due_notifications(NOW + dt.timedelta(hours=24)) == 1
    assert len(mailbox.messages) == 2


def test_never_means_never(employee: User, coach: User, link: CareLink, mailbox: Mailbox) -> None:
    choose(employee, Delivery.NEVER)
    (message,) = add_messages(conversation_for(link), coach, 1)
    assert notify_on_send(message, employee, link.id, NOW) is False
    assert send_due_notifications(NOW + dt.timedelta(days=2)) == 0
    assert mailbox.messages == []


def plan_tomorrow(link: CareLink) -> CheckIn:
    checkin = CheckIn(
        conversation_id=conversation_for(link).id,
        planned_on=TODAY + dt.timedelta(days=1),
        form=CheckInForm.PHONE,
    )
    checkin.note = None
    db.session.add(checkin)
    db.session.commit()
    return checkin


def test_both_are_reminded_the_day_before_a_check_in(
    employee: User, coach: User, link: CareLink, mailbox: Mailbox
) -> None:
    checkin = plan_tomorrow(link)
    assert due_checkin_reminders(TODAY) == [(employee.id, checkin.id), (coach.id, checkin.id)]
    assert due_checkin_reminders(TODAY - dt.timedelta(days=1)) == []
    assert send_checkin_reminders(AT_2300) == 0  # quiet hours
    assert send_checkin_reminders(NOW) == 2
    assert sorted(m["To"] for m in mailbox.messages) == sorted([employee.email, coach.email])
    assert all(m["Subject"] == "Tomorrow: a check-in in Eigen Regie" for m in mailbox.messages)
    assert due_checkin_reminders(TODAY) == []
    assert send_checkin_reminders(NOW) == 0


def test_a_check_in_reminder_can_be_switched_off(
    employee: User, coach: User, link: CareLink
) -> None:
    checkin = plan_tomorrow(link)
    choose(coach, Delivery.IMMEDIATE, is_checkin_reminder_on=False)
    assert due_checkin_reminders(TODAY) == [(employee.id, checkin.id)]


def test_the_notify_command_sends_waiting_e_mails_and_reminders(
    app: Flask, employee: User, coach: User, link: CareLink, mailbox: Mailbox
) -> None:
    app.cli.add_command(messages_cli)
    add_messages(conversation_for(link), employee, 2, text=CANARY + " {n}")
    plan_tomorrow(link)
    result = app.test_cli_runner().invoke(args=["messages", "notify"])
    assert result.exit_code == 0, result.output
    assert "1 message e-mail(s) and 2 check-in reminder(s) queued" in result.output
    assert len(mailbox.messages) == 3
    assert_content_free(mailbox, employee.name, coach.name)
    result = app.test_cli_runner().invoke(args=["messages", "notify"])
    assert "0 message e-mail(s) and 0 check-in reminder(s) queued" in result.output
