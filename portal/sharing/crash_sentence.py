"""The crash sentence: proposed from the logbook, approved by the employee before sharing.

"3 hours on 3 days: stable for 2 weeks; 4 hours → setback after 2 days, 3 days of recovery."
It is an interpretation of the employee's own days, so it is never shared on its own: after
checking the texts, the employee shares it as it is, in their own words, or leaves it out
(portal.sharing.views_crash_sentence). Until they choose, the preview sends them back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.i18n import _, ngettext, number

AS_IS, OWN, OUT = "as_is", "own", "out"


def _monday(value: str) -> dt.date:
    day = dt.date.fromisoformat(value)
    return day - dt.timedelta(days=day.weekday())


def stable_part(figures: dict[str, Any]) -> str | None:
    """Say the latest level of the plan held for whole weeks without a setback or overshoot."""
    plan = figures.get("buildup") or {}
    crash_weeks = {_monday(c["busy_day"]) for c in figures.get("crashes", [])}
    runs: list[list[dict[str, Any]]] = []
    for week in plan.get("weeks", []):
        level = (week.get("hours_per_day"), week.get("days_per_week"))
        calm = (
            None not in level
            and week.get("worked") is not None
            and not week.get("over_days")
            and dt.date.fromisoformat(week["monday"]) not in crash_weeks
        )
        if not calm:
            runs.append([])
            continue
        if (
            runs
            and runs[-1]
            and (runs[-1][-1]["hours_per_day"], runs[-1][-1]["days_per_week"]) == (level)
        ):
            runs[-1].append(week)
        else:
            runs.append([week])
    run = next((r for r in reversed(runs) if r), None)
    if run is None:
        return None
    return ngettext(
        "%(hours)s hours on %(days)d days: stable for %(num)d week",
        "%(hours)s hours on %(days)d days: stable for %(num)d weeks",
        len(run),
        hours=number(run[0]["hours_per_day"]),
        days=run[0]["days_per_week"],
    )


def crash_part(crash: dict[str, Any]) -> str:
    """Say one setback: the hours of the busy day, the delay, and the recovery."""
    delay = crash["delay"]
    setback = (
        ngettext(
            "%(hours)s hours → setback after %(num)d day",
            "%(hours)s hours → setback after %(num)d days",
            delay,
            hours=number(crash["hours"]),
        )
        if delay
        else _("%(hours)s hours → setback the same day", hours=number(crash["hours"]))
    )
    recovery = crash.get("recovery_days")
    if recovery is None:
        return setback + ", " + _("not recovered yet")
    return (
        setback + ", " + ngettext("%(num)d day of recovery", "%(num)d days of recovery", recovery)
    )


def proposed(figures: dict[str, Any] | None) -> str | None:
    """Return the proposed sentence, or None when the period had no setback."""
    if not figures or not figures.get("crashes"):
        return None
    parts = [stable_part(figures), *(crash_part(c) for c in figures["crashes"])]
    return "; ".join(p for p in parts if p) + "."


def pending(content: dict[str, Any]) -> bool:
    """Tell whether the draft has a proposed sentence the employee has not decided on."""
    sentence = proposed(content.get("figures"))
    decided = content.get("crash_sentence") or {}
    return sentence is not None and decided.get("proposed") != sentence


def approved_figures(content: dict[str, Any]) -> dict[str, Any] | None:
    """Return the draft's figures with the approved sentence (None when left out) added."""
    figures = content.get("figures")
    decided = content.get("crash_sentence") or {}
    if not figures or proposed(figures) is None or pending(content):
        return figures
    choice = decided.get("choice")
    text = (
        decided["proposed"] if choice == AS_IS else decided.get("text") if choice == OWN else None
    )
    return {**figures, "crash_sentence": text or None}
