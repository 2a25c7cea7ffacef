"""The employee's side: the quarterly question, opting in, rounds every three months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, current_app
from sqlalchemy import func, select

from portal.auth.models import Role, User
from portal.db import db
from portal.evaluation import services, views_outcomes
from portal.evaluation.models import (
    Helped,
    HelpedAnswer,
    OutcomeAnswer,
    OutcomeConsent,
    TreatmentChange,
    WorkingStatus,
)
from tests.evaluation.conftest import JOINED, NOW

QUESTIONS = "/account/evaluatie/vragen"
ANSWERS = {
    "working_status": "partly",
    "hours_per_week": "16",
    "insight_complaints": "5",
    "insight_capacity": "3",
    "treatment_changed": "adjusted",
}


@pytest.fixture
def employee(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    """A logged-in employee who joined in December and reads in English."""
    user = make_user(role=Role.EMPLOYEE, created_at=JOINED)
    login_as(user).get("/?lang=en")
    return user


def prompt_kind(user: User) -> str | None:
    """Return the kind of home prompt the employee gets now."""
    with_user = db.session.get(User, user.id)
    assert with_user is not None
    with current_app.test_request_context("/"):  # the home page asks it during a request
        prompt = services.home_prompt(with_user)
    return None if prompt is None else str(prompt["kind"])


def count(model: Any) -> int:
    """Return the number of rows of a model."""
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_helped_question_is_asked_once_per_quarter(
    app: Flask, client: Any, employee: User
) -> None:
    assert prompt_kind(employee) == "helped"
    response = client.submit("/account/evaluatie/geholpen", {"answer": "yes", "user_id": "1"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    answer = db.session.scalars(select(HelpedAnswer)).one()
    assert (answer.user_id, answer.quarter, answer.answer) == (employee.id, "2026-Q2", Helped.YES)
    assert prompt_kind(employee) == "invite"  # the question is gone for this quarter
    client.submit("/account/evaluatie/geholpen", {"answer": "no"})
    assert count(HelpedAnswer) == 1  # asked once: a second answer changes nothing


def test_skipping_hides_the_question_until_next_quarter(
    app: Flask, client: Any, employee: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.submit("/account/evaluatie/geholpen/niet-nu")
    answer = db.session.scalars(select(HelpedAnswer)).one()
    assert answer.answer is None
    assert prompt_kind(employee) == "invite"
    july = NOW + dt.timedelta(days=80)
    monkeypatch.setattr(services, "now", lambda: july)
    monkeypatch.setattr(services, "local_today", lambda: july.date())
    assert prompt_kind(employee) == "helped"


def test_new_employees_are_not_asked_in_their_first_weeks(
    app: Flask, make_user: Callable[..., User]
) -> None:
    newcomer = make_user(role=Role.EMPLOYEE, created_at=NOW - dt.timedelta(days=3))
    assert prompt_kind(newcomer) == "invite"
    coach = make_user(role=Role.COACH)
    with app.test_request_context("/"):
        assert services.home_prompt(coach) is None


@pytest.mark.parametrize("answer", ["", "maybe", "YES", "1"])
def test_a_bad_helped_answer_stores_nothing(
    app: Flask, client: Any, employee: User, answer: str
) -> None:
    response = client.submit("/account/evaluatie/geholpen", {"answer": answer})
    assert response.status_code == 302
    assert count(HelpedAnswer) == 0
    assert prompt_kind(employee) == "helped"


def test_opting_in_gives_a_baseline_then_a_round_every_three_months(
    app: Flask, client: Any, employee: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.submit("/account/evaluatie/geholpen/niet-nu")
    assert client.get(QUESTIONS).headers["Location"] == "/account/evaluatie/"  # not opted in
    page = client.get("/account/evaluatie/").get_data(as_text=True)
    assert "Nobody sees your own answers" in page
    response = client.submit("/account/evaluatie/meedoen")
    assert response.headers["Location"] == QUESTIONS
    assert prompt_kind(employee) == "due"
    form = client.get(QUESTIONS).get_data(as_text=True)
    assert "This is your starting point" in form
    assert client.submit(QUESTIONS, {**ANSWERS, "is_baseline": "n"}).status_code == 302
    first = db.session.scalars(select(OutcomeAnswer)).one()
    assert (first.is_baseline, first.quarter, first.working_status) == (
        True,
        "2026-Q2",
        WorkingStatus.PARTLY,
    )
    assert (first.hours_per_week, first.insight_complaints, first.insight_capacity) == (16, 5, 3)
    assert first.treatment_changed is TreatmentChange.ADJUSTED
    assert prompt_kind(employee) is None
    assert client.get(QUESTIONS).status_code == 302  # not due again yet
    later = NOW + services.OUTCOME_INTERVAL
    for module in (services, views_outcomes):
        monkeypatch.setattr(module, "now", lambda: later)
    monkeypatch.setattr(services, "local_today", lambda: later.date())
    client.submit("/account/evaluatie/geholpen/niet-nu")
    assert prompt_kind(employee) == "due"
    client.submit(QUESTIONS, {"insight_capacity": "6"})
    rounds = db.session.scalars(select(OutcomeAnswer).order_by(OutcomeAnswer.answered_at)).all()
    assert [(r.is_baseline, r.quarter, r.insight_capacity) for r in rounds] == [
        (True, "2026-Q2", 3),
        (False, "2026-Q3", 6),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Answer at least one question"),
        ({"working_status": "full", "hours_per_week": "20"}, "Hours are only asked"),
        ({"working_status": "partly", "hours_per_week": "61"}, "from 0 to 60"),
        ({"working_status": "partly", "hours_per_week": "-1"}, "from 0 to 60"),
        ({"working_status": "partly", "hours_per_week": "veel"}, "from 0 to 60"),
        ({"insight_complaints": "8"}, "Choose one of the options"),
        ({"insight_capacity": "<b>"}, "Choose one of the options"),
        ({"treatment_changed": "maybe"}, "Choose one of the options"),
        ({"working_status": "'; DROP TABLE users"}, "Choose one of the options"),
    ],
)
def test_bad_outcome_answers_store_nothing(
    app: Flask, client: Any, employee: User, data: dict[str, str], message: str
) -> None:
    client.submit("/account/evaluatie/meedoen")
    response = client.submit(QUESTIONS, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(OutcomeAnswer) == 0


def test_saying_no_stops_the_invitation_and_answers_can_be_removed(
    app: Flask, client: Any, employee: User
) -> None:
    client.submit("/account/evaluatie/geholpen/niet-nu")
    client.submit("/account/evaluatie/stoppen")
    assert prompt_kind(employee) is None
    client.submit("/account/evaluatie/meedoen")
    client.submit(QUESTIONS, ANSWERS)
    assert count(OutcomeAnswer) == 1
    client.submit("/account/evaluatie/wissen")
    assert count(OutcomeAnswer) == 0
    consent = db.session.get(OutcomeConsent, employee.id)
    assert consent is not None and consent.is_opted_in is False


def test_one_employee_cannot_touch_anothers_answers(
    app: Flask, client: Any, employee: User, make_user: Callable[..., User]
) -> None:
    other = make_user(role=Role.EMPLOYEE, created_at=JOINED)
    services.set_consent(other.id, True)
    db.session.add(
        OutcomeAnswer(
            user_id=other.id,
            quarter="2026-Q1",
            is_baseline=True,
            answered_at=NOW - dt.timedelta(days=30),
        )
    )
    db.session.commit()
    client.submit("/account/evaluatie/wissen", {"user_id": str(other.id)})
    assert count(OutcomeAnswer) == 1
    assert "2026-Q1" not in client.get("/account/evaluatie/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COACH, Role.PROFESSIONAL, Role.ADMIN])
def test_only_employees_reach_the_outcome_routes(
    app: Flask,
    client: Any,
    make_user: Callable[..., User],
    login_as: Callable[[User], Any],
    role: Role,
) -> None:
    login_as(make_user(role=role))
    assert client.get("/account/evaluatie/").status_code == 404
    assert client.get(QUESTIONS).status_code == 404
    assert client.submit("/account/evaluatie/geholpen", {"answer": "yes"}).status_code == 404
    assert count(HelpedAnswer) == 0


def test_the_home_snippet_renders_each_kind(app: Flask, employee: User) -> None:
    from flask import render_template_string

    snippet = "{% include 'evaluation/_home_prompt.html' %}"
    with app.test_request_context("/?lang=en"):
        from flask_login import login_user

        login_user(employee)
        helped = render_template_string(snippet, prompt=services.home_prompt(employee))
        assert "Did Eigen Regie help you reach your goals?" in helped and "Not now" in helped
        invite = render_template_string(snippet, prompt={"kind": "invite"})
        assert "Tell me more" in invite
        due = render_template_string(snippet, prompt={"kind": "due", "is_baseline": False})
        assert "Three months have passed" in due
        assert render_template_string(snippet, prompt=None).strip() == ""
