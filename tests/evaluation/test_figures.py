"""The aggregate functions against hand calculations, and suppression below the threshold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask

from portal.auth.models import User
from portal.consults.models import GoalResult
from portal.db import db
from portal.evaluation import figures as fig
from portal.evaluation.models import Helped, TreatmentChange, WorkingStatus
from portal.evaluation.services import Period, all_months, min_group, parse_period
from portal.feedback.models import Subject
from portal.logbook.models import LogEntry
from tests.evaluation.conftest import (
    CHAPTER,
    MODULE,
    OTHER_CHAPTER,
    TODAY,
    feedback,
    helped,
    moment,
    outcome,
    talk,
)

K = 10
APRIL = dt.date(2026, 4, 1)
EVERY = all_months(TODAY)

# Twelve people: one rating, one would-recommend each (hand-made, see the sums below).
RATINGS = [8, 7, 9, 6, 8, 10, 5, 7, 8, 9, 6, 8]  # sum 91 -> 91/12 = 7.583 -> 7.6
RECOMMENDS = [9, 8, 10, 5, 8, 7, 6, 9, 8, 10, 4, 8]  # sum 92 -> 7.667 -> 7.7; >= 8: 8 of 12
A, P, N = GoalResult.ACHIEVED, GoalResult.PARTLY, GoalResult.NOT
# Per person: goals of their talk, went well, felt understood.
TALKS: list[tuple[list[tuple[str | None, GoalResult | None]], int | None, int | None]] = [
    ([("g", A), ("g", P)], 5, 4),  # reached: 2+1 > 2
    ([("g", P), ("g", N)], 3, 2),  # not reached: 1 > 2 is false
    ([("g", P)], 4, 5),  # not reached: exactly a half is not more than a half
    ([("g", A)], 4, 4),  # reached
    ([("g", None)], 2, None),  # prepared, goal not answered
    ([], 5, 5),  # not prepared
    ([], None, 3),  # not prepared
    ([("g", A), ("g", A), ("g", N)], 4, 4),  # reached: 4 > 3
    ([("g", N)], 1, 1),  # not reached
    ([("g", A), ("g", N)], 3, 4),  # not reached: 2 > 2 is false
    ([("g", A)], 5, 5),  # reached
    ([("g", P), ("g", P), ("g", A)], 4, 3),  # reached: 4 > 3
]


ANSWERS = [Helped.YES] * 9 + [Helped.PARTLY] * 2 + [Helped.NO]


def twelve(people: Callable[[int], list[User]]) -> list[User]:
    """Store the hand-made data set of twelve people (all in February 2026)."""
    users = people(12)
    feb = moment(2)
    for i, user in enumerate(users):
        feedback(user, Subject.CHAPTER, CHAPTER, RATINGS[i], RECOMMENDS[i], feb)
        feedback(user, Subject.MODULE, MODULE, RATINGS[-1 - i], RECOMMENDS[-1 - i], feb)
        feedback(user, Subject.COACHING, "2026-Q1", RATINGS[i], RECOMMENDS[i], feb)
        goals, well, understood = TALKS[i]
        talk(user, feb, goals, went_well=well, felt_understood=understood)
        helped(user, ANSWERS[i], feb)
    for user in users[:9]:  # a second chapter with nine people only
        feedback(user, Subject.CHAPTER, OTHER_CHAPTER, 10, 10, feb)
    # Person 0 also rated the coaching in the quarter before: 4 and 3.
    feedback(users[0], Subject.COACHING, "2025-Q4", 4, 3, moment(12, year=2025))
    # A talk not looked back on does not count; a skipped question does not count.
    talk(users[0], feb, [("g", None)], evaluated=False)
    helped(users[0], None, moment(1), quarter="2025-Q4")
    for user in users[:6]:
        db.session.add(LogEntry(user_id=user.id, day=dt.date(2026, 2, 3), energy=5))
    statuses = [WorkingStatus.FULL] * 3 + [WorkingStatus.PARTLY] * 4 + [WorkingStatus.NOT] * 5
    hours = {3: 10, 4: 16, 5: 20, 6: 24}
    for i, user in enumerate(users):
        outcome(
            user,
            feb,
            is_baseline=True,
            working_status=statuses[i],
            hours_per_week=hours.get(i),
            insight_complaints=(i % 7) + 1,
            insight_capacity=None if i >= 10 else 4,
            treatment_changed=None if i >= 9 else TreatmentChange.NEW,
        )
    db.session.commit()
    return users


def test_twelve_people_match_the_hand_calculations(
    app: Flask, people: Callable[[int], list[User]]
) -> None:
    twelve(people)
    ratings = fig.ratings(EVERY, K)

    chapter = ratings[("chapter", CHAPTER)]
    assert chapter is not None
    assert (chapter.people, chapter.answers) == (12, 12)
    assert (chapter.rating.value, chapter.recommend.value) == (7.6, 7.7)
    assert (chapter.recommending.count, chapter.recommending.percent) == (8, 67)
    module = ratings[("module", MODULE)]
    assert module is not None and (module.rating.value, module.recommend.value) == (7.6, 7.7)
    assert ratings[("chapter", OTHER_CHAPTER)] is None  # nine people
    # All chapters together: 12 people, 21 answers, (91 + 90) / 21 = 8.62, (92 + 90) / 21 = 8.67
    chapters = ratings[("chapter", "*")]
    assert chapters is not None
    assert (chapters.people, chapters.answers) == (12, 21)
    assert (chapters.rating.value, chapters.recommend.value) == (8.6, 8.7)
    assert chapters.recommending.percent == 81  # 17 of 21
    # The coaching: 13 ratings of 12 people, (91 + 4) / 13 = 7.31, (92 + 3) / 13 = 7.31
    coaching = ratings[("coaching", "")]
    assert coaching is not None and (coaching.people, coaching.answers) == (12, 13)
    assert (coaching.rating.value, coaching.recommend.value) == (7.3, 7.3)
    assert coaching.recommending.percent == 62  # 8 of 13

    talks = fig.talks(EVERY, K)
    assert talks["prepared"] == fig.Proportion(10, 12, 12)  # 83%
    assert talks["goals_reached"] is None  # 5 of 9 talks reached, but only nine people
    assert talks["went_well"] == fig.Proportion(7, 11, 11)  # 4 or 5: 64%
    assert talks["felt_understood"] == fig.Proportion(7, 11, 11)
    assert talks["prepared"].percent == 83  # type: ignore[union-attr]


def test_goal_measure_counts_over_people_with_answered_goals(
    app: Flask, people: Callable[[int], list[User]]
) -> None:
    users = twelve(people)
    # One more answered talk for four people: reaches 10 people with answered goals.
    for user in users[4:7]:
        talk(user, moment(3), [("g", A)], went_well=5)
    db.session.commit()
    talks = fig.talks(EVERY, K)
    # 9 talks before (5 reached) + 3 reached = 8 of 12 talks, by 12 people? persons 4-6: 4 had
    # an unanswered goal, 5 and 6 had none: now 9 + 3 = 12 people with an answered goal.
    assert talks["goals_reached"] == fig.Proportion(8, 12, 12)
    assert talks["prepared"] == fig.Proportion(13, 15, 12)


def test_portal_and_outcome_figures(app: Flask, people: Callable[[int], list[User]]) -> None:
    twelve(people)
    shares = fig.helped(EVERY, K)
    assert shares["yes"] == fig.Proportion(9, 12, 12) and shares["yes"].percent == 75
    assert shares["partly"] is not None and shares["partly"].percent == 17

    usage = fig.usage(EVERY, K)
    assert usage["logbook"] == fig.Proportion(6, 12, 12)
    assert usage["prepared_talk"] == fig.Proportion(10, 12, 12)
    assert usage["share"] == fig.Proportion(0, 12, 12)

    outcomes = fig.outcomes(EVERY, K)
    assert outcomes[("baseline", "working_full")] == fig.Proportion(3, 12, 12)  # 25%
    assert outcomes[("baseline", "working_partly")] == fig.Proportion(4, 12, 12)  # 33%
    assert outcomes[("baseline", "working_not")] == fig.Proportion(5, 12, 12)  # 42%
    assert outcomes[("baseline", "hours")] is None  # four part-timers only
    complaints = outcomes[("baseline", "insight_complaints")]
    # (1+2+3+4+5+6+7) + (1+2+3+4+5) = 43 -> 43 / 12 = 3.58
    assert isinstance(complaints, fig.Mean) and complaints.value == 3.6
    assert outcomes[("baseline", "insight_capacity")] == fig.Mean(40, 10, 10)
    assert outcomes[("baseline", "treatment_changed")] is None  # nine answered
    assert ("follow_up", "working_full") not in outcomes
    assert fig.population(EVERY) == 12


def test_nine_people_every_figure_is_withheld(
    app: Flask, people: Callable[[int], list[User]]
) -> None:
    users = people(9)
    for user in users:
        feedback(user, Subject.CHAPTER, CHAPTER, 8, 9, moment(2))
        talk(user, moment(2), [("g", A)], went_well=5, felt_understood=5)
        helped(user, Helped.YES, moment(2))
        outcome(user, moment(2), is_baseline=True, working_status=WorkingStatus.FULL)
    db.session.commit()
    result = fig.figures(EVERY, K)
    assert result.is_refused and result.population is None
    assert result.ratings == {} and result.talks == {} and result.outcomes == {}
    # Each cell on its own is withheld too, even when computed directly.
    assert all(v is None for v in fig.ratings(EVERY, K).values())
    assert all(v is None for v in fig.talks(EVERY, K).values())
    assert all(v is None for v in fig.helped(EVERY, K).values())
    assert all(v is None for v in fig.outcomes(EVERY, K).values())


def test_many_people_but_each_cell_under_the_threshold_is_withheld(
    app: Flask, people: Callable[[int], list[User]]
) -> None:
    users = people(18)
    for user in users[:9]:
        feedback(user, Subject.CHAPTER, CHAPTER, 8, 9, moment(2))
    for user in users[9:]:
        helped(user, Helped.YES, moment(2))
    db.session.commit()
    result = fig.figures(EVERY, K)
    assert result.population == 18
    assert all(value is None for value in result.ratings.values())
    assert all(value is None for value in result.helped.values())
    assert all(value is None for value in result.talks.values())


def test_threshold_is_configurable_but_never_below_five(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PORTAL_EVALUATION_MIN_GROUP", raising=False)
    assert min_group({}) == 10
    assert min_group({"EVALUATION_MIN_GROUP": 25}) == 25
    assert min_group({"EVALUATION_MIN_GROUP": 2}) == 5
    assert min_group({"EVALUATION_MIN_GROUP": 0}) == 5
    assert min_group({"EVALUATION_MIN_GROUP": -3}) == 5
    assert min_group({"EVALUATION_MIN_GROUP": "many"}) == 10
    monkeypatch.setenv("PORTAL_EVALUATION_MIN_GROUP", "3")
    assert min_group({}) == 5
    monkeypatch.setenv("PORTAL_EVALUATION_MIN_GROUP", "12")
    assert min_group({}) == 12


@pytest.mark.parametrize(
    ("van", "tot", "expected"),
    [
        ("", "", (None, dt.date(2026, 4, 1), False, True)),
        ("2026-01", "2026-02", (dt.date(2026, 1, 1), dt.date(2026, 3, 1), True, True)),
        ("2026-02", "", (dt.date(2026, 2, 1), dt.date(2026, 4, 1), True, True)),
        ("", "2026-01", (None, dt.date(2026, 2, 1), True, True)),
        ("2026-04", "2026-04", (None, dt.date(2026, 4, 1), False, False)),  # not complete yet
        ("2026-03", "2026-01", (None, dt.date(2026, 4, 1), False, False)),  # backwards
        ("2026-13", "", (None, dt.date(2026, 4, 1), False, False)),
        ("1999-12", "", (None, dt.date(2026, 4, 1), False, False)),
        ("2026-1", "", (None, dt.date(2026, 4, 1), False, False)),
        ("'; DROP TABLE users; --", "", (None, dt.date(2026, 4, 1), False, False)),
        ("2026-02-01", "", (None, dt.date(2026, 4, 1), False, False)),  # no days
        ("９９９９-01", "", (None, dt.date(2026, 4, 1), False, False)),
    ],
)
def test_periods_are_whole_past_months_or_the_safe_default(
    van: str, tot: str, expected: tuple[object, ...]
) -> None:
    period, is_valid = parse_period(van, tot, TODAY)
    assert (period.start, period.end, period.is_filtered, is_valid) == expected


def test_period_filters_by_month(app: Flask, people: Callable[[int], list[User]]) -> None:
    users = people(20)
    for user in users[:10]:
        feedback(user, Subject.CHAPTER, CHAPTER, 6, 6, moment(1))
    for user in users[10:]:
        feedback(user, Subject.CHAPTER, CHAPTER, 9, 9, moment(2))
    db.session.commit()
    january = Period(dt.date(2026, 1, 1), dt.date(2026, 2, 1), True, APRIL)
    february = Period(dt.date(2026, 2, 1), dt.date(2026, 3, 1), True, APRIL)
    rating_jan = fig.ratings(january, K)[("chapter", CHAPTER)]
    rating_feb = fig.ratings(february, K)[("chapter", CHAPTER)]
    rating_all = fig.ratings(EVERY, K)[("chapter", CHAPTER)]
    assert rating_jan is not None and rating_jan.rating.value == 6.0
    assert rating_feb is not None and rating_feb.rating.value == 9.0
    assert rating_all is not None and (rating_all.people, rating_all.rating.value) == (20, 7.5)
