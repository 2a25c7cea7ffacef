"""Agreements in one place: note, mark done, reopen, delete, overdue shown calmly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.consults.models import Agreement
from portal.db import db
from tests.consults.conftest import NOW, TODAY, make_agreement, make_talk
from tests.consults.test_views import count


def test_agreements_add_mark_done_reopen_delete(client: Any, employee: User) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1))
    response = client.submit(
        f"/gesprekken/{consult.id}/afspraken",
        {"what": "Try 3 hours a day", "who": "me", "due_on": "2026-03-20"},
    )
    assert response.status_code == 302
    client.submit("/gesprekken/afspraken", {"what": "Ask for a chair", "who": "employer"})
    linked, loose = db.session.scalars(select(Agreement).order_by(Agreement.id)).all()
    assert (linked.consult_id, linked.due_on, linked.what) == (
        consult.id,
        dt.date(2026, 3, 20),
        "Try 3 hours a day",
    )
    assert loose.consult_id is None
    client.submit(f"/gesprekken/afspraken/{linked.id}/klaar")
    db.session.expire_all()
    assert db.session.get_one(Agreement, linked.id).done_at == NOW
    client.submit(f"/gesprekken/afspraken/{linked.id}/klaar")
    db.session.expire_all()
    assert db.session.get_one(Agreement, linked.id).done_at is None
    client.submit(f"/gesprekken/afspraken/{loose.id}/verwijderen")
    assert count(Agreement) == 1


@pytest.mark.parametrize(
    "data",
    [
        {"what": "", "who": "me"},
        {"what": "   ", "who": "me"},
        {"what": "x", "who": "boss"},
        {"what": "x", "who": "me", "due_on": "2029-01-01"},
        {"what": "x" * 2001, "who": "me"},
        {"what": "x", "who": "me", "due_on": "soon"},
    ],
)
def test_bad_agreements_are_refused(client: Any, employee: User, data: dict[str, str]) -> None:
    response = client.submit("/gesprekken/afspraken", data)
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert count(Agreement) == 0


def test_overdue_agreements_are_shown_calmly(client: Any, employee: User) -> None:
    make_agreement(employee, "Late one", due_on=TODAY - dt.timedelta(days=3))
    make_agreement(employee, "Done one", done=True)
    page = client.get("/gesprekken/afspraken").get_data(as_text=True)
    assert "Date has passed" in page and "Late one" in page and "Done one" in page


def test_home_summary_gives_the_next_talk_and_overdue_agreements(employee: User) -> None:
    from portal.consults.services import home_summary

    assert home_summary(employee.id) == {"next": None, "prepared": False, "overdue": []}
    talk = make_talk(employee, NOW + dt.timedelta(days=2), goals=[("g", None)])
    late = make_agreement(employee, due_on=TODAY - dt.timedelta(days=1))
    summary = home_summary(employee.id)
    assert summary["next"].id == talk.id and summary["prepared"] is True
    assert [a.id for a in summary["overdue"]] == [late.id]
