"""Dated facts from the logbook under each heading of the capacity self-rating.

The rating is the employee's own view; a bedrijfsarts weighs it against what happened.
Working hours get the hours worked per week and each day over the plan or followed by a
setback; the other headings get the setbacks whose kind of load the employee marked.
Nothing is inferred beyond that: no kind marked, no line; no logbook, a plain sentence.
The facts are frozen as plain data (dates as ISO text) and put into words when read, in
the reader's language, the same way on the page, in the preview and in the PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_babel import format_date

from portal.i18n import _, _l, ngettext, number
from portal.logbook import buildup
from portal.logbook.capacity import RUBRICS
from portal.logbook.models import BuildUpStep, LogEntry
from portal.logbook.pacing import Setback

#: The kinds of load that speak to each heading (working hours has its own facts).
LOADS_OF: dict[str, tuple[str, ...]] = {
    "personal": ("cognitive",),
    "social": ("social",),
    "environment": ("sensory",),
    "dynamic": ("physical",),
    "static": ("physical",),
}
#: A kind of load in a few words, for a line under a heading.
LOAD_WORDS: dict[str, Any] = {
    "cognitive": _l("thinking"),
    "social": _l("people"),
    "sensory": _l("noise, light or busy places"),
    "physical": _l("physical effort"),
}


def freeze(
    steps: Sequence[BuildUpStep],
    entries: Sequence[LogEntry],
    found: Sequence[Setback],
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> dict[str, Any]:
    """Return the dated facts of start..end as plain data for the snapshot."""
    period = [e for e in entries if start <= e.day <= end]
    crash_of = {s.crash.busy_day: s.crash for s in found if s.crash is not None}
    days = []
    for entry in period:
        worked = entry.hours_worked
        if not worked:
            continue
        step = buildup.week_step(steps, entry.day - dt.timedelta(days=entry.day.weekday()))
        over_plan = step is not None and buildup.is_over(worked, step.hours_per_day)
        over_day = (
            entry.minutes_planned is not None
            and (entry.minutes_worked or 0) > entry.minutes_planned
        )
        crash = crash_of.get(entry.day)
        if not (over_plan or over_day or crash):
            continue
        days.append(
            {
                "day": entry.day.isoformat(),
                "worked": worked,
                "plan_per_day": step.hours_per_day if over_plan and step else None,
                "planned": entry.hours_planned if over_day else None,
                "delay": crash.delay if crash else None,
                "recovery_days": crash.recovery_days if crash else None,
            }
        )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "weeks": [
            {"monday": w.monday.isoformat(), "worked": w.worked, "planned": w.planned}
            for w in buildup.plan_weeks(steps, period, start, end, None, today)
            if w.worked is not None
        ],
        "days": days,
        "setbacks": [
            {
                "day": s.day.isoformat(),
                "kind": s.kind,
                "busy_day": s.crash.busy_day.isoformat() if s.crash else None,
                "hours": s.crash.hours if s.crash else None,
                "delay": s.crash.delay if s.crash else None,
                "recovery_days": s.crash.recovery_days if s.crash else None,
            }
            for s in found
            if s.kind in LOAD_WORDS
        ],
    }


def _day(value: str) -> str:
    return format_date(dt.date.fromisoformat(value), "d MMM")


def _setback(delay: int, recovery: int | None) -> str:
    """Say when the setback came after a day and how long recovery took."""
    when = (
        ngettext("setback %(num)d day later", "setback %(num)d days later", delay)
        if delay
        else _("setback the same day")
    )
    if recovery is None:
        return when + ", " + _("not recovered yet")
    return when + ", " + ngettext("%(num)d day of recovery", "%(num)d days of recovery", recovery)


def _week(monday: dt.date, e: dict[str, Any]) -> str:
    """Name a week by its Monday, with the part in the period when it is only partly in it."""
    start, end = dt.date.fromisoformat(e["start"]), dt.date.fromisoformat(e["end"])
    first, last = max(monday, start), min(monday + dt.timedelta(days=6), end)
    label = format_date(monday, "d MMM")
    if first == monday and last == monday + dt.timedelta(days=6):
        return label
    return _(
        "%(week)s (only %(first)s to %(last)s)",
        week=label,
        first=format_date(first, "d MMM"),
        last=format_date(last, "d MMM"),
    )


def hours_lines(e: dict[str, Any]) -> list[str]:
    """Return the working-hours facts: each week's hours, then its days over plan or setback."""
    lines = []
    for week in e.get("weeks", []):
        monday = dt.date.fromisoformat(week["monday"])
        if week["planned"] is not None:
            lines.append(
                _(
                    "Week of %(date)s: %(worked)s hours worked, %(planned)s planned.",
                    date=_week(monday, e),
                    worked=number(week["worked"]),
                    planned=number(week["planned"]),
                )
            )
        else:
            lines.append(
                _(
                    "Week of %(date)s: %(worked)s hours worked.",
                    date=_week(monday, e),
                    worked=number(week["worked"]),
                )
            )
        for day in e.get("days", []):
            if not 0 <= (dt.date.fromisoformat(day["day"]) - monday).days < 7:
                continue
            parts = [
                _(
                    "%(date)s: %(worked)s hours worked",
                    date=_day(day["day"]),
                    worked=number(day["worked"]),
                )
            ]
            if day["plan_per_day"] is not None:
                parts.append(
                    _(
                        "above the build-up plan of %(hours)s hours a day",
                        hours=number(day["plan_per_day"]),
                    )
                )
            if day["planned"] == 0:
                parts.append(_("on a day without planned hours"))
            elif day["planned"] is not None:
                parts.append(
                    _(
                        "more than the %(hours)s hours planned that day",
                        hours=number(day["planned"]),
                    )
                )
            if day["delay"] is not None:
                parts.append(_setback(day["delay"], day["recovery_days"]))
            lines.append(", ".join(parts) + ".")
    return lines


def load_lines(e: dict[str, Any], key: str) -> list[str]:
    """Return the setbacks after the kinds of load that speak to one heading."""
    lines = []
    for s in e.get("setbacks", []):
        if s["kind"] not in LOADS_OF.get(key, ()):
            continue
        load = _("load: %(kind)s", kind=LOAD_WORDS[s["kind"]])
        if s["busy_day"] is None:
            lines.append(
                _("%(date)s: marked as a setback, %(load)s.", date=_day(s["day"]), load=load)
            )
        else:
            lines.append(
                _(
                    "%(date)s: %(hours)s hours worked, %(load)s; %(setback)s.",
                    date=_day(s["busy_day"]),
                    hours=number(s["hours"]),
                    load=load,
                    setback=_setback(s["delay"], s["recovery_days"]),
                )
            )
    return lines


def per_heading(e: dict[str, Any]) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Return (heading, its dated lines) for headings with facts, and the headings without."""
    rows, without = [], []
    for key, (title, _hint) in RUBRICS.items():
        lines = hours_lines(e) if key == "hours" else load_lines(e, key)
        if lines:
            rows.append((str(title), lines))
        else:
            without.append(str(title))
    return rows, without
