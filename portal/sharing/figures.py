"""Figures of a shared logbook period in sentences that are true in every combination.

Hours worked are known, "did not work" (0 with its own flag), or not filled in; hours
planned are known (possibly 0: a rest day) or not filled in. An empty plan is unknown,
never zero, and only days where both are known are compared with each other. Over- and
under-shoot are counted separately, so a day over plan never hides a missed day.

The sentences speak about the employee by name: they are read by the recipient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_babel import format_date

from portal.i18n import _, ngettext, number
from portal.logbook.capacity import LEVELS, RUBRICS
from portal.logbook.models import LOAD_KINDS, LogEntry
from portal.logbook.pacing import UNKNOWN_LOAD


def hours_figures(period: Sequence[LogEntry]) -> dict[str, Any]:
    """Return the hours of a period as plain data (frozen into the snapshot)."""
    worked_days = [e for e in period if e.hours_worked is not None]
    planned_days = [e for e in period if e.hours_planned is not None]
    both = [e for e in period if e.hours_worked is not None and e.hours_planned is not None]
    over = [e for e in both if (e.hours_worked or 0) > (e.hours_planned or 0)]
    under = [e for e in both if (e.hours_worked or 0) < (e.hours_planned or 0)]
    return {
        "worked_days": len(worked_days),
        "worked_total": sum(e.hours_worked or 0.0 for e in worked_days),
        "not_worked_days": sum(1 for e in period if e.is_not_worked),
        "planned_days": len(planned_days),
        "planned_total": sum(e.hours_planned or 0.0 for e in planned_days),
        "rest_days": sum(1 for e in planned_days if e.hours_planned == 0 and not e.hours_worked),
        "compared_days": len(both),
        "compared_worked": sum(e.hours_worked or 0.0 for e in both),
        "compared_planned": sum(e.hours_planned or 0.0 for e in both),
        "over_days": len(over),
        "over_hours": sum((e.hours_worked or 0) - (e.hours_planned or 0) for e in over),
        "under_days": len(under),
        "under_hours": sum((e.hours_planned or 0) - (e.hours_worked or 0) for e in under),
        "under_not_worked_days": sum(1 for e in under if e.is_not_worked),
        "days_without_plan": len(worked_days) - len(both),
    }


def period_hours_lines(
    h: dict[str, Any] | None, name: str, buildup: dict[str, Any] | None = None
) -> list[str]:
    """Return the period's hours as sentences about the employee called name.

    With a build-up plan (``buildup``, frozen with the figures) and no hours planned per
    day, the sentence points to the plan per week instead of calling the plan unknown.
    """
    if not h:
        return []
    lines = []
    if h["worked_days"]:
        lines.append(
            ngettext(
                "%(name)s filled in hours worked on %(num)d day: %(hours)s hours in total.",
                "%(name)s filled in hours worked on %(num)d days: %(hours)s hours in total.",
                h["worked_days"],
                name=name,
                hours=number(h["worked_total"]),
            )
        )
        if h["not_worked_days"]:
            lines.append(
                ngettext(
                    "Of these, %(num)d day without work.",
                    "Of these, %(num)d days without work.",
                    h["not_worked_days"],
                )
            )
    else:
        lines.append(_("%(name)s did not fill in hours worked in this period.", name=name))
    if h["planned_days"]:
        lines.append(
            ngettext(
                "A plan was filled in for %(num)d day: %(hours)s hours planned.",
                "A plan was filled in for %(num)d days: %(hours)s hours planned.",
                h["planned_days"],
                hours=number(h["planned_total"]),
            )
        )
        if h["rest_days"]:
            lines.append(
                ngettext(
                    "%(num)d of them was a planned rest day.",
                    "%(num)d of them were planned rest days.",
                    h["rest_days"],
                )
            )
    elif buildup:
        lines.append(
            _("No hours were planned per day; the build-up plan below gives them per week.")
        )
    else:
        lines.append(_("No planned hours were filled in, so they are unknown (not zero)."))
    if h["compared_days"] and not h["compared_planned"]:
        lines.append(
            ngettext(
                "On the %(num)d day with both, no hours were planned; %(worked)s hours were "
                "worked.",
                "On the %(num)d days with both, no hours were planned; %(worked)s hours were "
                "worked.",
                h["compared_days"],
                worked=number(h["compared_worked"]),
            )
        )
    elif h["compared_days"]:
        lines.append(
            ngettext(
                "On the %(num)d day with both: %(worked)s of %(planned)s planned hours worked.",
                "On the %(num)d days with both: %(worked)s of %(planned)s planned hours worked.",
                h["compared_days"],
                worked=number(h["compared_worked"]),
                planned=number(h["compared_planned"]),
            )
        )
        lines.append(
            ngettext(
                "More than planned on %(num)d day (%(hours)s hours more in total).",
                "More than planned on %(num)d days (%(hours)s hours more in total).",
                h["over_days"],
                hours=number(h["over_hours"]),
            )
            if h["over_days"]
            else _("Never more than planned.")
        )
        if h["under_days"]:
            lines.append(
                ngettext(
                    "Less than planned on %(num)d day (%(hours)s hours less in total).",
                    "Less than planned on %(num)d days (%(hours)s hours less in total).",
                    h["under_days"],
                    hours=number(h["under_hours"]),
                )
            )
            if h["under_not_worked_days"]:
                lines.append(
                    ngettext(
                        "Of those, %(num)d day not worked at all.",
                        "Of those, %(num)d days not worked at all.",
                        h["under_not_worked_days"],
                    )
                )
        else:
            lines.append(_("Never less than planned."))
    if h["days_without_plan"] and h["planned_days"]:
        lines.append(
            ngettext(
                "On %(num)d day with hours worked no plan was filled in.",
                "On %(num)d days with hours worked no plan was filled in.",
                h["days_without_plan"],
            )
        )
    return lines


def day_hours_text(entry: LogEntry) -> str | None:
    """Return one day's hours in words, or None when neither was filled in."""
    worked, planned = entry.hours_worked, entry.hours_planned
    if entry.is_not_worked:
        if planned is None:
            return _("did not work")
        if planned == 0:
            return _("did not work (planned rest day)")
        return _("did not work (%(planned)s hours planned)", planned=number(planned))
    if worked is None:
        if planned is None:
            return None
        return _("%(planned)s hours planned, hours worked not filled in", planned=number(planned))
    if planned is None:
        return _("%(worked)s hours worked (no plan filled in)", worked=number(worked))
    if planned == 0:
        if worked == 0:
            return _("planned rest day")
        return _("%(worked)s hours worked on a day without planned hours", worked=number(worked))
    return _(
        "%(worked)s of %(planned)s planned hours worked",
        worked=number(worked),
        planned=number(planned),
    )


def setback_load_line(f: dict[str, Any]) -> str | None:
    """Say the setbacks per kind of load, or None when there were none (or no kind data)."""
    counts = f.get("setbacks_by_load")
    if not counts:
        return None
    labels = {**LOAD_KINDS, UNKNOWN_LOAD: _("kind not said")}
    parts = [f"{labels[kind]}: {counts[kind]}" for kind in labels if counts.get(kind)]
    return _("Setbacks by the kind of load before them: %(parts)s.", parts="; ".join(parts))


def _date(value: str) -> str:
    return format_date(dt.date.fromisoformat(value), "d MMMM")


def capacity_line(snapshot: dict[str, Any], name: str) -> str | None:
    """Say the shared capacity rating per level in one sentence, or None without one."""
    part = next((p for p in snapshot.get("sections", []) if p.get("key") == "capacity"), None)
    rating = ((part or {}).get("evidence") or {}).get("rating")
    if not rating or not rating.get("levels"):
        return None
    levels = rating["levels"]
    groups = []
    for level, label in LEVELS.items():
        titles = [str(title) for key, (title, _hint) in RUBRICS.items() if levels.get(key) == level]
        if titles:
            groups.append(f"{label}: {', '.join(titles)}")
    return _(
        "Capacity as %(name)s rates it (week of %(date)s): %(levels)s.",
        name=name,
        date=_date(rating["week_of"]),
        levels="; ".join(groups),
    )


def overview_lines(snapshot: dict[str, Any], name: str) -> list[str]:
    """Return the first page in sentences: build-up, crashes, hours, and the capacity rating."""
    rated = capacity_line(snapshot, name)
    return [*figure_lines(snapshot, name), *([rated] if rated else [])]


def figure_lines(snapshot: dict[str, Any], name: str) -> list[str]:
    """Return the logbook's part of the first page: build-up against the plan, crashes, hours."""
    part = next((p for p in snapshot.get("sections", []) if p.get("figures")), None)
    if part is None:
        return []
    f = part["figures"]
    lines = []
    plan = f.get("buildup")
    if plan:
        weeks = [w for w in plan["weeks"] if w["planned"] is not None and w["worked"] is not None]
        if weeks:
            w = weeks[-1]  # the latest week with both a plan and hours filled in
            lines.append(
                _(
                    "Build-up, week of %(date)s: %(worked)s of %(planned)s planned hours "
                    "(%(per_day)s hours on %(days)d days); days over the plan: %(over)d, "
                    "days under the plan: %(short)d.",
                    date=_date(w["monday"]),
                    worked=number(w["worked"] or 0),
                    planned=number(w["planned"]),
                    per_day=number(w["hours_per_day"]),
                    days=w["days_per_week"],
                    over=w["over_days"],
                    short=w["short_days"],
                )
            )
        if plan.get("next"):
            lines.append(
                _(
                    "Next step from %(date)s: %(hours)s hours a day on %(days)d days a week.",
                    date=_date(plan["next"]["starts_on"]),
                    hours=number(plan["next"]["hours_per_day"]),
                    days=plan["next"]["days_per_week"],
                )
            )
    # The employee approved, rephrased or left out this sentence (portal.sharing.crash_sentence).
    if f.get("crash_sentence"):
        lines.append(
            _(
                "Setbacks, as %(name)s put it: %(sentence)s",
                name=name,
                sentence=f["crash_sentence"],
            )
        )
    for crash in [] if "crash_sentence" in f else f.get("crashes", []):
        recovery = crash.get("recovery_days")
        values = {
            "date": _date(crash["busy_day"]),
            "hours": number(crash["hours"]),
            "delay": crash["delay"],
            "recovery": ngettext(
                "back near the usual energy after %(num)d day",
                "back near the usual energy after %(num)d days",
                recovery,
            )
            if recovery is not None
            else _("not yet back near the usual energy"),
        }
        # A day counted because it was marked or because planned work was not done is no
        # energy dip: say what it was.
        if crash.get("signal") == "missed_work":
            line = _(
                "%(date)s: %(hours)s hours worked, planned work not done after %(delay)d days, "
                "%(recovery)s.",
                **values,
            )
        elif crash.get("marked"):
            line = _(
                "%(date)s: %(hours)s hours worked, marked as a setback after %(delay)d days, "
                "%(recovery)s.",
                **values,
            )
        else:
            line = _(
                "%(date)s: %(hours)s hours worked, energy dip after %(delay)d days, %(recovery)s.",
                **values,
            )
        lines.append(line)
    if "crashes" in f and not f["crashes"]:
        lines.append(_("%(name)s had no setback after a busier day in this period.", name=name))
    load = setback_load_line(f)
    # On page one "kind not said" alone says little; the details below still give it.
    if load and any(n for kind, n in f["setbacks_by_load"].items() if kind != UNKNOWN_LOAD):
        lines.append(load)
    hours = f.get("hours")
    if hours and hours.get("compared_days"):
        lines.append(
            _(
                "Hours against the day plans: days over: %(over)d, days under: %(under)d.",
                over=hours["over_days"],
                under=hours["under_days"],
            )
        )
    return lines
