"""Outcome figures: rounds at enrolment and later, each measure over at least K people."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, distinct, func, select

from portal.db import db
from portal.evaluation.cells import Mean, Proportion, as_int, shown
from portal.evaluation.models import OutcomeAnswer, TreatmentChange, WorkingStatus
from portal.evaluation.services import Period, in_period, month_of


def _outcome_rows(period: Period) -> Any:
    return (
        select(OutcomeAnswer, month_of(OutcomeAnswer.answered_at).label("month"))
        .where(*in_period(OutcomeAnswer.answered_at, period))
        .subquery()
    )


def _outcome_people(rows: Any) -> list[Any]:
    def people_where(condition: Any) -> Any:
        return func.count(distinct(case((condition, rows.c.user_id))))

    partly = rows.c.working_status == WorkingStatus.PARTLY
    return [
        people_where(rows.c.working_status.is_not(None)),
        people_where(and_(partly, rows.c.hours_per_week.is_not(None))),
        people_where(rows.c.insight_complaints.is_not(None)),
        people_where(rows.c.insight_capacity.is_not(None)),
        people_where(rows.c.treatment_changed.is_not(None)),
    ]


OUTCOME_GROUPS = ("working", "hours", "complaints", "capacity", "treatment")


def outcomes(period: Period, k: int) -> dict[tuple[str, str], Proportion | Mean | None]:
    """Return outcome figures per round ("baseline" / "follow_up") and measure (1-2 queries)."""
    rows = _outcome_rows(period)
    status, hours = rows.c.working_status, rows.c.hours_per_week
    partly_hours = case((status == WorkingStatus.PARTLY, hours))
    changed = rows.c.treatment_changed.in_([TreatmentChange.NEW, TreatmentChange.ADJUSTED])
    query = select(
        rows.c.is_baseline,
        *(func.sum(case((status == s, 1), else_=0)) for s in WorkingStatus),
        func.count(status),
        func.sum(partly_hours),
        func.count(partly_hours),
        func.sum(rows.c.insight_complaints),
        func.count(rows.c.insight_complaints),
        func.sum(rows.c.insight_capacity),
        func.count(rows.c.insight_capacity),
        func.sum(case((changed, 1), else_=0)),
        func.count(rows.c.treatment_changed),
        *_outcome_people(rows),
    ).group_by(rows.c.is_baseline)
    thin: set[Any] = set()
    if period.is_filtered:
        every = _outcome_rows(period.every_month())
        per_month = select(every.c.is_baseline, every.c.month, *_outcome_people(every)).group_by(
            every.c.is_baseline, every.c.month
        )
        for baseline, _month, *people in db.session.execute(per_month):
            thin |= {
                (baseline, g) for g, n in zip(OUTCOME_GROUPS, people, strict=True) if 0 < n < k
            }
    found: dict[tuple[str, str], Proportion | Mean | None] = {}
    for baseline, *raw in db.session.execute(query):
        v = [as_int(x) for x in raw]
        full, partly, not_working, answered = v[0:4]
        p_work, p_hours, p_compl, p_cap, p_treat = v[12:17]
        cells: dict[str, tuple[Proportion | Mean, str]] = {
            "working_full": (Proportion(full, answered, p_work), "working"),
            "working_partly": (Proportion(partly, answered, p_work), "working"),
            "working_not": (Proportion(not_working, answered, p_work), "working"),
            "hours": (Mean(v[4], v[5], p_hours), "hours"),
            "insight_complaints": (Mean(v[6], v[7], p_compl), "complaints"),
            "insight_capacity": (Mean(v[8], v[9], p_cap), "capacity"),
            "treatment_changed": (Proportion(v[10], v[11], p_treat), "treatment"),
        }
        round_name = "baseline" if baseline else "follow_up"
        for name, (value, group) in cells.items():
            found[(round_name, name)] = shown(value, value.people, k, (baseline, group), thin)
    return found
