"""Who reaches a conversation: only its employee and the coach of an active link."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text

from portal.audit.models import AccessEvent
from portal.auth.models import Role, User
from portal.db import db
from portal.links import services as links
from portal.links.models import CareLink
from portal.messages import views
from portal.messages.models import CheckIn, CheckInForm, Message
from tests.messages.conftest import TODAY, add_messages, conversation_for

CANARY = "CANARY-7f3a-secret-health-words"


def test_another_employee_and_an_unlinked_coach_get_404(
    employee: User,
    coach: User,
    link: CareLink,
    make_user: Callable[..., User],
    switch_to: Callable[[User], Any],
) -> None:
    conversation = conversation_for(link)
    (message,) = add_messages(conversation, employee, 1, text=CANARY)
    checkin = CheckIn(conversation_id=conversation.id, planned_on=TODAY, form=CheckInForm.CHAT)
    db.session.add(checkin)
    db.session.commit()
    for outsider in (make_user(role=Role.EMPLOYEE), make_user(role=Role.COACH)):
        client = switch_to(outsider)
        assert client.get(f"/berichten/{link.id}").status_code == 404
        assert client.submit(f"/berichten/{link.id}", {"body": "hi"}).status_code == 404
        assert client.submit(f"/berichten/{link.id}/intrekken/{message.id}").status_code == 404
        if outsider.role is Role.COACH:
            url = f"/berichten/{link.id}/checkin"
            assert client.submit(url, {"planned_on": "2026-03-12"}).status_code == 404
            url = f"/berichten/{link.id}/checkin/{checkin.id}/klaar"
            assert client.submit(url, {"note": "x"}).status_code == 404
        else:
            assert CANARY not in client.get("/berichten/").get_data(as_text=True)
    assert len(db.session.scalars(select(Message)).all()) == 1


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.ADMIN])
def test_professionals_and_admins_never_reach_a_conversation(
    role: Role,
    employee: User,
    link: CareLink,
    make_user: Callable[..., User],
    switch_to: Callable[[User], Any],
) -> None:
    add_messages(conversation_for(link), employee, 1, text=CANARY)
    client = switch_to(make_user(role=role))
    assert client.get(f"/berichten/{link.id}").status_code == 404
    assert client.get("/berichten/").status_code == 404
    if role is Role.ADMIN:
        for page in ("/admin/", "/admin/koppelingen"):
            response = client.get(page)
            assert response.status_code == 200
            assert CANARY not in response.get_data(as_text=True)


def test_reassigning_the_coach_ends_access_on_the_next_request(
    employee: User,
    coach: User,
    link: CareLink,
    make_user: Callable[..., User],
    switch_to: Callable[[User], Any],
) -> None:
    add_messages(conversation_for(link), employee, 1, text=CANARY)
    client = switch_to(coach)
    assert CANARY in client.get(f"/berichten/{link.id}").get_data(as_text=True)
    new_coach = make_user(role=Role.COACH, name="Nina New")
    new_link = links.assign_coach(employee, new_coach)  # what the admin page does
    db.session.commit()
    # the same, still open session:
    assert client.get(f"/berichten/{link.id}").status_code == 404
    assert client.submit(f"/berichten/{link.id}", {"body": "still here"}).status_code == 404
    assert employee.name not in client.get("/coach/").get_data(as_text=True)

    client = switch_to(new_coach)
    page = client.get(f"/berichten/{new_link.id}").get_data(as_text=True)
    assert CANARY not in page and "No messages yet" in page
    assert client.get(f"/berichten/{link.id}").status_code == 404

    client = switch_to(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert "Conversation with Nina New" in page
    assert CANARY in client.get(f"/berichten/{link.id}").get_data(as_text=True)


def test_ending_the_link_by_the_employee_also_ends_access_at_once(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    conversation_for(link)
    client = switch_to(coach)
    assert client.get(f"/berichten/{link.id}").status_code == 200
    links.end_link(link)
    db.session.commit()
    assert client.get(f"/berichten/{link.id}").status_code == 404


def test_every_read_by_the_coach_is_logged_and_the_employee_reads_unlogged(
    employee: User, coach: User, link: CareLink, switch_to: Callable[[User], Any]
) -> None:
    conversation = conversation_for(link)
    add_messages(conversation, employee, 2)
    client = switch_to(coach)
    for _ in range(3):
        assert client.get(f"/berichten/{link.id}").status_code == 200
    rows = db.session.scalars(select(AccessEvent).order_by(AccessEvent.seq)).all()
    assert [(r.event, r.employee_id, r.actor_id, r.object_id) for r in rows] == [
        ("conversation.read", employee.id, coach.id, str(conversation.id))
    ] * 3
    client = switch_to(employee)
    client.get("/berichten/")
    client.get(f"/berichten/{link.id}")
    assert len(db.session.scalars(select(AccessEvent)).all()) == 3
    assert "read your messages" in client.get("/account/toegang").get_data(as_text=True)


def test_message_text_is_sealed_at_rest(employee: User, link: CareLink) -> None:
    add_messages(conversation_for(link), employee, 1, text=CANARY)
    raw = db.session.execute(text("SELECT body_sealed FROM messages")).scalar_one()
    assert CANARY not in raw and raw.startswith("v1:")


def test_a_coach_read_that_cannot_be_logged_shows_nothing_and_answers_like_every_refused_read(
    employee: User,
    coach: User,
    link: CareLink,
    switch_to: Callable[[User], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One failure rule for every read of someone else's data: 503, nothing shown or marked.

    The same rule as a professional opening a share (tests/sharing/test_access.py): the
    coach's conversation answers 503 "not available" (it was a 500 before).
    """
    from portal.audit import services as audit

    conversation = conversation_for(link)
    (message,) = add_messages(conversation, employee, 1, text=CANARY)

    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(audit, "record_access", broken)
    monkeypatch.setattr(views, "record_access", broken)
    client = switch_to(coach)
    response = client.get(f"/berichten/{link.id}?lang=en")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert CANARY not in page
    assert "we could not write down that you opened it" in page
    db.session.expire_all()
    assert db.session.get(Message, message.id).read_at is None  # no read receipt either
    assert db.session.scalars(select(AccessEvent)).all() == []
