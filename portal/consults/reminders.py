"""Reminder e-mails about talks: opt-in, content-free, never during quiet hours."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import clock
from portal.auth.models import Role, User
from portal.consults.models import Consult, ConsultPreferences
from portal.consults.services import has_goals
from portal.db import db
from portal.mail import absolute_url, send
from portal.outbox import commit_once

log = logging.getLogger(__name__)

PREPARE, EVALUATE = "prepare", "evaluate"
#: Remind to prepare from this many days before the talk.
PREPARE_DAYS_BEFORE = 3
#: Remind to look back from the day after the talk, but not for talks older than this.
EVALUATE_WITHIN_DAYS = 7


def is_quiet(hour: int, quiet_from: int, quiet_until: int) -> bool:
    """Return whether a local hour falls in the quiet hours (which may wrap past midnight)."""
    if quiet_from == quiet_until:
        return False
    if quiet_from < quiet_until:
        return quiet_from <= hour < quiet_until
    return hour >= quiet_from or hour < quiet_until


def kind_due(consult: Consult, now: dt.datetime) -> str | None:
    """Return which reminder a talk needs now, if any (each is sent at most once)."""
    today, day = clock.local_date(now), clock.local_date(consult.starts_at)
    if (
        consult.prepare_reminded_at is None
        and consult.starts_at > now
        and (day - today).days <= PREPARE_DAYS_BEFORE
        and not has_goals(consult)
    ):
        return PREPARE
    if (
        consult.evaluate_reminded_at is None
        and consult.evaluated_at is None
        and 1 <= (today - day).days <= EVALUATE_WITHIN_DAYS
    ):
        return EVALUATE
    return None


def _due(now: dt.datetime) -> list[tuple[User, Consult, str]]:
    """Return (employee, talk, kind) for every reminder due now (one query)."""
    window_start = now - dt.timedelta(days=EVALUATE_WITHIN_DAYS + 2)
    window_end = now + dt.timedelta(days=PREPARE_DAYS_BEFORE + 2)
    rows = db.session.execute(
        select(Consult, User, ConsultPreferences)
        .join(User, User.id == Consult.user_id)
        .join(ConsultPreferences, ConsultPreferences.user_id == Consult.user_id)
        .where(
            ConsultPreferences.wants_reminders.is_(True),
            User.is_active.is_(True),
            User.role == Role.EMPLOYEE,
            Consult.starts_at.between(window_start, window_end),
        )
        .options(joinedload(Consult.goals))
        .order_by(Consult.user_id, Consult.starts_at)
    ).unique()
    hour = now.astimezone(clock.AMSTERDAM).hour
    due = []
    for consult, user, prefs in rows:
        kind = kind_due(consult, now)
        if kind and not is_quiet(hour, prefs.quiet_from, prefs.quiet_until):
            due.append((user, consult, kind))
    return due


def due_reminders(now: dt.datetime) -> list[tuple[int, str]]:
    """Return (user id, kind) for each reminder due now; one per employee and kind."""
    seen: dict[tuple[int, str], None] = {}
    for user, _consult, kind in _due(now):
        seen.setdefault((user.id, kind), None)
    return list(seen)


def send_reminders(now: dt.datetime) -> int:
    """Send the due reminders, one e-mail per employee and kind; return how many were sent."""
    groups: dict[tuple[int, str], tuple[User, list[Consult]]] = {}
    for user, consult, kind in _due(now):
        groups.setdefault((user.id, kind), (user, []))[1].append(consult)
    queued = 0
    for (user_id, kind), (user, consults) in groups.items():
        send(
            "consult_reminder",
            user.email,
            user.locale,
            user_id=user_id,
            dedupe_key=f"talk-{kind}:{consults[0].id}",
            link=absolute_url("consults.index"),
            settings_link=absolute_url("consults.preferences"),
        )
        for consult in consults:
            if kind == PREPARE:
                consult.prepare_reminded_at = now
            else:
                consult.evaluate_reminded_at = now
        # Per e-mail, together with the outbox row: decided exactly once (portal/outbox.py).
        if commit_once(f"reminder {kind} for user {user_id}"):
            log.info("reminder %s queued for user %s", kind, user_id)
            queued += 1
    return queued
