"""Closed employee accounts are erased after the retention period, and only those."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.account.retention import accounts_due, purge_closed_accounts
from portal.audit.models import AccessEvent
from portal.auth.models import User
from portal.config import ConfigError
from portal.db import db, utcnow
from portal.logbook.models import LogEntry
from portal.messages.models import Message
from tests.test_rights import write_things

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def close(user: User, days_ago: int) -> None:
    user.is_active = False
    user.deactivated_at = NOW - dt.timedelta(days=days_ago)


def test_blocking_starts_the_clock_and_unblocking_stops_it(
    client: Any, make_user: Any, login_as: Any
) -> None:
    admin, employee = make_user(role="admin"), make_user()
    login_as(admin)
    client.submit(f"/admin/accounts/{employee.id}/blokkeren", {})
    closed_at = db.session.get(User, employee.id).deactivated_at  # type: ignore[union-attr]
    assert closed_at is not None and utcnow() - closed_at < dt.timedelta(minutes=1)
    page = client.get("/admin/").get_data(as_text=True)
    erase_on = (closed_at + dt.timedelta(days=365)).year
    assert "Gewist na" in page and str(erase_on) in page
    client.submit(f"/admin/accounts/{employee.id}/activeren", {})
    assert db.session.get(User, employee.id).deactivated_at is None  # type: ignore[union-attr]


def test_purge_erases_only_employees_closed_longer_than_the_period(
    app: Flask, make_user: Any
) -> None:
    due, recent, active = make_user(), make_user(), make_user()
    coach, closed_coach = make_user(role="coach"), make_user(role="coach")
    for person in (due, recent, active):
        write_things(person, coach, f"CANARY-RETENTION-{person.id}")
    close(due, days_ago=366)
    close(recent, days_ago=364)
    close(closed_coach, days_ago=1000)
    db.session.commit()
    due_id = due.id
    log_rows = db.session.scalar(select(func.count()).where(AccessEvent.employee_id == due_id))

    assert list(accounts_due(365, NOW)) == [due_id]
    assert purge_closed_accounts(365, NOW) == [due_id]

    db.session.expire_all()
    assert db.session.get(User, due_id) is None
    for kept in (recent.id, active.id, closed_coach.id, coach.id):
        assert db.session.get(User, kept) is not None
    assert db.session.scalar(select(func.count()).where(LogEntry.user_id == due_id)) == 0
    notes = [entry.note for entry in db.session.scalars(select(LogEntry))]
    assert sorted(notes) == sorted(f"CANARY-RETENTION-{p}" for p in (recent.id, active.id))
    assert db.session.scalar(select(func.count()).select_from(Message)) == 2
    # The access log keeps its rows about the erased account: ids, never content.
    after = db.session.scalar(select(func.count()).where(AccessEvent.employee_id == due_id))
    assert after == log_rows == 1
    assert purge_closed_accounts(365, NOW) == []


def test_purge_command_with_dry_run_and_period(app: Flask, make_user: Any) -> None:
    employee = make_user()
    employee.is_active = False
    employee.deactivated_at = utcnow() - dt.timedelta(days=40)
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "purge", "--dry-run"])
    assert dry.exit_code == 0 and "0 closed account(s) older than 365 days" in dry.output
    dry = runner.invoke(args=["retention", "purge", "--days", "30", "--dry-run"])
    assert f"1 closed account(s) older than 30 days: [{employee.id}]" in dry.output
    assert db.session.get(User, employee.id) is not None
    done = runner.invoke(args=["retention", "purge", "--days", "30"])
    assert done.exit_code == 0 and "erased 1 closed account(s)" in done.output
    db.session.expire_all()
    assert db.session.get(User, employee.id) is None
    refused = runner.invoke(args=["retention", "purge", "--days", "0"])
    assert refused.exit_code != 0


def test_a_retention_period_below_one_day_is_refused(app_config: dict[str, Any]) -> None:
    from portal import create_app

    with pytest.raises(ConfigError, match="RETENTION_DAYS"):
        create_app({**app_config, "RETENTION_DAYS": 0})
