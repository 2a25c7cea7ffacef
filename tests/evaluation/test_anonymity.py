"""Trying to single out one person through period filters, pages and the CSV must fail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable
from typing import Any

from flask import Flask

from portal.auth.models import Role, User
from portal.db import db
from portal.evaluation import figures as fig
from portal.evaluation.models import Helped, WorkingStatus
from portal.evaluation.services import Period, all_months, parse_period
from portal.feedback.models import Subject
from tests.evaluation.conftest import CHAPTER, TODAY, feedback, helped, moment, outcome, talk

K = 10
APRIL = dt.date(2026, 4, 1)
MONTHS = ["", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]


def crowd_and_target(people: Callable[[int], list[User]]) -> User:
    """Ten people answer in January; one target person answers alone in February."""
    users = people(11)
    crowd, target = users[:10], users[10]
    for user in crowd:
        feedback(user, Subject.CHAPTER, CHAPTER, 8, 8, moment(1))
        talk(user, moment(1), [("goal", None)], went_well=5, felt_understood=5)
        helped(user, Helped.YES, moment(1))
        outcome(user, moment(1), is_baseline=True, working_status=WorkingStatus.FULL)
    feedback(target, Subject.CHAPTER, CHAPTER, 1, 0, moment(2))
    talk(target, moment(2), [("goal", None)], went_well=1, felt_understood=1)
    helped(target, Helped.NO, moment(2))
    outcome(target, moment(2), is_baseline=True, working_status=WorkingStatus.NOT)
    db.session.commit()
    return target


def every_period() -> list[Period]:
    """Return every period an admin can ask for around the data (and the default)."""
    periods = []
    for van, tot in itertools.product(MONTHS, MONTHS):
        period, is_valid = parse_period(van, tot, TODAY)
        if is_valid:
            periods.append(period)
    return periods


def test_no_period_filter_reveals_the_person_who_answered_alone(
    app: Flask, people: Callable[[int], list[User]]
) -> None:
    crowd_and_target(people)
    everything = fig.figures(all_months(TODAY), K)
    chapter = everything.ratings[("chapter", CHAPTER)]
    assert chapter is not None and chapter.people == 11  # all months: eleven people, shown
    views = {period: fig.figures(period, K) for period in every_period()}
    assert len(views) > 15
    for period, result in views.items():
        if not period.is_filtered:
            continue
        # Every cell the target touched is withheld in every filtered view: differencing two
        # periods (e.g. Jan-Feb minus Jan, or all months minus January) learns nothing.
        assert result.ratings.get(("chapter", CHAPTER)) is None, period
        assert result.ratings.get(("chapter", "*")) is None, period
        assert all(value is None for value in result.talks.values()), period
        assert all(value is None for value in result.helped.values()), period
        assert result.outcomes.get(("baseline", "working_full")) is None, period
        assert result.outcomes.get(("baseline", "working_not")) is None, period


def test_a_month_with_one_person_is_refused_as_a_whole(
    app: Flask, people: Callable[[int], list[User]]
) -> None:
    crowd_and_target(people)
    february = Period(dt.date(2026, 2, 1), dt.date(2026, 3, 1), True, APRIL)
    result = fig.figures(february, K)
    assert result.is_refused and result.population is None
    assert result.ratings == {} and result.talks == {} and result.helped == {}


def test_the_page_and_csv_show_nothing_that_isolates_the_person(
    app: Flask,
    client: Any,
    people: Callable[[int], list[User]],
    make_user: Callable[..., User],
    login_as: Callable[[User], Any],
) -> None:
    crowd_and_target(people)
    login_as(make_user(role=Role.ADMIN))
    for van, tot in itertools.product(MONTHS, MONTHS):
        page = client.get(f"/admin/evaluatie/?van={van}&tot={tot}&lang=en")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "1.0" not in text and "0.0" not in text  # the target's own rating and recommend
        export = client.get(f"/admin/evaluatie/export.csv?van={van}&tot={tot}&lang=en")
        assert export.status_code == 200
        rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
        is_filtered = parse_period(van, tot, TODAY)[0].is_filtered
        for row in rows:
            if is_filtered and not row[1].startswith("Employees "):  # use: over all accounts
                assert row[4] in ("", "People (n)"), (
                    van,
                    tot,
                    row,
                )  # no answer figure when filtered
            if row[3] == "too little data":
                assert row[4] == "", row
