"""The named queries and the four measures, computed on hand-made data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from portal import clock
from portal.auth.models import Role, User
from portal.consults.models import Consult, Goal, GoalResult, WithWhom
from portal.consults.services import (
    Measure,
    done_agreements,
    figures_of,
    goals_largely_reached,
    has_goals,
    my_figures,
    next_consult,
    open_agreements,
    overdue_agreements,
)
from tests.consults.conftest import NOW, TODAY, make_agreement, make_talk

A, P, N = GoalResult.ACHIEVED, GoalResult.PARTLY, GoalResult.NOT
EVALUATED = NOW - dt.timedelta(days=1)

#: (goals, went_well, felt_understood, evaluated?) per talk.
HAND_MADE: list[tuple[list[tuple[str, GoalResult | None]], int | None, int | None, bool]] = [
    ([("Plan for my hours", A), ("Explain my energy", P)], 5, 4, True),  # reached 0.75
    ([("Be heard about my back", P)], 3, 2, True),  # 0.5: not "largely"
    ([], 4, None, True),  # no goals: not prepared
    ([("Talk about tasks", N), ("Agree on rest breaks", A)], None, 5, True),  # 0.5
    ([("Goal without an answer", None)], 1, 1, True),  # prepared, goals not answered
    ([("Not looked back on", A)], 5, 5, False),  # left out of every measure
]


def in_memory_talk(
    goals: list[tuple[str, GoalResult | None]],
    well: int | None,
    understood: int | None,
    evaluated: bool,
) -> Consult:
    """Build a talk with goals without touching the database."""
    talk = Consult(user_id=1, starts_at=NOW, with_whom=WithWhom.BEDRIJFSARTS)
    talk.went_well, talk.felt_understood = well, understood
    talk.evaluated_at = EVALUATED if evaluated else None
    talk.goals = []
    for position, (text, result) in enumerate(goals, start=1):
        goal = Goal(position=position, result=result)
        goal.text = text
        talk.goals.append(goal)
    return talk


def test_figures_on_hand_made_talks(app: object) -> None:
    figures = figures_of(in_memory_talk(*row) for row in HAND_MADE)
    assert figures.prepared == Measure(4, 5)
    assert figures.goals_reached == Measure(1, 3)
    assert figures.went_well == Measure(2, 4)
    assert figures.felt_understood == Measure(2, 4)
    assert (figures.prepared.percent, figures.goals_reached.percent) == (80, 33)
    assert (figures.went_well.percent, figures.felt_understood.percent) == (50, 50)


def test_goal_scores_count_partly_as_half(app: object) -> None:
    assert goals_largely_reached(in_memory_talk([("a", A)], None, None, True)) is True
    assert goals_largely_reached(in_memory_talk([("a", P)], None, None, True)) is False
    assert goals_largely_reached(in_memory_talk([("a", A), ("b", P)], None, None, True)) is True
    assert goals_largely_reached(in_memory_talk([("a", A), ("b", N)], None, None, True)) is False
    assert goals_largely_reached(in_memory_talk([("a", None)], None, None, True)) is None
    # a goal whose text was emptied does not count, even with an old answer
    emptied = in_memory_talk([("a", N), ("b", A)], None, None, True)
    emptied.goals[0].text = None
    assert goals_largely_reached(emptied) is True
    assert has_goals(in_memory_talk([], None, None, True)) is False


def test_percentages_round_half_up_and_nothing_is_none() -> None:
    assert Measure(2, 3).percent == 67
    assert Measure(1, 8).percent == 13
    assert Measure(0, 4).percent == 0
    assert Measure(0, 0).percent is None


def test_my_figures_reads_only_my_evaluated_talks(make_user: Callable[..., User]) -> None:
    me, other = make_user(role=Role.EMPLOYEE), make_user(role=Role.EMPLOYEE)
    for goals, well, understood, evaluated in HAND_MADE:
        make_talk(
            me,
            NOW - dt.timedelta(days=3),
            goals=goals,
            went_well=well,
            felt_understood=understood,
            evaluated_at=EVALUATED if evaluated else None,
        )
    make_talk(
        other,
        NOW - dt.timedelta(days=3),
        goals=[("x", N)],
        went_well=1,
        felt_understood=1,
        evaluated_at=EVALUATED,
    )
    figures = my_figures(me.id)
    assert figures.prepared == Measure(4, 5)
    assert figures.goals_reached == Measure(1, 3)
    assert figures.went_well == Measure(2, 4)
    assert figures.felt_understood == Measure(2, 4)
    assert my_figures(make_user(role=Role.EMPLOYEE).id).prepared == Measure(0, 0)


def test_next_consult_is_my_first_talk_still_to_come(make_user: Callable[..., User]) -> None:
    me, other = make_user(), make_user()
    make_talk(me, NOW - dt.timedelta(hours=1))
    later = make_talk(me, NOW + dt.timedelta(days=9))
    sooner = make_talk(me, NOW + dt.timedelta(days=2), goals=[("g", None)])
    make_talk(other, NOW + dt.timedelta(hours=1))
    found = next_consult(me.id)
    assert found is not None and found.id == sooner.id and has_goals(found)
    assert later.id != found.id
    assert next_consult(make_user().id) is None


def test_agreements_open_overdue_and_done(make_user: Callable[..., User]) -> None:
    me, other = make_user(), make_user()
    no_date = make_agreement(me, "no date")
    late = make_agreement(me, "late", due_on=TODAY - dt.timedelta(days=2))
    soon = make_agreement(me, "soon", due_on=TODAY + dt.timedelta(days=1))
    today = make_agreement(me, "today", due_on=TODAY)
    done = make_agreement(me, "done", due_on=TODAY - dt.timedelta(days=9), done=True)
    make_agreement(other, "not mine", due_on=TODAY - dt.timedelta(days=2))
    assert [a.id for a in open_agreements(me.id)] == [late.id, today.id, soon.id, no_date.id]
    assert [a.id for a in overdue_agreements(me.id, TODAY)] == [late.id]
    assert [a.id for a in done_agreements(me.id)] == [done.id]


def test_local_time_is_converted_to_utc_across_daylight_saving() -> None:
    assert clock.to_utc(dt.date(2026, 3, 10), dt.time(10, 30)) == dt.datetime(
        2026, 3, 10, 9, 30, tzinfo=dt.UTC
    )
    assert clock.to_utc(dt.date(2026, 7, 1), dt.time(10, 30)) == dt.datetime(
        2026, 7, 1, 8, 30, tzinfo=dt.UTC
    )
