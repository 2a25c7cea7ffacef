"""The sections of a summary: their labels, and texts prefilled from the employee's own data.

Prefills are read only for the logged-in employee (the owner) while composing. What is
shared is the employee's (edited) text plus, for the logbook, figures and charts frozen as
plain data: the snapshot never refers back to the sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask_babel import format_date
from sqlalchemy import select

from portal import clock
from portal.auth.models import EmployeeProfile
from portal.consults import services as consults
from portal.consults.models import Consult
from portal.db import db
from portal.dossier import treatment
from portal.dossier.models import treatment_of
from portal.i18n import _, _l, number
from portal.learning import content as learning_content
from portal.learning import services as learning
from portal.learning.models import SelfCheckResult
from portal.learning.selfchecks import ZELFMANAGEMENT, signal_topics
from portal.logbook import capacity
from portal.logbook import services as logbook
from portal.logbook.models import LogEntry, entries_between, steps_of
from portal.sharing import figures, since
from portal.sharing.frozen import (
    capacity_evidence,
    load_kinds,
    logbook_figures,
    rating_as_written,
)

#: Section keys in the order of the "scherpe foto" (seed 004 section 6), with their headings.
SECTION_LABELS: dict[str, Any] = {
    "since": _l("Since the last talk"),
    "work": _l("Work context and hours"),
    "course": _l("Course of my absence and the build-up so far"),
    "condition": _l("My condition in my own words"),
    "abilities": _l("What I can and cannot do"),
    "capacity": _l("My capacity per heading (own rating)"),
    "helps": _l("What helps and what hinders"),
    "treatment": _l("Treatment"),
    "goals": _l("My goals, proposals and questions"),
    "logbook": _l("My logbook"),
    "selfcheck": _l("Self-check results"),
    "dossier": _l("From my dossier"),
    "free": _l("In my own words"),
}
SECTIONS = tuple(SECTION_LABELS)
#: Sections whose prefill comes from a chosen talk preparation.
TALK_SECTIONS = ("condition", "abilities", "goals")
#: Own words kept when the employee shares an updated version of an earlier summary.
OWN_WORDS = ("condition", "free")

#: Fields the employee may pick for the day-by-day logbook lines.
DAY_FIELDS: dict[str, Any] = {
    "energy": _l("Energy"),
    "complaint": _l("Complaints"),
    "sleep": _l("Sleep"),
    "hours": _l("Hours worked and planned"),
    "work_activities": _l("Activities at work"),
    "home_activities": _l("Activities at home"),
    "helped": _l("What helped"),
    "hindered": _l("What hindered"),
    "note": _l("Notes I marked as fine to share"),
}
#: Longest text per section, in characters.
MAX_SECTION_TEXT = 8000


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def work_text(user_id: int) -> str:
    """Prefill the work context from the employee's profile."""
    profile = db.session.get(EmployeeProfile, user_id)
    if profile is None:
        return ""
    return _lines(
        _("Job: %(job)s", job=profile.job_title) if profile.job_title else None,
        _("Contract hours: %(hours)s per week", hours=profile.contract_hours)
        if profile.contract_hours
        else None,
    )


def course_text(user_id: int, entries: Sequence[LogEntry], start: dt.date, end: dt.date) -> str:
    """Prefill the course of the absence: sick day, hours per week, and my step plan."""
    profile = db.session.get(EmployeeProfile, user_id)
    lines: list[str] = []
    if profile is not None and profile.sick_since is not None:
        lines.append(_("Sick since %(date)s.", date=format_date(profile.sick_since, "long")))
    period = [e for e in entries if start <= e.day <= end]
    for week in logbook.weekly(period, start, end):
        if week.hours_worked is not None:
            lines.append(
                _(
                    "Week of %(date)s: %(hours)s hours worked.",
                    date=format_date(week.monday, "d MMM"),
                    hours=number(week.hours_worked),
                )
            )
    for row in learning.step_plan(user_id) or []:
        details = ", ".join(v for v in (row.get("when"), row.get("who")) if v)
        step = row.get("step", "")
        lines.append(_("Step: %(step)s", step=f"{step} ({details})" if details else step))
    return "\n".join(lines)


def condition_text(consult: Consult | None) -> str:
    """Prefill my condition from what changed, as written in the chosen talk preparation."""
    return (consult.changed or "") if consult is not None else ""


def abilities_text(user_id: int, consult: Consult | None) -> str:
    """Prefill what I can and cannot do: the chosen talk's preparation, else the exercise."""
    if consult is not None and (consult.can_do or consult.cannot_do):
        can, cannot = consult.can_do, consult.cannot_do
    else:
        rows = learning.scherpe_foto(user_id) or []
        if not rows:
            return ""
        can = [r for r in rows if r["can"]]
        cannot = [r for r in rows if not r["can"]]

    def item(row: dict[str, Any]) -> str:
        example = row.get("example")
        return f"- {row.get('what', '')}" + (f" ({example})" if example else "")

    parts = []
    if can:
        parts.append(_("I can:") + "\n" + "\n".join(map(item, can)))
    if cannot:
        parts.append(_("I cannot (yet):") + "\n" + "\n".join(map(item, cannot)))
    return "\n\n".join(parts)


def capacity_text(user_id: int) -> str:
    """Prefill my latest capacity rating per heading, with the change since the last talk."""
    rating = capacity.latest(user_id)
    if rating is None:
        return ""
    talk = since.last_talk(user_id, clock.now())
    talk_day = clock.local_date(talk.starts_at) if talk else None
    then = capacity.since_talk(user_id, talk_day, rating.week_of)
    changes = capacity.trend(rating.answers, then.answers if then else None)
    words = {
        "better": _("better since the last talk"),
        "same": _("the same as at the last talk"),
        "worse": _("harder since the last talk"),
    }
    lines = [_("My own rating of the week of %(date)s:", date=format_date(rating.week_of, "long"))]
    for key, (title, _hint) in capacity.RUBRICS.items():
        answer = rating.answers.get(key)
        if not answer or answer.get("level") not in capacity.LEVELS:
            continue
        line = f"- {title}: {capacity.LEVELS[answer['level']]}"
        if answer.get("example"):
            line += f" ({answer['example']})"
        if key in changes:
            line += f"; {words[changes[key]]}"
        lines.append(line + ".")
    return "\n".join(lines)


def helps_text(user_id: int, entries: Sequence[LogEntry], start: dt.date, end: dt.date) -> str:
    """Prefill what helps and hinders: my logbook of the period and my problem worksheet."""
    period = [e for e in entries if start <= e.day <= end]
    helped = list(dict.fromkeys(e.helped for e in period if e.helped))
    hindered = list(dict.fromkeys(e.hindered for e in period if e.hindered))
    sheet = learning.problem_worksheet(user_id) or {}
    if sheet.get("helpers"):
        helped.append(sheet["helpers"])
    if sheet.get("solutions"):
        helped.append(sheet["solutions"])
    parts = []
    if helped:
        parts.append(_("What helps:") + "\n" + "\n".join(f"- {t}" for t in helped))
    if hindered:
        parts.append(_("What hinders:") + "\n" + "\n".join(f"- {t}" for t in hindered))
    return "\n\n".join(parts)


def treatment_text(user_id: int) -> str:
    """Prefill the treatment part from "My treatment"; else a short form to complete."""
    recorded = treatment.summary_text(treatment_of(user_id))
    if recorded is not None:
        return recorded
    return "\n".join(
        [
            _("Who treats me (for example psychologist, physiotherapist): "),
            _("Since: "),
            _("How often: "),
            _("Waiting list (for what, how long): "),
            _("May my bedrijfsarts contact my treater? yes / no"),
            _(
                "(Contact needs my separate, written consent for that one question; this "
                "summary is not that consent.)"
            ),
        ]
    )


def goals_text(consult: Consult | None) -> str:
    """Prefill goals, proposals and questions of the chosen talk (never the private note)."""
    if consult is None:
        return ""
    goals = [g.text for g in consult.goals if g.text]
    questions = consults.question_texts(consult)
    parts = []
    if goals:
        parts.append(_("My goals:") + "\n" + "\n".join(f"- {g}" for g in goals))
    if consult.proposals:
        parts.append(_("My proposals:") + "\n" + consult.proposals)
    steps = [step for step in consult.step_plan if step]
    if steps:
        parts.append(_("My step plan:") + "\n" + "\n".join(f"- {s}" for s in steps))
    if questions:
        parts.append(_("My questions:") + "\n" + "\n".join(f"- {q}" for q in questions))
    return "\n\n".join(parts)


def selfcheck_text(user_id: int, lang: str) -> str:
    """Prefill the results of my latest self-checks, as numbers and topics."""
    results = db.session.scalars(
        select(SelfCheckResult)
        .where(SelfCheckResult.user_id == user_id)
        .order_by(SelfCheckResult.taken_at.desc(), SelfCheckResult.id.desc())
    ).all()
    latest: dict[str, SelfCheckResult] = {}
    for result in results:
        latest.setdefault(result.kind, result)
    checks = learning_content.selfchecks()
    parts = []
    for kind, result in latest.items():
        when = format_date(result.taken_at, "long")
        if kind == ZELFMANAGEMENT:
            lines = [_("Self-management check of %(date)s:", date=when)]
            for domain in checks.domains:
                if domain.id in result.scores:
                    score = number(result.scores[domain.id])
                    title = domain.title.get(lang) or next(iter(domain.title.values()))
                    lines.append(
                        _(
                            "- %(domain)s: %(score)s of %(top)s",
                            domain=title,
                            score=score,
                            top=checks.scale_max,
                        )
                    )
        else:
            lines = [_("Signals check of %(date)s, topics to discuss:", date=when)]
            for statement in signal_topics(checks, result.answers)["yes"]:
                topic = statement.topic or statement.text
                lines.append("- " + (topic.get(lang) or next(iter(topic.values()))))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def day_lines(entries: Sequence[LogEntry], start: dt.date, end: dt.date, fields: list[str]) -> str:
    """Write the chosen fields of each filled-in day as one line; only marked notes."""
    lines = []
    for entry in (e for e in entries if start <= e.day <= end):
        bits = []
        if "energy" in fields:
            bits.append(_("energy %(value)s/10", value=entry.energy))
        if "complaint" in fields and entry.complaint_level is not None:
            bits.append(_("complaints %(value)s/10", value=entry.complaint_level))
        if "sleep" in fields and entry.sleep_quality is not None:
            bits.append(_("sleep %(value)s/5", value=entry.sleep_quality))
        hours = figures.day_hours_text(entry) if "hours" in fields else None
        if hours:
            bits.append(hours)
        for name in ("work_activities", "home_activities", "helped", "hindered"):
            value = getattr(entry, name)
            if name in fields and value:
                bits.append(f"{DAY_FIELDS[name]}: {value}")
        if "note" in fields and entry.is_note_shareable and entry.note:
            bits.append(f"{_('Note')}: {entry.note}")
        if bits:
            lines.append(f"{format_date(entry.day, 'EEE d MMM')}: " + "; ".join(bits))
    return "\n".join(lines)


def compose(
    user_id: int,
    sections: list[str],
    start: dt.date,
    end: dt.date,
    consult: Consult | None,
    day_fields: list[str],
    lang: str,
) -> tuple[dict[str, str], dict[str, Any] | None, dict[str, Any] | None]:
    """Return the prefilled texts, the frozen logbook figures and the capacity facts (or None)."""
    needs_entries = {"course", "helps", "logbook", "capacity"} & set(sections)
    history_start = start - dt.timedelta(days=logbook.HISTORY_DAYS)
    entries = entries_between(user_id, history_start, end) if needs_entries else []
    builders = {
        "since": lambda: since.since_text(user_id),
        "work": lambda: work_text(user_id),
        "course": lambda: course_text(user_id, entries, start, end),
        "condition": lambda: condition_text(consult),
        "abilities": lambda: abilities_text(user_id, consult),
        "capacity": lambda: capacity_text(user_id),
        "helps": lambda: helps_text(user_id, entries, start, end),
        "treatment": lambda: treatment_text(user_id),
        "goals": lambda: goals_text(consult),
        "logbook": lambda: day_lines(entries, start, end, day_fields),
        "selfcheck": lambda: selfcheck_text(user_id, lang),
        "dossier": lambda: "",
        "free": lambda: "",
    }
    texts = {key: builders[key]() for key in sections}
    # The plan and the marked setbacks are read once for the figures and the capacity facts.
    paced = {"logbook", "capacity"} & set(sections)
    steps = steps_of(user_id) if paced else []
    kinds = load_kinds(user_id, start, end) if paced else {}
    figures = (
        logbook_figures(entries, start, end, steps, kinds, user_id)
        if "logbook" in sections
        else None
    )
    facts = (
        capacity_evidence(user_id, entries, start, end, steps, kinds)
        if "capacity" in sections
        else None
    )
    return texts, figures, facts


def snapshot(
    sections: list[str],
    texts: dict[str, str],
    figures: dict[str, Any] | None,
    dossier: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
) -> dict:
    """Assemble the frozen snapshot: chosen sections in order, empty ones left out.

    The capacity part carries its dated logbook facts (``facts``) only with the employee's
    rating text: facts alone are no self-rating.
    """
    parts = []
    for key in SECTIONS:
        if key not in sections:
            continue
        text = (texts.get(key) or "").strip()
        if key == "logbook" and figures is not None:
            parts.append({"key": key, "text": text, "figures": figures})
        elif key == "dossier" and dossier is not None and (dossier.get("items") or text):
            parts.append({"key": key, "text": text, "dossier": dossier})
        elif key == "capacity" and text and facts is not None:
            parts.append({"key": key, "text": text, "evidence": rating_as_written(facts, text)})
        elif text:
            parts.append({"key": key, "text": text})
    return {"version": 1, "sections": parts}
