"""Sharing tests: an employee with a linked professional and coach, and a clock for the logbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from portal.auth.models import EmployeeProfile, Role, User
from portal.consults.models import Consult, Goal, WithWhom
from portal.db import db, utcnow
from portal.links import services as links
from portal.links.models import CareLink, LinkKind, LinkStatus
from portal.logbook.models import LogEntry
from portal.sharing.models import Share
from tests.conftest import Client, freeze

TODAY = dt.date(2026, 2, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the logbook's clock on TODAY."""
    freeze(monkeypatch, TODAY)


def link(employee: User, carer: User) -> CareLink:
    """Make an active link between an employee and a professional or coach; commit."""
    if carer.role is Role.COACH:
        found = links.assign_coach(employee, carer)
    else:
        found = CareLink(
            employee_id=employee.id,
            carer_id=carer.id,
            kind=LinkKind.PROFESSIONAL,
            status=LinkStatus.ACTIVE,
            accepted_at=utcnow(),
        )
        db.session.add(found)
    db.session.commit()
    return found


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    """An employee (Eva) with a linked professional and coach, plus outsiders."""
    eva = make_user(role=Role.EMPLOYEE, name="Eva Employee")
    doctor = make_user(role=Role.PROFESSIONAL, name="Dokter Dirk")
    coach = make_user(role=Role.COACH, name="Coach Cas")
    link(eva, doctor)
    link(eva, coach)
    other_doctor = make_user(role=Role.PROFESSIONAL, name="Other Doctor")
    other_employee = make_user(role=Role.EMPLOYEE, name="Other Employee")
    link(other_employee, other_doctor)
    profile = db.session.get_one(EmployeeProfile, eva.id)
    profile.job_title, profile.contract_hours = "Verpleegkundige", 32
    profile.sick_since = dt.date(2025, 11, 3)
    db.session.commit()
    return {
        "eva": eva,
        "doctor": doctor,
        "coach": coach,
        "other_doctor": other_doctor,
        "other_coach": make_user(role=Role.COACH, name="Other Coach"),
        "other_employee": other_employee,
        "admin": make_user(role=Role.ADMIN, name="Admin Anna"),
    }


def add_entry(user: User, day: dt.date, energy: int = 5, **values: Any) -> LogEntry:
    """Store a logbook entry directly and commit."""
    entry = LogEntry(user_id=user.id, day=day, energy=energy)
    for name, value in values.items():
        setattr(entry, name, value)
    db.session.add(entry)
    db.session.commit()
    return entry


def add_talk(user: User, goal: str, proposals: str, private: str) -> Consult:
    """Store a prepared talk with one goal and a private note; commit."""
    talk = Consult(
        user_id=user.id,
        starts_at=dt.datetime(2026, 2, 20, 9, 0, tzinfo=dt.UTC),
        with_whom=WithWhom.BEDRIJFSARTS,
    )
    talk.proposals = proposals
    talk.private_note = private
    talk.changed = "Ik slaap beter sinds januari."
    talk.can_do = [{"what": "Twee uur achter elkaar werken", "example": "op dinsdag"}]
    talk.cannot_do = [{"what": "Tillen", "example": ""}]
    db.session.add(talk)
    db.session.flush()
    goal_row = Goal(consult_id=talk.id, user_id=user.id, position=1)
    goal_row.text = goal
    db.session.add(goal_row)
    db.session.commit()
    return talk


def share_through_forms(
    client: Client,
    recipient: User,
    texts: dict[str, str],
    expires_in: str = "",
    crash_sentence: dict[str, str] | None = None,
    **choices: Any,
) -> Any:
    """Walk the three steps with the test client; return the response of the last step.

    When the period had a setback, the sentence about it is approved as it is, unless
    crash_sentence gives another choice.
    """
    crash_sentence = crash_sentence or {"choice": "as_is"}
    response = client.submit(
        "/delen/nieuw", {"recipient": recipient.id, "sections": list(texts), **choices}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    checked = client.submit("/delen/nieuw/tekst", texts)
    assert checked.status_code == 302
    if checked.headers["Location"].endswith("/delen/nieuw/terugval"):
        approved = client.submit("/delen/nieuw/terugval", crash_sentence)
        assert approved.status_code == 302, approved.get_data(as_text=True)[:2000]
    return client.submit("/delen/nieuw/voorbeeld", {"expires_in": expires_in})


def make_share(employee: User, recipient: User, text: str = "Gedeeld", **values: Any) -> Share:
    """Store a share directly (for list and query-count tests); commit."""
    carer_link = db.session.scalars(
        select(CareLink).where(
            CareLink.employee_id == employee.id,
            CareLink.carer_id == recipient.id,
            CareLink.status == LinkStatus.ACTIVE,
        )
    ).one()
    share = Share(
        employee_id=employee.id,
        recipient_id=recipient.id,
        link_id=carer_link.id,
        section_keys="free",
        **values,
    )
    share.title = "Samenvatting"
    share.snapshot = {"version": 1, "sections": [{"key": "free", "text": text}]}
    db.session.add(share)
    db.session.commit()
    return share
