"""Named queries and logic for talks: next talk, agreements, my figures, the employer print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from portal import clock
from portal.consults.models import Agreement, AgreementWho, Consult, Goal, GoalResult
from portal.consults.suggestions import QUESTIONS
from portal.db import db
from portal.learning import services as learning
from portal.security import get_owned_or_404

#: Talks are planned and shown in Dutch local time (the portal's one clock).
LOCAL_TZ = clock.AMSTERDAM
now = clock.now
local_date = clock.local_date
to_utc = clock.to_utc


def local_today(moment: dt.datetime | None = None) -> dt.date:
    """Return the date in the Netherlands at a moment (default: now)."""
    return local_date(moment or now())


# --- talks --------------------------------------------------------------------------------


def talks_of(user_id: int) -> list[Consult]:
    """Return every talk of an employee, earliest first, goals loaded (one query)."""
    return list(
        db.session.scalars(
            select(Consult)
            .where(Consult.user_id == user_id)
            .options(joinedload(Consult.goals))
            .order_by(Consult.starts_at, Consult.id)
        ).unique()
    )


def load_goals(consult: Consult) -> Consult:
    """Load the goals of one talk (one query) and return the talk."""
    goals = db.session.scalars(
        select(Goal).where(Goal.consult_id == consult.id).order_by(Goal.position)
    ).all()
    set_committed_value(consult, "goals", list(goals))
    return consult


def next_consult(user_id: int) -> Consult | None:
    """Return the employee's next talk that has not started yet, goals loaded (one query)."""
    return (
        db.session.scalars(
            select(Consult)
            .where(Consult.user_id == user_id, Consult.starts_at >= now())
            .options(joinedload(Consult.goals))
            .order_by(Consult.starts_at, Consult.id)
            .limit(1)
        )
        .unique()
        .first()
    )


def home_summary(user_id: int) -> dict[str, Any]:
    """Return {next, prepared, overdue} for the employee's home page."""
    upcoming = next_consult(user_id)
    return {
        "next": upcoming,
        "prepared": upcoming is not None and has_goals(upcoming),
        "overdue": overdue_agreements(user_id, local_today()),
    }


def question_texts(consult: Consult) -> list[str]:
    """Return the questions of a talk as text in the current language."""
    texts = []
    for item in consult.questions:
        if "key" in item and item["key"] in QUESTIONS:
            texts.append(str(QUESTIONS[item["key"]]))
        elif item.get("text"):
            texts.append(item["text"])
    return texts


def has_goals(consult: Consult) -> bool:
    """Return whether at least one goal is written down (the talk counts as prepared)."""
    return any(goal.text_sealed for goal in consult.goals)


def can_evaluate(consult: Consult, today: dt.date | None = None) -> bool:
    """Return whether looking back is offered: from the day of the talk onwards."""
    return local_date(consult.starts_at) <= (today or local_today())


def to_evaluate(talks: Iterable[Consult], moment: dt.datetime) -> list[Consult]:
    """Return the talks that have taken place and are not looked back on yet, latest first."""
    waiting = [t for t in talks if t.starts_at <= moment and t.evaluated_at is None]
    return sorted(waiting, key=lambda t: t.starts_at, reverse=True)


# --- agreements ---------------------------------------------------------------------------


def _agreements(user_id: int, *, done: bool) -> list[Agreement]:
    state = Agreement.done_at.is_not(None) if done else Agreement.done_at.is_(None)
    query = (
        select(Agreement)
        .where(Agreement.user_id == user_id, state)
        .options(joinedload(Agreement.consult))
    )
    if done:
        query = query.order_by(Agreement.done_at.desc(), Agreement.id.desc())
    else:
        query = query.order_by(
            Agreement.due_on.is_(None), Agreement.due_on, Agreement.created_at, Agreement.id
        )
    return list(db.session.scalars(query))


def open_agreements(user_id: int) -> list[Agreement]:
    """Return the agreements not done yet: soonest due date first, those without one last."""
    return _agreements(user_id, done=False)


def done_agreements(user_id: int) -> list[Agreement]:
    """Return the agreements marked done, most recently done first."""
    return _agreements(user_id, done=True)


def overdue_agreements(user_id: int, today: dt.date) -> list[Agreement]:
    """Return the open agreements whose due date is before today."""
    return [a for a in open_agreements(user_id) if a.due_on is not None and a.due_on < today]


def agreements_of_talk(consult: Consult) -> list[Agreement]:
    """Return the agreements made in one talk, in the order they were noted."""
    return list(
        db.session.scalars(
            select(Agreement)
            .where(Agreement.user_id == consult.user_id, Agreement.consult_id == consult.id)
            .order_by(Agreement.created_at, Agreement.id)
        )
    )


# --- my figures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A share: how many of how many talks counted."""

    count: int
    total: int

    @property
    def percent(self) -> int | None:
        """Return the share as a whole percentage (half up), None when nothing counted."""
        if self.total == 0:
            return None
        return (200 * self.count + self.total) // (2 * self.total)


@dataclass(frozen=True)
class Figures:
    """The pilot's four measures over the employee's own talks that were looked back on."""

    prepared: Measure
    goals_reached: Measure
    went_well: Measure
    felt_understood: Measure


#: The pilot's figures (seed 002_f82f080668fb521c.txt, "Gesprekken met de bedrijfsarts").
PILOT_FIGURES = {"prepared": 92, "goals_reached": 57, "went_well": 65, "felt_understood": 59}
PILOT_TALKS = 49
#: On the 1-5 scales, 4 ("largely") and 5 ("completely") count as well / understood.
GOOD_ANSWER = 4
GOAL_SCORE = {GoalResult.ACHIEVED: 1.0, GoalResult.PARTLY: 0.5, GoalResult.NOT: 0.0}


def goals_largely_reached(consult: Consult) -> bool | None:
    """Return whether most goals were reached; None when no goal has an answer.

    A reached goal counts 1, a partly reached goal ½, a goal not reached 0; the talk counts
    when the average over its answered goals is more than ½.
    """
    scores = [GOAL_SCORE[g.result] for g in consult.goals if g.text_sealed and g.result]
    if not scores:
        return None
    return sum(scores) / len(scores) > 0.5


def figures_of(talks: Iterable[Consult]) -> Figures:
    """Compute the four measures over talks that were looked back on (evaluated).

    - prepared: talks with at least one goal / evaluated talks;
    - goals (largely) reached: talks where goals_largely_reached() / talks with a goal answered;
    - went well: went_well ≥ 4 / talks that answered it;
    - felt understood: felt_understood ≥ 4 / talks that answered it.
    """
    evaluated = [t for t in talks if t.evaluated_at is not None]
    reached = [r for r in map(goals_largely_reached, evaluated) if r is not None]
    well = [t.went_well for t in evaluated if t.went_well is not None]
    understood = [t.felt_understood for t in evaluated if t.felt_understood is not None]
    return Figures(
        prepared=Measure(sum(has_goals(t) for t in evaluated), len(evaluated)),
        goals_reached=Measure(sum(reached), len(reached)),
        went_well=Measure(sum(v >= GOOD_ANSWER for v in well), len(well)),
        felt_understood=Measure(sum(v >= GOOD_ANSWER for v in understood), len(understood)),
    )


def my_figures(user_id: int) -> Figures:
    """Compute the four measures over the employee's own evaluated talks (one query)."""
    talks = db.session.scalars(
        select(Consult)
        .where(Consult.user_id == user_id, Consult.evaluated_at.is_not(None))
        .options(joinedload(Consult.goals))
    ).unique()
    return figures_of(talks)


# --- the employer version ---------------------------------------------------------------------


@dataclass(frozen=True)
class AbilityLine:
    """One thing I can or cannot do, with my example."""

    what: str
    example: str


@dataclass(frozen=True)
class EmployerAgreement:
    """An agreement as the employer may read it."""

    what: str
    who: AgreementWho
    due_on: dt.date | None
    is_done: bool


@dataclass(frozen=True)
class EmployerVersion:
    """Everything the werkgeversversie may show: an allow-list, no medical field at all.

    The template gets only this object, never the talk, so a field that is not listed here
    cannot reach the employer. The talk's date, with whom, place, goals, what changed,
    proposals, questions and private notes are left out on purpose.
    """

    employee_name: str
    printed_on: dt.date
    can_do: tuple[AbilityLine, ...]
    cannot_do: tuple[AbilityLine, ...]
    agreements: tuple[EmployerAgreement, ...]


def _lines(items: list[dict[str, str]]) -> tuple[AbilityLine, ...]:
    return tuple(AbilityLine(i.get("what", ""), i.get("example", "")) for i in items)


def employer_version(
    consult: Consult, agreements: Iterable[Agreement], employee_name: str, today: dt.date
) -> EmployerVersion:
    """Build the werkgeversversie of a talk from the allow-listed fields only."""
    return EmployerVersion(
        employee_name=employee_name,
        printed_on=today,
        can_do=_lines(consult.can_do),
        cannot_do=_lines(consult.cannot_do),
        agreements=tuple(
            EmployerAgreement(a.what or "", a.who, a.due_on, a.done_at is not None)
            for a in agreements
        ),
    )


# --- the "scherpe foto" of the learning feature (may not be installed) ---------------------


def _field(source: Any, *names: str) -> Any:
    for name in names:
        value = source.get(name) if isinstance(source, dict) else getattr(source, name, None)
        if value:
            return value
    return None


def _ability(item: Any) -> dict[str, str] | None:
    if isinstance(item, str):
        what, example = item, ""
    elif isinstance(item, list | tuple) and item:
        what, example = str(item[0]), str(item[1]) if len(item) > 1 else ""
    else:
        what = str(_field(item, "what", "text") or "")
        example = str(_field(item, "example") or "")
    what, example = what.strip()[:500], example.strip()[:500]
    return {"what": what, "example": example} if what or example else None


def scherpe_foto(user_id: int) -> tuple[list[dict[str, str]], list[dict[str, str]]] | None:
    """Return (can, cannot) from the learning exercise "scherpe foto", or None."""
    photo = learning.scherpe_foto(user_id)
    if not photo:
        return None
    can = [a for a in map(_ability, (row for row in photo if row["can"])) if a]
    cannot = [a for a in map(_ability, (row for row in photo if not row["can"])) if a]
    return (can, cannot) if can or cannot else None


def own_talk(consult_id: int) -> Consult:
    """Load one of the current employee's talks with its goals; anything else is 404."""
    return load_goals(get_owned_or_404(Consult, consult_id))


def own_agreement(agreement_id: int) -> Agreement:
    """Load one of the current employee's agreements; anything else is 404."""
    return get_owned_or_404(Agreement, agreement_id)
