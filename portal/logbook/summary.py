"""Logbook figures for a period, for the summaries an employee chooses to share.

Only days the employee filled in count: a missing day lowers no average and adds no hours.
Days after today are neither filled in nor missing; they simply have not happened yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from portal import clock
from portal.logbook import services
from portal.logbook.models import LogEntry, entries_between
from portal.logbook.pacing import find_pattern


@dataclass(frozen=True)
class WeekHours:
    """Hours worked in one week (Monday), as a step of the build-up."""

    monday: dt.date
    hours: float


@dataclass(frozen=True)
class SharedNote:
    """A note the employee marked as fine to share, with its day."""

    day: dt.date
    text: str


@dataclass(frozen=True)
class LogbookSummary:
    """The logbook of one employee over one period, in figures."""

    start: dt.date
    end: dt.date
    days_in_period: int
    days_logged: int
    #: Days from the first entry (or the start) up to today without an entry.
    days_missing: int
    mean_energy: float | None
    #: None when the complaint level was never filled in.
    mean_complaint: float | None
    hours_worked_total: float
    hours_worked_per_week: tuple[WeekHours, ...]
    hours_planned_total: float
    #: Busier days followed by a dip in energy (see portal.logbook.pacing).
    crashes_observed: int
    shareable_notes: tuple[SharedNote, ...]
    #: The first day counted: the start, or the first day ever filled in when that is later;
    #: None when nothing was filled in up to the end of the period.
    counted_from: dt.date | None = None
    #: Days from counted_from up to today (or the end): "filled in on X of these days".
    days_counted: int = 0


def summarise_entries(
    entries: Sequence[LogEntry], start: dt.date, end: dt.date, now: dt.date
) -> LogbookSummary:
    """Summarise entries (sorted by day, history before start included for the baseline)."""
    period = [e for e in entries if start <= e.day <= end]
    first = entries[0].day if entries and entries[0].day <= end else None
    counted_from = None if first is None else max(start, first)
    elapsed = 0 if counted_from is None else max(0, (min(end, now) - counted_from).days + 1)
    complaints = [e.complaint_level for e in period if e.complaint_level is not None]
    weeks = services.weekly(period, start, end)
    pattern = find_pattern(services.to_points(entries), start, end, now, services.pacing_delay())
    return LogbookSummary(
        start=start,
        end=end,
        days_in_period=(end - start).days + 1,
        days_logged=len(period),
        days_missing=elapsed - len([e for e in period if e.day <= now]),
        mean_energy=services.mean([e.energy for e in period]),
        mean_complaint=services.mean(complaints),
        hours_worked_total=sum(e.hours_worked or 0.0 for e in period),
        hours_worked_per_week=tuple(WeekHours(w.monday, w.hours_worked or 0.0) for w in weeks),
        hours_planned_total=sum(e.hours_planned or 0.0 for e in period),
        crashes_observed=len(pattern.crashes),
        counted_from=counted_from,
        days_counted=elapsed,
        shareable_notes=tuple(
            SharedNote(e.day, e.note) for e in period if e.is_note_shareable and e.note
        ),
    )


def summarise(user_id: int, start: dt.date, end: dt.date) -> LogbookSummary:
    """Return the logbook summary of one employee for start..end inclusive (one query)."""
    history_start = start - dt.timedelta(days=services.HISTORY_DAYS)
    entries = entries_between(user_id, history_start, end)
    return summarise_entries(entries, start, end, clock.today())
