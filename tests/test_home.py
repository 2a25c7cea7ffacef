"""The employee's home: what it summarises, in at most ten SQL statements, whatever the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask

from portal.auth.models import User
from portal.consults.models import Consult, Goal, WithWhom
from portal.db import db, utcnow
from portal.learning.content import modules
from portal.learning.models import LessonProgress, SelfCheckResult
from portal.links import services as links
from portal.logbook.models import LogEntry
from portal.messages import services as messages
from portal.messages.models import CheckIn, CheckInForm, Message
from portal.sharing.models import ShareDraft
from tests.conftest import count_queries
from tests.sharing.conftest import make_share

MOST_STATEMENTS = 10


def fill_everything(employee: User, coach: User, doctor: User) -> None:
    """Give the employee a full portal: links, logbook, talk, lessons, messages, shares."""
    coach_link = links.assign_coach(employee, coach)
    invitation = links.invite_professional(employee, doctor.email)
    assert invitation is not None
    links.accept(invitation)
    today = dt.date.today()
    for n in range(60):
        db.session.add(LogEntry(user_id=employee.id, day=today - dt.timedelta(days=n), energy=5))
    talk = Consult(
        user_id=employee.id,
        starts_at=utcnow() + dt.timedelta(days=7),
        with_whom=WithWhom.BEDRIJFSARTS,
    )
    db.session.add(talk)
    db.session.flush()
    for position in (1, 2, 3):
        goal = Goal(consult_id=talk.id, user_id=employee.id, position=position)
        goal.text = f"Doel {position}"
        db.session.add(goal)
    module = modules("nl")[0]
    for lesson in module.lessons:
        db.session.add(LessonProgress(user_id=employee.id, module=module.slug, lesson=lesson.slug))
    db.session.add(SelfCheckResult(user_id=employee.id, kind="zelfmanagement"))
    conversation = messages.conversation_of(coach_link)
    db.session.flush()
    for n in range(40):
        message = Message(conversation_id=conversation.id, sender_id=coach.id)
        message.body = f"Bericht {n}"
        db.session.add(message)
    db.session.add(
        CheckIn(
            conversation_id=conversation.id,
            planned_on=today + dt.timedelta(days=3),
            form=CheckInForm.CHAT,
        )
    )
    draft = ShareDraft(employee_id=employee.id)
    draft.content = {"sections": ["logbook"]}
    db.session.add(draft)
    db.session.commit()
    make_share(employee, doctor)


def test_home_summarises_in_a_constant_number_of_statements(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    employee = make_user()
    login_as(employee)
    empty = count_queries(app, client, "/")
    fill_everything(employee, make_user(role="coach"), make_user(role="professional"))
    full = count_queries(app, client, "/")
    assert empty == full <= MOST_STATEMENTS
    page = client.get("/").get_data(as_text=True)
    assert "Nieuwe berichten: 40" in page  # the count the navigation badge shares
    assert "40 ongelezen" in page  # the navigation badge, from the same statement
