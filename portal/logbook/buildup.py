"""The agreed build-up schedule (opbouwschema) and each week's hours against it.

The employee (or the agreement of a talk) records periods: from a date on, so many hours
a day on so many days a week. A period lasts until the next one starts. Each week is then
compared with its plan: planned hours, hours worked, the share of the contract hours, and
the days over and under the plan, so a day over plan never hides a missed day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from portal.logbook.models import BuildUpStep, DayFigures, LogEntry


def step_on(steps: Sequence[BuildUpStep], day: dt.date) -> BuildUpStep | None:
    """Return the period of the plan a day falls in (steps sorted by start), or None."""
    found = None
    for step in steps:
        if step.starts_on <= day:
            found = step
        else:
            break
    return found


def next_step(steps: Sequence[BuildUpStep], day: dt.date) -> BuildUpStep | None:
    """Return the first period that starts after a day, or None."""
    return next((s for s in steps if s.starts_on > day), None)


def week_step(steps: Sequence[BuildUpStep], monday: dt.date) -> BuildUpStep | None:
    """Return the period of the plan a week (from its Monday) is measured against."""
    return step_on(steps, monday + dt.timedelta(days=6))


def is_over(hours: float, per_day: float) -> bool:
    """Tell whether a day's hours worked are more than the plan's hours per day."""
    return hours > per_day + 0.01


@dataclass(frozen=True)
class PlanWeek:
    """One week (Monday) against the build-up plan."""

    monday: dt.date
    #: None when no period of the plan covers this week.
    hours_per_day: float | None
    days_per_week: int | None
    planned: float | None
    #: None when no hours worked were filled in that week.
    worked: float | None
    #: Hours worked as a share of the contract hours (0..), None without contract or hours.
    contract_share: float | None
    #: Days with more hours than the plan's hours per day.
    over_days: int
    #: Days with fewer hours than the plan's hours per day, plus the plan's work days that
    #: were not worked at all (only once the week is over).
    short_days: int
    days_logged: int


def plan_weeks(
    steps: Sequence[BuildUpStep],
    entries: Sequence[LogEntry | DayFigures],
    start: dt.date,
    end: dt.date,
    contract_hours: float | None,
    today: dt.date,
) -> list[PlanWeek]:
    """Return one row per week of start..end with the plan, the hours and the days off plan."""
    by_week: dict[dt.date, list[LogEntry | DayFigures]] = {}
    for entry in entries:
        if start <= entry.day <= end:
            by_week.setdefault(entry.day - dt.timedelta(days=entry.day.weekday()), []).append(entry)
    rows = []
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= end:
        days = by_week.get(monday, [])
        step = week_step(steps, monday)
        worked_values = [e.hours_worked for e in days if e.hours_worked is not None]
        worked = sum(worked_values) if worked_values else None
        over = short = 0
        if step is not None:
            per_day = step.hours_per_day
            worked_days = [h for h in worked_values if h > 0]
            over = sum(1 for h in worked_days if is_over(h, per_day))
            short = sum(1 for h in worked_days if h < per_day - 0.01)
            if monday + dt.timedelta(days=6) < today:
                short += max(0, step.days_per_week - len(worked_days))
        rows.append(
            PlanWeek(
                monday=monday,
                hours_per_day=step.hours_per_day if step else None,
                days_per_week=step.days_per_week if step else None,
                planned=step.hours_per_week if step else None,
                worked=worked,
                contract_share=(worked / contract_hours)
                if worked is not None and contract_hours
                else None,
                over_days=over,
                short_days=short,
                days_logged=len(days),
            )
        )
        monday += dt.timedelta(days=7)
    return rows


def plan_per_day(steps: Sequence[BuildUpStep], dates: Sequence[dt.date]) -> dict[dt.date, float]:
    """Return the plan's hours per working day for each date a period covers (for a line)."""
    values = {}
    for day in dates:
        step = step_on(steps, day)
        if step is not None:
            values[day] = step.hours_per_day
    return values
