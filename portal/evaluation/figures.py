"""Anonymous figures: every cell computed in SQL over at least K distinct people, or withheld.

Two rules make the figures safe by construction:

1. A cell is shown only when at least K distinct people contributed to it, and a period is
   refused as a whole when fewer than K people contributed anything in it.
2. With a period chosen, a cell is shown only when every complete month holding data for it
   (inside the period or not) has 0 or at least K people. Any difference between two views
   is then a sum of whole months of K people or more, so no comparison of periods can
   isolate one person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, distinct, func, literal, select, union
from sqlalchemy.sql import Select

from portal.auth.models import Role, User
from portal.consults.models import Consult, Goal, GoalResult
from portal.db import db
from portal.evaluation.cells import Mean, Proportion, as_int, shown
from portal.evaluation.models import (
    Helped,
    HelpedAnswer,
    OutcomeAnswer,
)
from portal.evaluation.outcome_figures import outcomes
from portal.evaluation.services import Period, in_period, month_of
from portal.feedback.models import Feedback, Subject
from portal.logbook.models import LogEntry
from portal.sharing.models import Share as ShareModel

#: "Would recommend" counts as recommending from this answer on the 0-10 scale.
RECOMMEND_FROM = 8
#: On the 1-5 scales of a talk, 4 ("largely") and 5 ("completely") count (as in consults).
GOOD_ANSWER = 4


@dataclass(frozen=True)
class Rating:
    """The pilot's measures for one chapter, module, group of them, or the coaching."""

    people: int
    answers: int
    rating: Mean
    recommend: Mean
    recommending: Proportion


@dataclass
class Figures:
    """Everything the figures page shows; a None value means "too little data"."""

    period: Period
    min_group: int
    #: People who contributed anything in the period; None when below the threshold.
    population: int | None
    ratings: dict[tuple[str, str], Rating | None] = field(default_factory=dict)
    talks: dict[str, Proportion | None] = field(default_factory=dict)
    helped: dict[str, Proportion | None] = field(default_factory=dict)
    usage: dict[str, Proportion | None] = field(default_factory=dict)
    outcomes: dict[tuple[str, str], Proportion | Mean | None] = field(default_factory=dict)

    @property
    def is_refused(self) -> bool:
        """Return whether the whole period has too few people to show anything."""
        return self.population is None


# --- feedback: chapters, modules, coaching ----------------------------------------------------


def _feedback_rows(period: Period | None) -> Any:
    """Feedback rows as (user, subject, key, rating, recommend, month); coaching has one key."""
    key = case((Feedback.subject == Subject.COACHING, literal("")), else_=Feedback.subject_key)
    query = select(
        Feedback.user_id,
        Feedback.subject,
        key.label("key"),
        Feedback.rating,
        Feedback.recommend,
        month_of(Feedback.updated_at).label("month"),
    )
    if period is not None:
        query = query.where(*in_period(Feedback.updated_at, period))
    return query.subquery()


def _rating_query(rows: Any, *keys: Any) -> Select[Any]:
    return select(
        *keys,
        func.count(distinct(rows.c.user_id)),
        func.count(),
        func.sum(rows.c.rating),
        func.sum(rows.c.recommend),
        func.sum(case((rows.c.recommend >= RECOMMEND_FROM, 1), else_=0)),
    ).group_by(*keys)


def _rating(people: Any, answers: Any, rating: Any, recommend: Any, recommending: Any) -> Rating:
    people, answers = as_int(people), as_int(answers)
    return Rating(
        people=people,
        answers=answers,
        rating=Mean(as_int(rating), answers, people),
        recommend=Mean(as_int(recommend), answers, people),
        recommending=Proportion(as_int(recommending), answers, people),
    )


def ratings(period: Period, k: int) -> dict[tuple[str, str], Rating | None]:
    """Return ratings per (subject, key) and per (subject, "*") for all of a kind (4 queries)."""
    rows = _feedback_rows(period)
    found: dict[tuple[str, str], Rating] = {}
    for subject, key, *values in db.session.execute(
        _rating_query(rows, rows.c.subject, rows.c.key)
    ):
        found[(Subject(subject).value, key)] = _rating(*values)
    for subject, *values in db.session.execute(_rating_query(rows, rows.c.subject)):
        found[(Subject(subject).value, "*")] = _rating(*values)
    thin: set[Any] = set()
    if period.is_filtered:
        every = _feedback_rows(period.every_month())
        people = func.count(distinct(every.c.user_id))
        by_key = select(every.c.subject, every.c.key, every.c.month, people).group_by(
            every.c.subject, every.c.key, every.c.month
        )
        by_kind = select(every.c.subject, every.c.month, people).group_by(
            every.c.subject, every.c.month
        )
        thin |= {(Subject(s).value, key) for s, key, _m, n in db.session.execute(by_key) if n < k}
        thin |= {(Subject(s).value, "*") for s, _m, n in db.session.execute(by_kind) if n < k}
    return {key: shown(value, value.people, k, key, thin) for key, value in found.items()}


# --- talks --------------------------------------------------------------------------------


def _talk_rows(period: Period) -> Any:
    """Looked-back talks with the four measures as 0/1 columns (goals scored as in consults)."""
    written = Goal.text_sealed.is_not(None)
    goals = (
        select(
            Goal.consult_id,
            func.sum(case((written, 1), else_=0)).label("written"),
            func.sum(case((and_(written, Goal.result.is_not(None)), 1), else_=0)).label("answered"),
            func.sum(
                case(
                    (and_(written, Goal.result == GoalResult.ACHIEVED), 2),
                    (and_(written, Goal.result == GoalResult.PARTLY), 1),
                    else_=0,
                )
            ).label("score"),
        )
        .group_by(Goal.consult_id)
        .subquery()
    )
    answered = func.coalesce(goals.c.answered, 0)
    return (
        select(
            Consult.user_id,
            month_of(Consult.starts_at).label("month"),
            case((func.coalesce(goals.c.written, 0) > 0, 1), else_=0).label("prepared"),
            case((answered > 0, 1), else_=0).label("has_goal_answer"),
            # the mean goal score (1, ½, 0) is above ½  <=>  2·reached + partly > answered
            case((and_(answered > 0, goals.c.score > answered), 1), else_=0).label("reached"),
            Consult.went_well,
            Consult.felt_understood,
        )
        .outerjoin(goals, goals.c.consult_id == Consult.id)
        .where(Consult.evaluated_at.is_not(None), *in_period(Consult.starts_at, period))
        .subquery()
    )


def _talk_people(rows: Any) -> list[Any]:
    def people_where(condition: Any) -> Any:
        return func.count(distinct(case((condition, rows.c.user_id))))

    return [
        func.count(distinct(rows.c.user_id)),
        people_where(rows.c.has_goal_answer == 1),
        people_where(rows.c.went_well.is_not(None)),
        people_where(rows.c.felt_understood.is_not(None)),
    ]


TALK_MEASURES = ("prepared", "goals_reached", "went_well", "felt_understood")


def talks(period: Period, k: int) -> dict[str, Proportion | None]:
    """Return the pilot's four talk measures as shares of talks (1-2 queries)."""
    rows = _talk_rows(period)
    good_well = func.sum(case((rows.c.went_well >= GOOD_ANSWER, 1), else_=0))
    good_understood = func.sum(case((rows.c.felt_understood >= GOOD_ANSWER, 1), else_=0))
    row = db.session.execute(
        select(
            func.sum(rows.c.prepared),
            func.count(),
            func.sum(rows.c.reached),
            func.sum(rows.c.has_goal_answer),
            good_well,
            func.count(rows.c.went_well),
            good_understood,
            func.count(rows.c.felt_understood),
            *_talk_people(rows),
        )
    ).one()
    values = [as_int(v) for v in row]
    shares = {
        name: Proportion(values[2 * i], values[2 * i + 1], values[8 + i])
        for i, name in enumerate(TALK_MEASURES)
    }
    thin: set[Any] = set()
    if period.is_filtered:
        every = _talk_rows(period.every_month())
        for _month, *people in db.session.execute(
            select(every.c.month, *_talk_people(every)).group_by(every.c.month)
        ):
            thin |= {TALK_MEASURES[i] for i, n in enumerate(people) if 0 < n < k}
    return {name: shown(s, s.people, k, name, thin) for name, s in shares.items()}


# --- did Eigen Regie help? --------------------------------------------------------------------


def _helped_rows(period: Period) -> Any:
    return (
        select(
            HelpedAnswer.user_id,
            HelpedAnswer.answer,
            month_of(HelpedAnswer.answered_at).label("month"),
        )
        .where(HelpedAnswer.answer.is_not(None), *in_period(HelpedAnswer.answered_at, period))
        .subquery()
    )


def helped(period: Period, k: int) -> dict[str, Proportion | None]:
    """Return the shares of answers "yes" and "partly" to the quarterly question (1-2 queries)."""
    rows = _helped_rows(period)
    yes, partly, total, people = db.session.execute(
        select(
            func.sum(case((rows.c.answer == Helped.YES, 1), else_=0)),
            func.sum(case((rows.c.answer == Helped.PARTLY, 1), else_=0)),
            func.count(),
            func.count(distinct(rows.c.user_id)),
        )
    ).one()
    thin: set[Any] = set()
    if period.is_filtered:
        every = _helped_rows(period.every_month())
        per_month = select(every.c.month, func.count(distinct(every.c.user_id))).group_by(
            every.c.month
        )
        if any(0 < n < k for _m, n in db.session.execute(per_month)):
            thin = {"helped"}
    shares = {
        "yes": Proportion(as_int(yes), as_int(total), as_int(people)),
        "partly": Proportion(as_int(partly), as_int(total), as_int(people)),
    }
    return {name: shown(s, s.people, k, "helped", thin) for name, s in shares.items()}


# --- use of the portal ------------------------------------------------------------------------


def usage(period: Period, k: int) -> dict[str, Proportion | None]:
    """Return the shares of employees with a logbook, a prepared talk and a share (1 query)."""
    employees = (
        select(func.count())
        .select_from(User)
        .where(User.role == Role.EMPLOYEE, User.created_at < period.end_at())
        .scalar_subquery()
    )
    logbook = select(func.count(distinct(LogEntry.user_id))).where(
        *in_period(LogEntry.day, period, is_date=True)
    )
    has_goal = (
        select(Goal.id).where(Goal.consult_id == Consult.id, Goal.text_sealed.is_not(None)).exists()
    )
    prepared = select(func.count(distinct(Consult.user_id))).where(
        has_goal, *in_period(Consult.starts_at, period)
    )
    shared = select(func.count(distinct(ShareModel.employee_id))).where(
        *in_period(ShareModel.created_at, period)
    )
    columns = [employees, *(q.scalar_subquery() for q in (logbook, prepared, shared))]
    values = [as_int(v) for v in db.session.execute(select(*columns)).one()]
    total = values[0]
    names = ["logbook", "prepared_talk", "share"]
    return {
        name: (Proportion(count, total, total) if total >= k else None)
        for name, count in zip(names, values[1:], strict=True)
    }


# --- the whole page ---------------------------------------------------------------------------


def population(period: Period) -> int:
    """Return how many distinct people contributed any evaluation answer in the period."""
    ids = union(
        select(Feedback.user_id).where(*in_period(Feedback.updated_at, period)),
        select(Consult.user_id).where(
            Consult.evaluated_at.is_not(None), *in_period(Consult.starts_at, period)
        ),
        select(HelpedAnswer.user_id).where(
            HelpedAnswer.answer.is_not(None), *in_period(HelpedAnswer.answered_at, period)
        ),
        select(OutcomeAnswer.user_id).where(*in_period(OutcomeAnswer.answered_at, period)),
    ).subquery()
    return as_int(db.session.scalar(select(func.count()).select_from(ids)))


def figures(period: Period, k: int) -> Figures:
    """Compute every figure of the page for a period (a constant number of queries)."""
    people = population(period)
    if people < k:
        return Figures(period=period, min_group=k, population=None)
    return Figures(
        period=period,
        min_group=k,
        population=people,
        ratings=ratings(period, k),
        talks=talks(period, k),
        helped=helped(period, k),
        usage=usage(period, k),
        outcomes=outcomes(period, k),
    )
