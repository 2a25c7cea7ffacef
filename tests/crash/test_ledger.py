"""The crash test's checker reports lost, changed and unlogged writes (default suite)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask

from portal import clock
from portal.audit.services import record_access
from portal.auth.models import Role, User
from portal.db import db
from portal.links import services as links
from portal.logbook import services as logbook
from portal.messages import services as messages
from tests.crash.ledger import Ledger, check, check_integrity

DAY = dt.date(2026, 1, 5)


def save_entry(ledger: Ledger, user: User, day: dt.date, note: str, *, acked: bool) -> None:
    """Write an entry as the app does and record it in the ledger."""
    ledger.try_entry("entry", user.id, day.isoformat(), 6, note)
    entry = logbook.entry_for_update(user.id, day, clock.today())
    entry.energy, entry.note = 6, note
    db.session.commit()
    if acked:
        ledger.ack_entry("entry", user.id, day.isoformat())


def test_a_clean_database_has_no_findings(app: Flask, make_user: Callable[..., User]) -> None:
    ledger = Ledger()
    employee = make_user()
    save_entry(ledger, employee, DAY, "CANARY-one", acked=True)
    save_entry(ledger, employee, DAY - dt.timedelta(days=1), "CANARY-two", acked=False)

    found = check(ledger)
    check_integrity(found)

    assert found.problems == []
    assert found.in_doubt_committed == 1  # the unanswered write that got in anyway


def test_a_deleted_or_changed_acknowledged_entry_is_reported_lost(
    app: Flask, make_user: Callable[..., User]
) -> None:
    ledger = Ledger()
    employee = make_user()
    save_entry(ledger, employee, DAY, "CANARY-deleted", acked=True)
    save_entry(ledger, employee, DAY + dt.timedelta(days=1), "CANARY-changed", acked=True)
    db.session.delete(logbook.entry_for_update(employee.id, DAY, clock.today()))
    logbook.entry_for_update(employee.id, DAY + dt.timedelta(days=1), clock.today()).note = "x"
    db.session.commit()

    found = check(ledger)

    assert found.lost == [
        f"logbook entry of user {employee.id} on 2026-01-05: acknowledged, missing",
        f"logbook entry of user {employee.id} on 2026-01-06: content differs",
    ]


def test_a_missing_message_and_a_read_without_its_row_are_reported(
    app: Flask, make_user: Callable[..., User]
) -> None:
    ledger = Ledger()
    employee, coach = make_user(), make_user(role=Role.COACH)
    conversation = messages.conversation_of(links.assign_coach(employee, coach))
    messages.add_message(conversation, employee, "CANARY-kept")
    db.session.commit()
    for body in ("CANARY-kept", "CANARY-lost"):
        ledger.try_message("message", conversation.id, body)
        ledger.ack_message("message", conversation.id, body)
    ledger.try_read("read", "conversation.read", conversation.id)
    ledger.ack_read("read", "conversation.read", conversation.id)

    found = check(ledger)

    assert found.lost == ["message 'CANARY-lost': acknowledged, missing"]
    assert found.unlogged == [f"conversation.read {conversation.id}: 1 served, only 0 log rows"]


def test_a_read_receipt_without_its_log_row_is_reported(
    app: Flask, make_user: Callable[..., User]
) -> None:
    ledger = Ledger()
    employee, coach = make_user(), make_user(role=Role.COACH)
    conversation = messages.conversation_of(links.assign_coach(employee, coach))
    messages.add_message(conversation, employee, "CANARY-read")
    ledger.try_message("message", conversation.id, "CANARY-read")
    record_access(
        event="conversation.read",
        employee_id=employee.id,
        object_type="conversation",
        object_id=conversation.id,
        actor=coach,
    )
    messages.mark_read(conversation.id, coach.id, clock.now())
    db.session.commit()
    assert check(ledger).problems == []

    messages.add_message(conversation, employee, "CANARY-read-unlogged")
    ledger.try_message("message", conversation.id, "CANARY-read-unlogged")
    messages.mark_read(conversation.id, coach.id, clock.now() + dt.timedelta(minutes=1))
    db.session.commit()

    assert len(check(ledger).unlogged) == 1
