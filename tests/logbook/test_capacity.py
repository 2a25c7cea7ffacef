"""The weekly capacity self-rating: six headings, own examples, the change since the last talk,
and the summary part that carries it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal import clock
from portal.auth.models import User
from portal.consults.models import Consult, WithWhom
from portal.db import db
from portal.logbook.models import CapacityRating
from portal.sharing import sections
from tests.logbook.conftest import TODAY

THIS_WEEK = dt.date(2026, 2, 9)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    """Freeze the whole portal's clock on TODAY too (talks and weeks agree)."""
    with clock.frozen(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)):
        yield


def answers(**levels: Any) -> dict[str, Any]:
    """Return a posted form: level_<heading> and example_<heading> for each given heading."""
    data: dict[str, Any] = {}
    for key, value in levels.items():
        level, example = value if isinstance(value, tuple) else (value, "")
        data[f"level_{key}"], data[f"example_{key}"] = level, example
    return data


def test_the_employee_rates_the_week_once_and_can_change_it(client: Any, employee: User) -> None:
    example = "Na 30 minuten overleg kan ik me niet meer concentreren"
    response = client.submit("/logboek/belastbaarheid", answers(personal=("2", example), hours="1"))
    assert response.headers["Location"] == "/logboek/belastbaarheid"
    rating = db.session.scalars(select(CapacityRating)).one()
    assert rating.week_of == THIS_WEEK
    assert rating.answers == {
        "personal": {"level": 2, "example": example},
        "hours": {"level": 1, "example": ""},
    }
    assert example not in (rating.answers_sealed or "")  # sealed at rest
    page = client.get("/logboek/belastbaarheid").get_data(as_text=True)
    assert example in page
    client.submit("/logboek/belastbaarheid", answers(personal="3"))
    again = db.session.scalars(select(CapacityRating)).one()
    assert again.id == rating.id and again.answers == {"personal": {"level": 3, "example": ""}}


def test_bad_ratings_are_refused_and_change_nothing(client: Any, employee: User) -> None:
    url = "/logboek/belastbaarheid?lang=en"
    for data, message in (
        ({}, "Choose how it goes for at least one heading."),
        (answers(social=("", "Vergaderingen")), "Choose how it goes, or leave the example empty."),
        (answers(social="7"), "Choose one of the options."),
        (answers(social="drie"), "Choose one of the options."),
        (answers(static=("2", "x" * 301)), "Use at most 300 characters."),
        (answers(static=("2", "a\x00b")), "characters that are not allowed"),
    ):
        response = client.submit(url, data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), data
    assert db.session.scalars(select(CapacityRating)).all() == []


def test_the_change_since_the_last_talk_is_shown_and_shared(
    app: Flask, client: Any, employee: User
) -> None:
    earlier = CapacityRating(user_id=employee.id, week_of=dt.date(2026, 2, 2))
    earlier.answers = {"personal": {"level": 1, "example": ""}, "social": {"level": 2}}
    db.session.add(earlier)
    db.session.add(
        Consult(
            user_id=employee.id,
            starts_at=dt.datetime(2026, 2, 5, 9, tzinfo=dt.UTC),
            with_whom=WithWhom.BEDRIJFSARTS,
        )
    )
    db.session.commit()
    client.submit(
        "/logboek/belastbaarheid",
        answers(personal=("2", "twee uur lezen lukt"), social="1", environment="3"),
    )
    page = client.get("/logboek/belastbaarheid?lang=en").get_data(as_text=True)
    assert "Since the last talk: better." in page and "Since the last talk: harder." in page
    assert "February 2, 2026" in page
    with app.test_request_context("/?lang=en"):
        text = sections.capacity_text(employee.id)
    assert text.splitlines() == [
        "My own rating of the week of February 9, 2026:",
        "- Personal functioning: Goes, with limits (twee uur lezen lukt); "
        "better since the last talk.",
        "- Social functioning: Does not go yet; harder since the last talk.",
        "- Physical environment: Goes well.",
    ]
    assert "capacity" in sections.SECTION_LABELS


def test_without_a_rating_the_summary_part_is_empty(app: Flask, employee: User) -> None:
    with app.test_request_context("/?lang=en"):
        assert sections.capacity_text(employee.id) == ""
