"""A summary's facts frozen as plain data: logbook figures, build-up weeks, capacity facts.

What is frozen here goes into the share as it is (dates as ISO text) and never refers back
to the logbook: the doctor reads what was true when the employee shared it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_babel import format_date

from portal import clock
from portal.auth.models import EmployeeProfile
from portal.db import db
from portal.logbook import buildup, capacity, pacing, trends
from portal.logbook import services as logbook
from portal.logbook.models import LogEntry, marks_between
from portal.logbook.summary import summarise_entries
from portal.sharing import evidence, figures

#: How far before the period a setback mark is read (a busy day's dip may fall in it).
HISTORY = dt.timedelta(days=7)


def load_kinds(user_id: int, start: dt.date, end: dt.date) -> dict[dt.date, Any]:
    """Return the days marked as a setback (with the load before it, if given)."""
    return {m.day: m.load_kind for m in marks_between(user_id, start - HISTORY, end)}


def logbook_figures(
    entries: Sequence[LogEntry],
    start: dt.date,
    end: dt.date,
    steps: Sequence[buildup.BuildUpStep],
    kinds: dict[dt.date, Any],
    user_id: int,
) -> dict[str, Any]:
    """Freeze the figures and charts of a period as plain data (dates as ISO text)."""
    now = clock.today()
    summary = summarise_entries(entries, start, end, now)
    plan = buildup.plan_per_day(steps, logbook.days(start, end))
    marks = frozenset(kinds)
    built = trends.build(
        entries, start, end, now, lambda d: format_date(d, "d MMM"), plan, crash_days=marks
    )
    period = [e for e in entries if start <= e.day <= end]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "counted_from": summary.counted_from.isoformat() if summary.counted_from else None,
        "days_counted": summary.days_counted,
        "hours": figures.hours_figures(period),
        "mean_sleep": built.mean_sleep,
        "crashes": [
            {
                "busy_day": c.busy_day.isoformat(),
                "dip_day": c.dip_day.isoformat(),
                "hours": c.hours,
                "delay": c.delay,
                "recovery_days": c.recovery_days,
                # What made it a setback: an energy dip, a marked day or missed work.
                "signal": c.signal,
                "marked": c.signal == pacing.MARKED,
            }
            for c in built.pacing.crashes
        ],
        "busy_days": len(built.pacing.busy_days),
        "setbacks_by_load": pacing.setbacks_by_load(
            built.pacing.crashes, kinds, {e.day for e in entries}, start, end
        ),
        "crash_confidence": built.pacing.confidence,
        "max_delay": built.pacing.max_delay,
        "buildup": buildup_figures(user_id, steps, entries, start, end, now),
        "days_in_period": summary.days_in_period,
        "days_logged": summary.days_logged,
        "days_missing": summary.days_missing,
        "mean_energy": summary.mean_energy,
        "mean_complaint": summary.mean_complaint,
        "hours_worked_total": summary.hours_worked_total,
        "hours_planned_total": summary.hours_planned_total,
        # The same count as the list above (marked setbacks included), never a second method.
        "crashes_observed": len(built.pacing.crashes),
        "charts": {
            "energy": dataclasses.asdict(built.energy),
            "hours": dataclasses.asdict(built.hours),
            "complaint": dataclasses.asdict(built.complaint) if built.complaint else None,
            "sleep": dataclasses.asdict(built.sleep) if built.sleep else None,
        },
    }


def buildup_figures(
    user_id: int,
    steps: Sequence[buildup.BuildUpStep],
    entries: Sequence[LogEntry],
    start: dt.date,
    end: dt.date,
    now: dt.date,
) -> dict[str, Any] | None:
    """Freeze each week against the build-up plan, and the next step; None without a plan."""
    if not steps:
        return None
    profile = db.session.get(EmployeeProfile, user_id)
    contract = float(profile.contract_hours) if profile and profile.contract_hours else None
    upcoming = buildup.next_step(steps, now)
    weeks = buildup.plan_weeks(steps, entries, start, end, contract, now)
    # Weeks before the plan with no hours filled in say nothing: the table starts after them.
    while weeks and weeks[0].planned is None and weeks[0].worked is None:
        weeks = weeks[1:]
    return {
        "contract_hours": contract,
        "weeks": [dataclasses.asdict(w) | {"monday": w.monday.isoformat()} for w in weeks],
        "next": {
            "starts_on": upcoming.starts_on.isoformat(),
            "hours_per_day": upcoming.hours_per_day,
            "days_per_week": upcoming.days_per_week,
        }
        if upcoming
        else None,
    }


def capacity_evidence(
    user_id: int,
    entries: Sequence[LogEntry],
    start: dt.date,
    end: dt.date,
    steps: Sequence[buildup.BuildUpStep],
    kinds: dict[dt.date, Any],
) -> dict[str, Any]:
    """Freeze the dated logbook facts under each capacity heading (same setbacks as figures)."""
    now = clock.today()
    signal = pacing.find_pattern(
        logbook.to_points(entries), start, end, now, logbook.pacing_delay(), frozenset(kinds)
    )
    found = pacing.setbacks(signal.crashes, kinds, {e.day for e in entries}, start, end)
    facts = evidence.freeze(steps, entries, found, start, end, now)
    rating = capacity.latest(user_id)  # the rating the text is prefilled from, for page one
    if rating is not None:
        facts["rating"] = {
            "week_of": rating.week_of.isoformat(),
            "levels": {
                key: answer["level"]
                for key, answer in rating.answers.items()
                if key in capacity.RUBRICS and (answer or {}).get("level") in capacity.LEVELS
            },
        }
    return facts


def rating_as_written(facts: dict[str, Any], text: str) -> dict[str, Any]:
    """Keep on page one only the levels whose line still stands as prefilled in the text.

    Page one states the capacity rating in one sentence. A heading the employee took out of
    their text, or whose level they changed, must not come back there from the stored
    rating: what reaches the doctor is what the employee approved.
    """
    rating = facts.get("rating")
    if not rating:
        return facts
    kept = {
        key: level
        for key, level in rating["levels"].items()
        if key in capacity.RUBRICS
        and level in capacity.LEVELS
        and f"{capacity.RUBRICS[key][0]}: {capacity.LEVELS[level]}" in text
    }
    if not kept:
        return {k: v for k, v in facts.items() if k != "rating"}
    return facts | {"rating": rating | {"levels": kept}}
