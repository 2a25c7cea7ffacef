"""Reminder e-mails: opt-in, quiet hours, at most once, never any content of the talk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask

from portal.auth.models import Role, User
from portal.consults.cli import reminders_cli
from portal.consults.models import Consult, ConsultPreferences
from portal.consults.reminders import EVALUATE, PREPARE, due_reminders, is_quiet
from portal.db import db
from tests.conftest import Mailbox
from tests.consults.conftest import NOW, make_talk


def opt_in(user: User, quiet_from: int = 22, quiet_until: int = 7, wants: bool = True) -> None:
    """Store the reminder preferences of an employee."""
    db.session.add(
        ConsultPreferences(
            user_id=user.id, wants_reminders=wants, quiet_from=quiet_from, quiet_until=quiet_until
        )
    )
    db.session.commit()


def test_quiet_hours_may_wrap_past_midnight() -> None:
    assert is_quiet(23, 22, 7) and is_quiet(3, 22, 7) and not is_quiet(7, 22, 7)
    assert is_quiet(13, 12, 14) and not is_quiet(14, 12, 14)
    assert not is_quiet(5, 8, 8)  # the same hour twice: no quiet hours


def test_which_reminders_are_due(make_user: Callable[..., User]) -> None:
    ann, bob, cas, dee = (make_user() for _ in range(4))
    for user in (ann, bob, cas):
        opt_in(user)
    opt_in(dee, wants=False)
    make_talk(ann, NOW + dt.timedelta(days=3))  # 3 days ahead, no goals: prepare
    make_talk(bob, NOW + dt.timedelta(days=5))  # too early
    make_talk(bob, NOW + dt.timedelta(days=2), goals=[("ready", None)])  # already prepared
    make_talk(cas, NOW - dt.timedelta(days=1))  # yesterday: look back
    make_talk(cas, NOW - dt.timedelta(hours=1))  # today: not yet
    make_talk(cas, NOW - dt.timedelta(days=2), evaluated_at=NOW)  # already looked back on
    make_talk(cas, NOW - dt.timedelta(days=30))  # long ago: left alone
    make_talk(dee, NOW + dt.timedelta(days=1))  # did not ask for reminders
    assert sorted(due_reminders(NOW)) == sorted([(ann.id, PREPARE), (cas.id, EVALUATE)])


def test_no_reminders_in_quiet_hours(make_user: Callable[..., User]) -> None:
    user = make_user()
    opt_in(user, quiet_from=9, quiet_until=11)  # NOW is 10:00 in the Netherlands
    make_talk(user, NOW + dt.timedelta(days=1))
    assert due_reminders(NOW) == []
    assert due_reminders(NOW + dt.timedelta(hours=2)) == [(user.id, PREPARE)]


def test_staff_and_inactive_accounts_get_nothing(make_user: Callable[..., User]) -> None:
    coach = make_user(role=Role.COACH)
    gone = make_user(is_active=False)
    for user in (coach, gone):
        opt_in(user)
        make_talk(user, NOW + dt.timedelta(days=1))
    assert due_reminders(NOW) == []


@pytest.fixture
def runner_app(app: Flask) -> Flask:
    """The app with the reminders command registered, as the integration will do."""
    app.cli.add_command(reminders_cli)
    return app


def test_the_command_sends_content_free_mail_once(
    runner_app: Flask, make_user: Callable[..., User], mailbox: Mailbox
) -> None:
    user, other = make_user(locale="en"), make_user()
    opt_in(user)
    opt_in(other)
    secret = make_talk(
        user,
        NOW + dt.timedelta(days=2),
        place="SECRET-PLACE",
        changed="SECRET-CHANGED",
        goals=[("", None)],
    )
    make_talk(user, NOW + dt.timedelta(days=3))  # a second talk: still one e-mail
    make_talk(other, NOW - dt.timedelta(days=1), private_note="SECRET-NOTE")
    result = runner_app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "2 talk reminder(s)" in result.output
    assert sorted(m["To"] for m in mailbox.messages) == sorted([user.email, other.email])
    for message, body in zip(mailbox.messages, mailbox.bodies(), strict=True):
        assert "SECRET" not in body and "SECRET" not in message["Subject"]
        assert "bedrijfsarts" not in body.lower()
        assert "http://localhost/gesprekken/" in body
        assert "http://localhost/gesprekken/herinneringen" in body
    english = next(m for m in mailbox.messages if m["To"] == user.email)
    assert english["Subject"] == "Something to do in Eigen Regie"
    db.session.expire_all()
    assert db.session.get_one(Consult, secret.id).prepare_reminded_at == NOW
    # a second run sends nothing again
    mailbox.messages.clear()
    result = runner_app.test_cli_runner().invoke(args=["reminders", "send"])
    assert "0 talk reminder(s)" in result.output and mailbox.messages == []
