"""The figures page and CSV: what they show, what they never show, and how many queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.auth.models import Role, User
from portal.consults.models import GoalResult
from portal.db import db
from portal.evaluation.models import Helped, WorkingStatus
from portal.feedback.models import Subject
from portal.learning.models import ModuleRemark
from portal.links import services as links
from portal.logbook.models import LogEntry
from portal.messages import services as messages
from tests.conftest import count_queries
from tests.evaluation.conftest import CHAPTER, MODULE, feedback, helped, moment, outcome, talk

CANARIES = {
    "note": "CANARY-LOGBOOK-7f3a",
    "goal": "CANARY-GOAL-91c2",
    "remark": "CANARY-REMARK-44d0",
    "message": "CANARY-MESSAGE-b8e1",
    "talk": "CANARY-TALK-2c6f",
}


def tight(html: str) -> str:
    """Return HTML without the white space between tags."""
    return re.sub(r">\s+<", "><", html)


def crowd(people: Callable[[int], list[User]], n: int = 12) -> list[User]:
    """Store n people with an answer in every cell, all in February 2026."""
    users = people(n)
    for i, user in enumerate(users):
        feedback(user, Subject.CHAPTER, CHAPTER, 8, 9, moment(2))
        feedback(user, Subject.MODULE, MODULE, 7, 8, moment(2))
        feedback(user, Subject.COACHING, "2026-Q1", 6, 7, moment(2))
        talk(
            user, moment(2), [("goal", GoalResult.ACHIEVED)], went_well=4, felt_understood=i % 5 + 1
        )
        helped(user, Helped.YES if i % 4 else Helped.NO, moment(2))
        outcome(
            user,
            moment(2),
            is_baseline=True,
            working_status=WorkingStatus.PARTLY,
            hours_per_week=12,
            insight_complaints=5,
            insight_capacity=4,
        )
        db.session.add(LogEntry(user_id=user.id, day=dt.date(2026, 2, 2), energy=6))
    db.session.commit()
    return users


@pytest.fixture
def admin(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    """A logged-in administrator."""
    user = make_user(role=Role.ADMIN)
    login_as(user)
    return user


def test_the_page_shows_our_figures_beside_the_pilot(
    app: Flask, client: Any, admin: User, people: Callable[[int], list[User]]
) -> None:
    crowd(people)
    text = tight(client.get("/admin/evaluatie/?lang=en").get_data(as_text=True))
    assert "People who answered something: 12." in text
    assert "8.1 · recommend 8.6 · n=24" in text  # Werkwijzer in the pilot
    assert "training 8.4 · recommend 8.8 · n=23" in text
    assert "e-learning beta 7.4 · 83% recommending · n=29" in text
    assert "7.8 · recommend 8.1 · n=17" in text  # coaching
    assert "92% of 49 talks" in text and "59% of 49 talks" in text
    assert "77% yes" in text
    assert "the share of answers of 8 or more on the scale of 0 to 10" in text  # the definition
    assert "at least 10 different people" in text
    assert "<td>8.0</td><td>9.0</td><td>100%</td><td>12</td>" in text  # the chapter
    assert "<td>75%</td><td>12</td>" in text  # helped: yes 9 of 12
    assert "Employees with a logbook" in text and "<td>100%</td>" in text


def test_the_csv_holds_the_same_table_and_cannot_run_formulas(
    app: Flask, client: Any, admin: User, people: Callable[[int], list[User]]
) -> None:
    users = crowd(people)
    for user in users[:10]:  # a chapter that no longer exists, with a hostile slug
        feedback(user, Subject.CHAPTER, "=HYPERLINK(1)", 5, 5, moment(2))
    db.session.commit()
    response = client.get("/admin/evaluatie/export.csv?lang=en")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffSection,Subject,Measure,Value,People (n),Pilot (reference)")
    assert "Per chapter of the Werkwijzer,'=HYPERLINK(1),Mean rating (1-10),5.0,10," in body
    assert "\n=" not in body and ",=" not in body
    assert "Talks,Prepared with goals,Share of talks,100%,12,92% of 49 talks" in body


def test_dutch_numbers_use_a_decimal_comma(
    app: Flask, client: Any, admin: User, people: Callable[[int], list[User]]
) -> None:
    crowd(people)
    text = tight(client.get("/admin/evaluatie/?lang=nl").get_data(as_text=True))
    assert "<td>8,0</td>" in text and "8,1" in text


def test_no_admin_page_contains_any_employee_content(
    app: Flask,
    client: Any,
    make_user: Callable[..., User],
    login_as: Callable[[User], Any],
    people: Callable[[int], list[User]],
) -> None:
    users = crowd(people)
    coach = make_user(role=Role.COACH)
    for user in users:
        entry = db.session.scalars(select(LogEntry).where(LogEntry.user_id == user.id)).one()
        entry.note = CANARIES["note"]
        consult = talk(user, moment(3), [(CANARIES["goal"], GoalResult.PARTLY)], went_well=5)
        consult.eval_good = CANARIES["talk"]
        remark = ModuleRemark(user_id=user.id, module=MODULE)
        remark.remark = CANARIES["remark"]
        db.session.add(remark)
        link = links.assign_coach(user, coach)
        db.session.flush()
        messages.add_message(messages.conversation_of(link), user, CANARIES["message"])
    db.session.commit()
    login_as(make_user(role=Role.ADMIN))
    seen = []
    for url in (
        "/admin/evaluatie/",
        "/admin/evaluatie/?van=2026-02&tot=2026-03",
        "/admin/evaluatie/?van=2026-03&tot=2026-03",
        "/admin/evaluatie/?lang=en",
        "/admin/evaluatie/export.csv",
        "/admin/evaluatie/export.csv?van=2026-01&tot=2026-03",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        seen.append(text)
        for canary in CANARIES.values():
            assert canary not in text, (url, canary)
        for user in users:
            assert user.email not in text and user.name not in text, url
    assert any("12" in text for text in seen)  # the pages did show figures


def test_the_page_uses_constant_queries(
    app: Flask, client: Any, admin: User, people: Callable[[int], list[User]]
) -> None:
    empty = count_queries(app, client, "/admin/evaluatie/")
    crowd(people, 12)
    some = count_queries(app, client, "/admin/evaluatie/")
    some_filtered = count_queries(app, client, "/admin/evaluatie/?van=2026-01&tot=2026-02")
    crowd(people, 30)
    many = count_queries(app, client, "/admin/evaluatie/")
    many_filtered = count_queries(app, client, "/admin/evaluatie/?van=2026-01&tot=2026-02")
    assert empty <= some == many
    assert some_filtered == many_filtered
    assert many_filtered - many == 5  # the "every month" checks: two for ratings, one per source
    print(f"queries: empty {empty}, data {many}, with a period {many_filtered}")


@pytest.mark.parametrize(
    "query",
    [
        "?van=2026-13",
        "?van=abc&tot=def",
        "?van=2026-04&tot=2026-05",
        "?van=2026-03&tot=2026-01",
        "?van=" + "9" * 5000,
        "?van=%00&tot=%0d%0a",
        "?van=2026-01&van=2026-02",
        "?tot=<script>alert(1)</script>",
    ],
)
def test_bad_periods_fall_back_to_all_months(
    app: Flask, client: Any, admin: User, people: Callable[[int], list[User]], query: str
) -> None:
    crowd(people)
    for url in ("/admin/evaluatie/", "/admin/evaluatie/export.csv"):
        response = client.get(url + query + "&lang=en")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "<script>alert" not in text
    page = client.get("/admin/evaluatie/" + query + "&lang=en").get_data(as_text=True)
    assert "People who answered something: 12." in page


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.COACH, Role.PROFESSIONAL])
def test_only_admins_reach_the_figures(
    app: Flask,
    client: Any,
    make_user: Callable[..., User],
    login_as: Callable[[User], Any],
    role: Role,
) -> None:
    login_as(make_user(role=role))
    assert client.get("/admin/evaluatie/").status_code == 404
    assert client.get("/admin/evaluatie/export.csv").status_code == 404


def test_visitors_are_sent_to_log_in(app: Flask, client: Any) -> None:
    response = client.get("/admin/evaluatie/export.csv")
    assert response.status_code == 302 and response.headers["Location"].startswith("/inloggen")
