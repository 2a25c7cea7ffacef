"""Messages tests run on a frozen clock: Tuesday 10 March 2026, 10:00 in the Netherlands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from portal.auth.models import Role, User
from portal.db import db
from portal.links import services as links
from portal.links.models import CareLink
from portal.messages import services
from portal.messages.models import Conversation, Message
from tests.conftest import freeze, statements_sent

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam (CET)
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Freeze the clock of the messages feature on NOW."""
    freeze(monkeypatch, NOW)
    return NOW


@pytest.fixture
def employee(make_user: Callable[..., User]) -> User:
    """An employee who reads the portal in English."""
    return make_user(role=Role.EMPLOYEE, name="Eva Employee", locale="en")


@pytest.fixture
def coach(make_user: Callable[..., User]) -> User:
    """A coach who reads the portal in English."""
    return make_user(role=Role.COACH, name="Cas Coach", locale="en")


@pytest.fixture
def link(employee: User, coach: User) -> CareLink:
    """The employee's active coach link, started five weeks before NOW."""
    made = links.assign_coach(employee, coach)
    made.created_at = made.accepted_at = NOW - dt.timedelta(weeks=5)
    db.session.commit()
    return made


@pytest.fixture
def switch_to(client: Any, login_as: Callable[[User], Any]) -> Callable[[User], Any]:
    """Return a function: log out whoever is logged in, log in as user, read in English."""

    def switch(user: User) -> Any:
        if client.get("/account/").status_code == 200:
            client.submit("/uitloggen")
        login_as(user)
        client.get("/?lang=en")
        return client

    return switch


def conversation_for(link: CareLink) -> Conversation:
    """Return (creating) the conversation of a link, committed."""
    conversation = services.conversation_of(link)
    db.session.commit()
    return conversation


def add_messages(
    conversation: Conversation, sender: User, count: int, text: str = "Message {n}", **fields: Any
) -> list[Message]:
    """Store count messages directly, oldest first."""
    made = []
    for n in range(1, count + 1):
        message = Message(
            conversation_id=conversation.id,
            sender_id=sender.id,
            sent_at=NOW - dt.timedelta(minutes=count - n + 1),
            **fields,
        )
        message.body = text.format(n=n)
        db.session.add(message)
        made.append(message)
    db.session.commit()
    return made


@pytest.fixture
def count_queries(app: Flask) -> Callable[[Callable[[], Any]], int]:
    """Return a function that runs a callable and counts the SQL statements it sends."""

    return lambda action: statements_sent(app, action)
