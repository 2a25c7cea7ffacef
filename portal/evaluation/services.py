"""Evaluation logic: the group threshold, month periods, and when to ask an employee."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select

from portal import clock
from portal.auth.models import Role, User
from portal.db import db
from portal.evaluation.models import Helped, HelpedAnswer, OutcomeAnswer, OutcomeConsent
from portal.messages.services import quarter_key

#: Every figure needs at least this many distinct people (PORTAL_EVALUATION_MIN_GROUP) ...
MIN_GROUP_DEFAULT = 10
#: ... and never fewer than this, whatever the configuration says.
MIN_GROUP_FLOOR = 5
#: The earliest month a period may start in.
FIRST_YEAR = 2000
#: Ask "did it help?" only after someone has used the portal for a while.
HELPED_AFTER = dt.timedelta(days=28)
#: Outcome rounds are at least this far apart; a calendar quarter is at most 92 days long, so
#: two rounds never fall in the same quarter.
OUTCOME_INTERVAL = dt.timedelta(days=92)

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def min_group(config: Mapping[str, Any]) -> int:
    """Return the smallest group a figure may describe: the setting, clamped to at least 5."""
    raw: Any = config.get("EVALUATION_MIN_GROUP")
    if raw is None:
        raw = os.environ.get("PORTAL_EVALUATION_MIN_GROUP", MIN_GROUP_DEFAULT)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = MIN_GROUP_DEFAULT
    return max(value, MIN_GROUP_FLOOR)


# --- periods --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole months: from `start` (None = the beginning) up to, not including, `end`.

    `end` is never later than the first day of the current month: figures cover complete
    months only, so one new answer cannot be spotted by reloading the page.
    """

    start: dt.date | None
    end: dt.date
    is_filtered: bool
    #: The first day of the current month: no figure counts anything from here on.
    horizon: dt.date

    def every_month(self) -> Period:
        """Return all complete months up to the horizon (to check each month of a cell)."""
        return Period(start=None, end=self.horizon, is_filtered=False, horizon=self.horizon)

    @property
    def first_month(self) -> str:
        """Return the first month as YYYY-MM, or "" from the beginning."""
        return "" if self.start is None else self.start.strftime("%Y-%m")

    @property
    def last_month(self) -> str:
        """Return the last month included as YYYY-MM."""
        return (self.end - dt.timedelta(days=1)).strftime("%Y-%m")

    def start_at(self) -> dt.datetime | None:
        """Return the start as a UTC moment."""
        return None if self.start is None else _utc(self.start)

    def end_at(self) -> dt.datetime:
        """Return the end as a UTC moment (exclusive)."""
        return _utc(self.end)


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def month_start(day: dt.date) -> dt.date:
    """Return the first day of the month of a day."""
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """Return the first day of the month after a day's month."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def parse_month(raw: str) -> dt.date | None:
    """Return the first day of a YYYY-MM month, or None when it is not a valid month."""
    match = MONTH_RE.match(raw.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if year < FIRST_YEAR or not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)


def all_months(today: dt.date) -> Period:
    """Return the default period: every complete month so far."""
    first = month_start(today)
    return Period(start=None, end=first, is_filtered=False, horizon=first)


def parse_period(raw_from: str, raw_to: str, today: dt.date) -> tuple[Period, bool]:
    """Return the asked period and whether it was valid; anything odd gives every month."""
    default = all_months(today)
    raw_from, raw_to = raw_from.strip(), raw_to.strip()
    if not raw_from and not raw_to:
        return default, True
    start = parse_month(raw_from) if raw_from else None
    last = parse_month(raw_to) if raw_to else None
    if (raw_from and start is None) or (raw_to and last is None):
        return default, False
    end = next_month(last) if last is not None else default.end
    if end > default.end or (start is not None and start >= end):
        return default, False
    return Period(start=start, end=end, is_filtered=True, horizon=default.end), True


def in_period(column: Any, period: Period, *, is_date: bool = False) -> list[ColumnElement[bool]]:
    """Return the conditions that keep a date or UTC moment column inside a period."""
    start: Any = period.start if is_date else period.start_at()
    end: Any = period.end if is_date else period.end_at()
    conditions = [column < end]
    if start is not None:
        conditions.append(column >= start)
    return conditions


def month_of(column: Any) -> ColumnElement[str]:
    """Return a YYYY-MM expression of a UTC moment column, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


# --- asking the employee ------------------------------------------------------------------


def current_quarter() -> str:
    """Return this quarter's key, e.g. "2026-Q2"."""
    return quarter_key(clock.today())


def helped_is_due(user: User) -> bool:
    """Return whether to ask "did it help?" now: once per quarter, after the first weeks."""
    if clock.now() - user.created_at < HELPED_AFTER:
        return False
    asked = db.session.scalar(
        select(HelpedAnswer.id).where(
            HelpedAnswer.user_id == user.id, HelpedAnswer.quarter == current_quarter()
        )
    )
    return asked is None


def record_helped(user_id: int, answer: Helped | None) -> bool:
    """Store this quarter's answer (None = not now); False when already asked this quarter."""
    quarter = current_quarter()
    exists = db.session.scalar(
        select(HelpedAnswer.id).where(
            HelpedAnswer.user_id == user_id, HelpedAnswer.quarter == quarter
        )
    )
    if exists is not None:
        return False
    db.session.add(
        HelpedAnswer(user_id=user_id, quarter=quarter, answer=answer, answered_at=clock.now())
    )
    return True


def consent_of(user_id: int) -> OutcomeConsent | None:
    """Return the employee's choice about the outcome questions, if they made one."""
    return db.session.get(OutcomeConsent, user_id)


def set_consent(user_id: int, is_opted_in: bool) -> None:
    """Record taking part or not; the caller commits."""
    consent = consent_of(user_id)
    if consent is None:
        consent = OutcomeConsent(user_id=user_id)
        db.session.add(consent)
    consent.is_opted_in = is_opted_in
    consent.changed_at = clock.now()


def last_outcome(user_id: int) -> OutcomeAnswer | None:
    """Return the employee's latest round of outcome questions."""
    return db.session.scalar(
        select(OutcomeAnswer)
        .where(OutcomeAnswer.user_id == user_id)
        .order_by(OutcomeAnswer.answered_at.desc())
        .limit(1)
    )


def outcome_is_due(last: OutcomeAnswer | None, moment: dt.datetime) -> bool:
    """Return whether a round is due: at enrolment, then three months after the last one."""
    return last is None or moment - last.answered_at >= OUTCOME_INTERVAL


def next_round_month(last: OutcomeAnswer | None) -> dt.date | None:
    """Return the month from which the next round can be answered."""
    return None if last is None else month_start((last.answered_at + OUTCOME_INTERVAL).date())


def new_outcome(user_id: int, last: OutcomeAnswer | None) -> OutcomeAnswer:
    """Add a round for this quarter; the first one is the baseline. The caller fills it in."""
    answer = OutcomeAnswer(
        user_id=user_id,
        quarter=current_quarter(),
        is_baseline=last is None,
        answered_at=clock.now(),
    )
    db.session.add(answer)
    return answer


def forget_outcomes(user_id: int) -> int:
    """Delete every outcome answer of an employee; return how many."""
    result = db.session.execute(delete(OutcomeAnswer).where(OutcomeAnswer.user_id == user_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def home_prompt(user: User) -> dict[str, Any] | None:
    """Return at most one gentle evaluation question for the employee's home page.

    {"kind": "helped", "form": HelpedForm} — the quarterly "did it help?" question (or skip);
    {"kind": "invite"} — the one-time invitation to the optional outcome questions;
    {"kind": "due", "is_baseline": bool} — a round of outcome questions is ready.
    None when there is nothing to ask (at most three small queries).
    """
    if user.role is not Role.EMPLOYEE:
        return None
    if helped_is_due(user):
        from portal.evaluation.forms import HelpedForm

        return {"kind": "helped", "form": HelpedForm(formdata=None)}
    consent = consent_of(user.id)
    if consent is None:
        return {"kind": "invite"}
    if consent.is_opted_in:
        last = last_outcome(user.id)
        if outcome_is_due(last, clock.now()):
            return {"kind": "due", "is_baseline": last is None}
    return None
