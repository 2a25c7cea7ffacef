"""Logbook logic: which days may be filled in, saving, shortcuts, weeks and the CSV export."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from portal import clock
from portal.auth.models import EmployeeProfile
from portal.db import db
from portal.logbook.models import (
    TEXT_FIELDS,
    DayFigures,
    LogEntry,
    entries_between,
    entry_on,
)
from portal.logbook.pacing import MAX_DELAY_DAYS, Baseline, DayPoint, baseline

EARLIEST_DAY = dt.date(1990, 1, 1)
#: How many years before the first sick day an entry may still be about.
YEARS_BEFORE_SICK = 2
#: How many days of history the trends and summary read for the pacing baseline.
HISTORY_DAYS = 365


def monday_of(day: dt.date) -> dt.date:
    """Return the Monday of the week a day falls in."""
    return day - dt.timedelta(days=day.weekday())


def days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Return every date from start to end inclusive."""
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def years_before(day: dt.date, years: int) -> dt.date:
    """Return the same calendar day some years earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def sick_since(user_id: int) -> dt.date | None:
    """Return the employee's first sick day, if they filled it in."""
    return db.session.scalar(
        select(EmployeeProfile.sick_since).where(EmployeeProfile.user_id == user_id)
    )


def day_problem(day: dt.date, now: dt.date, first_sick_day: dt.date | None) -> str | None:
    """Return why a day cannot have an entry ("future", "too_old", "before_sick") or None."""
    if day > now:
        return "future"
    if day < EARLIEST_DAY:
        return "too_old"
    if first_sick_day is not None and day < years_before(first_sick_day, YEARS_BEFORE_SICK):
        return "before_sick"
    return None


def entry_for_update(user_id: int, day: dt.date, now: dt.date) -> LogEntry:
    """Return the day's entry to change: the existing one, or a new one (added, not committed).

    A second entry for the same day therefore updates the first, never duplicates it.
    An entry made after its day is marked as filled in later.
    """
    entry = entry_on(user_id, day)
    if entry is None:
        entry = LogEntry(user_id=user_id, day=day, is_backfilled=day < now)
        db.session.add(entry)
    return entry


def save_day(
    user_id: int, day: dt.date, entry: LogEntry | None, fill: Callable[[LogEntry], None]
) -> LogEntry:
    """Store one day: fill the entry already loaded (or a new one) and commit once."""
    if entry is None:
        entry = LogEntry(user_id=user_id, day=day, is_backfilled=day < clock.today())
        db.session.add(entry)
    fill(entry)
    db.session.commit()
    return entry


def set_hours(
    entry: LogEntry, worked: float | None, planned: float | None, not_worked: bool
) -> None:
    """Store hours as minutes; "did not work" is 0 minutes with the flag, not a missing value."""
    entry.is_not_worked = not_worked
    entry.minutes_worked = 0 if not_worked else to_minutes(worked)
    entry.minutes_planned = to_minutes(planned)


def to_minutes(hours: float | None) -> int | None:
    """Convert hours to whole minutes."""
    return None if hours is None else round(hours * 60)


def copy_core(source: LogEntry, target: LogEntry) -> None:
    """Copy the numbers of one day to another (never the texts)."""
    target.energy = source.energy
    target.complaint_level = source.complaint_level
    target.sleep_quality = source.sleep_quality
    target.minutes_worked = source.minutes_worked
    target.minutes_planned = source.minutes_planned
    target.is_not_worked = source.is_not_worked


#: The day-form fields each one-tap shortcut fills in; anything else typed is kept.
SHORTCUT_REPLACES = {
    "same": frozenset(
        {"energy", "complaint_level", "sleep_quality", "hours_worked", "hours_planned"}
        | {"is_not_worked"}
    ),
    "usual": frozenset({"energy", "hours_worked", "is_not_worked"}),
}


def same_as_yesterday(user_id: int, now: dt.date) -> LogEntry | None:
    """Fill in today with yesterday's numbers; None when yesterday was not filled in."""
    yesterday = entry_on(user_id, now - dt.timedelta(days=1))
    if yesterday is None:
        return None
    entry = entry_for_update(user_id, now, now)
    copy_core(yesterday, entry)
    return entry


def current_baseline(user_id: int, now: dt.date) -> Baseline | None:
    """Return the employee's baseline: the average of their last 28 logged days."""
    rows = db.session.scalars(
        select(LogEntry)
        .where(LogEntry.user_id == user_id, LogEntry.day <= now)
        .order_by(LogEntry.day.desc())
        .limit(28)
    ).all()
    return baseline(to_points(reversed(rows)), now + dt.timedelta(days=1))


def stable_day(user_id: int, now: dt.date) -> LogEntry | None:
    """Fill in today as a usual day: energy and hours at the baseline; None without one."""
    base = current_baseline(user_id, now)
    if base is None:
        return None
    entry = entry_for_update(user_id, now, now)
    entry.energy = round(base.energy)
    hours = None if base.hours is None else round(base.hours * 4) / 4  # nearest quarter
    set_hours(entry, hours, entry.hours_planned, not_worked=False)
    return entry


def pacing_delay() -> int:
    """Return how many days after a busy day to look for a dip (PORTAL_PACING_MAX_DELAY_DAYS)."""
    return int(current_app.config.get("PACING_MAX_DELAY_DAYS", MAX_DELAY_DAYS))


def to_points(entries: Iterable[LogEntry | DayFigures]) -> list[DayPoint]:
    """Turn entries into the plain day points the pacing check reads."""
    return [
        DayPoint(
            e.day,
            e.energy,
            e.hours_worked,
            missed_work=e.minutes_worked == 0 and (e.minutes_planned or 0) > 0,
        )
        for e in entries
    ]


def mean(values: Sequence[float]) -> float | None:
    """Return the average, or None for no values (never 0)."""
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class WeekRow:
    """Figures of one week (or, for long periods, one month): only days filled in count."""

    #: First and last day of the row: Monday and Sunday, or the month's first and last day.
    monday: dt.date
    sunday: dt.date
    days_logged: int
    energy: float | None
    complaint: float | None
    hours_worked: float | None
    hours_planned: float | None


def _row(first: dt.date, last: dt.date, days: Sequence[LogEntry | DayFigures]) -> WeekRow:
    worked = [e.hours_worked for e in days if e.hours_worked is not None]
    planned = [e.hours_planned for e in days if e.hours_planned is not None]
    return WeekRow(
        monday=first,
        sunday=last,
        days_logged=len(days),
        energy=mean([e.energy for e in days]),
        complaint=mean([e.complaint_level for e in days if e.complaint_level is not None]),
        hours_worked=sum(worked) if worked else None,
        hours_planned=sum(planned) if planned else None,
    )


def weekly(entries: Sequence[LogEntry | DayFigures], start: dt.date, end: dt.date) -> list[WeekRow]:
    """Return one row per week (Monday to Sunday) that overlaps start..end."""
    by_week: dict[dt.date, list[LogEntry | DayFigures]] = {}
    for entry in entries:
        if start <= entry.day <= end:
            by_week.setdefault(monday_of(entry.day), []).append(entry)
    rows = []
    monday = monday_of(start)
    while monday <= end:
        rows.append(_row(monday, monday + dt.timedelta(days=6), by_week.get(monday, [])))
        monday += dt.timedelta(days=7)
    return rows


def monthly(
    entries: Sequence[LogEntry | DayFigures], start: dt.date, end: dt.date
) -> list[WeekRow]:
    """Return one row per calendar month that overlaps start..end (clipped to the period)."""
    by_month: dict[tuple[int, int], list[LogEntry | DayFigures]] = {}
    for entry in entries:
        if start <= entry.day <= end:
            by_month.setdefault((entry.day.year, entry.day.month), []).append(entry)
    rows = []
    first = start
    while first <= end:
        next_month = (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        last = min(next_month - dt.timedelta(days=1), end)
        rows.append(_row(first, last, by_month.get((first.year, first.month), [])))
        first = next_month
    return rows


#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Return a value as CSV text that a spreadsheet never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_csv(entries: Sequence[LogEntry], headers: Sequence[str], yes: str) -> str:
    """Return the entries as CSV text, one row per day filled in."""

    def hours(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    def flag(value: bool) -> str:
        return yes if value else ""

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in headers])
    for e in entries:
        row: list[object] = [
            e.day.isoformat(),
            e.energy,
            hours(e.hours_worked),
            flag(e.is_not_worked),
            hours(e.hours_planned),
            e.complaint_level,
            e.sleep_quality,
            flag(e.is_backfilled),
            *(getattr(e, name) for name in TEXT_FIELDS),
            flag(e.is_note_shareable),
        ]
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff" + out.getvalue()  # the byte-order mark lets spreadsheets read accents


def month_grid(first: dt.date) -> list[list[dt.date | None]]:
    """Return the weeks of a month, Monday first; days of other months are None."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [[d if d.month == first.month else None for d in week] for week in weeks]


def month_end(first: dt.date) -> dt.date:
    """Return the last day of the month that starts on first."""
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


@dataclass(frozen=True)
class HomeStatus:
    """What the home page shows about the logbook."""

    today: dt.date
    #: Today's entry, or None when today is not filled in yet.
    entry: LogEntry | None
    has_yesterday: bool


def home_status(user_id: int) -> HomeStatus:
    """Return whether today and yesterday are filled in (one query)."""
    now = clock.today()
    recent = {e.day: e for e in entries_between(user_id, now - dt.timedelta(days=1), now)}
    return HomeStatus(now, recent.get(now), now - dt.timedelta(days=1) in recent)
