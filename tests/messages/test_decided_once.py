"""Reminders are decided exactly once, even when two schedulers overlap (issue 15).

Two runs start at the same moment in threads of their own (own app context, own database
session and connection), as two hosts' cron jobs would; on PostgreSQL (the suite's second
pass) they really run concurrently.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from portal.auth.models import Role, User
from portal.db import db
from portal.links import services as links
from portal.messages.models import CheckIn, CheckInForm
from portal.messages.notify import send_checkin_reminders
from portal.outbox import SCHEDULER_LOCK_KEY, OutboxMail, deliver
from tests.messages.conftest import NOW, TODAY, conversation_for

PEOPLE = 6


def _plan(make_user: Callable[..., User]) -> None:
    coach = make_user(role=Role.COACH, locale="en")
    for _ in range(PEOPLE):
        employee = make_user(role=Role.EMPLOYEE, locale="en")
        link = links.assign_coach(employee, coach)
        db.session.commit()
        db.session.add(
            CheckIn(
                conversation_id=conversation_for(link).id,
                planned_on=TODAY + dt.timedelta(days=1),
                form=CheckInForm.PHONE,
            )
        )
    db.session.commit()


def _twice_at_once(app: Flask, work: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                results.append(work())
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_overlapping_runs_queue_each_reminder_once(
    app: Flask, make_user: Callable[..., User], mailbox: Any
) -> None:
    app.config["MAIL_DELIVERY"] = "queue"
    _plan(make_user)
    results = _twice_at_once(app, lambda: send_checkin_reminders(NOW))
    queued = db.session.scalar(select(func.count(OutboxMail.id)))
    assert queued == 2 * PEOPLE  # employee and coach of each check-in, once each
    assert sum(results) == 2 * PEOPLE  # what the runs report adds up, no double count
    # Two senders at once: every message leaves once (FOR UPDATE SKIP LOCKED on PostgreSQL).
    sent = _twice_at_once(app, lambda: deliver(db.session).sent)
    assert sum(sent) == 2 * PEOPLE
    assert len(mailbox.messages) == 2 * PEOPLE


def test_the_dedupe_key_refuses_a_second_identical_decision(
    app: Flask, make_user: Callable[..., User]
) -> None:
    app.config["MAIL_DELIVERY"] = "queue"
    _plan(make_user)
    assert send_checkin_reminders(NOW) == 2 * PEOPLE
    # Forget the marks, as a run that read the due list before the first committed would.
    db.session.execute(
        text("UPDATE checkins SET employee_reminded_at = NULL, coach_reminded_at = NULL")
    )
    db.session.commit()
    assert send_checkin_reminders(NOW) == 0
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 2 * PEOPLE


def test_a_second_scheduler_waits_out_while_one_holds_the_lock(app: Flask) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite has one host (dedupe_key above)")
    with db.engine.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": SCHEDULER_LOCK_KEY})
        for command in (["reminders", "send"], ["messages", "notify"]):
            result = app.test_cli_runner().invoke(args=command)
            assert "another reminders or notify run is busy" in result.output
        holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SCHEDULER_LOCK_KEY})
