"""The "since the last talk" part: agreements and advice done, look-back, Poortwachter status.

Read only for the owner while composing; the employee sees and edits the text in step 2.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import format_date

from portal import clock
from portal.consults import services as consults
from portal.consults.models import Consult
from portal.i18n import _, current_language
from portal.logbook import services as logbook
from portal.sharing import advice
from portal.timeline import services as timeline
from portal.timeline.models import steps_of
from portal.timeline.services import get_timeline

#: The Poortwachter steps the bedrijfsarts asks about, by their id in content/timeline.yaml.
STATUS_STEPS = ("probleemanalyse", "plan-van-aanpak")
EVALUATION = "evaluatie-plan"


def last_talk(user_id: int, now: dt.datetime) -> Consult | None:
    """Return the most recent talk that has taken place."""
    past = [t for t in consults.talks_of(user_id) if t.starts_at <= now]
    return max(past, key=lambda t: t.starts_at, default=None)


def agreements_lines(talk: Consult) -> list[str]:
    """Say which agreements of a talk are done: "x of y", then each one."""
    agreements = consults.agreements_of_talk(talk)
    if not agreements:
        return []
    done = sum(1 for a in agreements if a.done_at is not None)
    day = format_date(talk.starts_at.astimezone(clock.AMSTERDAM).date(), "long")
    lines = [
        _(
            "Agreements from the talk on %(date)s: %(done)d of %(total)d done.",
            date=day,
            done=done,
            total=len(agreements),
        )
    ]
    for agreement in agreements:
        lines.append(advice.agreement_line(agreement))
    return lines


def look_back_lines(talk: Consult) -> list[str]:
    """Return the look-back on the last talk, when the employee wrote one."""
    lines = []
    if talk.eval_good:
        lines.append(_("What went well: %(text)s", text=talk.eval_good))
    if talk.eval_differently:
        lines.append(_("What I would do differently: %(text)s", text=talk.eval_differently))
    return lines


def status_lines(user_id: int, today: dt.date) -> list[str]:
    """Return the week of absence and the dates of the Poortwachter steps."""
    sick_since = logbook.sick_since(user_id)
    if sick_since is None:
        return []
    lines = []
    week = timeline.absence_week(sick_since, today)
    if week is not None:
        lines.append(_("Week of absence: %(week)d.", week=week))
    notes = steps_of(user_id)
    items = timeline.schedule(get_timeline(), sick_since, today)
    for step_id in STATUS_STEPS:
        item = next((i for i in items if i.milestone.id == step_id), None)
        if item is None:
            continue
        title = item.milestone.title.get(current_language()) or next(
            iter(item.milestone.title.values())
        )
        note = notes.get(step_id)
        if note is not None and note.is_done:
            when = note.own_date or item.due_on
            lines.append(
                _("%(step)s: done (%(date)s).", step=title, date=format_date(when, "long"))
            )
        else:
            lines.append(
                _(
                    "%(step)s: not marked as done; due by %(date)s.",
                    step=title,
                    date=format_date(item.due_on, "long"),
                )
            )
    evaluation = next(
        (
            i
            for i in items
            if i.milestone.id == EVALUATION and i.status in ("current", "next", "upcoming")
        ),
        None,
    )
    if evaluation is not None:
        lines.append(
            _(
                "Next evaluation of the plan: by %(date)s.",
                date=format_date(evaluation.due_on, "long"),
            )
        )
    return lines


def since_text(user_id: int) -> str:
    """Prefill "since the last talk": agreements and advice x of y, look-back, the status."""
    talk = last_talk(user_id, clock.now())
    parts = []
    if talk is not None:
        parts.append("\n".join(agreements_lines(talk) + look_back_lines(talk)))
    parts.append("\n".join(advice.progress_lines(user_id)))
    parts.append("\n".join(status_lines(user_id, clock.today())))
    return "\n\n".join(p for p in parts if p)
