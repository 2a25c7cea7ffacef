"""A change of coach never goes unnoticed (issue 19, item 8)."""

from __future__ import annotations

from typing import Any

from portal.db import db
from portal.links.services import assign_coach


def test_reassigning_the_coach_tells_the_employee(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    employee = make_user()
    first = make_user(role="coach", name="Karin de Vries", email="karin@coaches.example")
    copy = make_user(role="coach", name="Karin de Vries", email="karin@elders.example")
    admin = make_user(role="admin")
    assign_coach(employee, first)
    db.session.commit()
    login_as(admin)
    response = client.submit(
        "/admin/koppelingen", {"employee_email": employee.email, "coach_id": copy.id}
    )
    assert response.status_code == 302
    # an e-mail without content: no name, no domain
    assert len(mailbox.messages) == 1
    body = mailbox.bodies()[0]
    assert "nieuwe coach" in body and "Karin" not in body and "elders" not in body
    assert mailbox.messages[0]["To"] == employee.email
    client.submit("/uitloggen")
    login_as(employee)
    log_page = client.get("/account/toegang").get_data(as_text=True)
    assert "heeft een nieuwe coach aan je gekoppeld" in log_page
    links_page = client.get("/account/koppelingen").get_data(as_text=True)
    current, earlier = links_page.split("Eerdere coaches", 1)
    assert "@elders.example" in current
    assert "@coaches.example" in earlier
    # and in the conversation itself: who took over, with the domain that tells them apart
    messages_page = client.get("/berichten/?lang=en").get_data(as_text=True)
    assert "Your coach has changed." in messages_page
    assert "your coach is Karin de Vries (@elders.example)" in messages_page
    assert "before that it was Karin de Vries" in messages_page


def test_a_first_coach_is_no_change(client: Any, make_user: Any, login_as: Any) -> None:
    employee = make_user()
    assign_coach(employee, make_user(role="coach"))
    db.session.commit()
    login_as(employee)
    assert "Your coach has changed." not in client.get("/berichten/?lang=en").get_data(as_text=True)


def test_assigning_the_same_coach_again_sends_nothing(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    employee, coach, admin = make_user(), make_user(role="coach"), make_user(role="admin")
    assign_coach(employee, coach)
    db.session.commit()
    login_as(admin)
    client.submit("/admin/koppelingen", {"employee_email": employee.email, "coach_id": coach.id})
    assert mailbox.messages == []


def test_the_recipient_choice_shows_the_staff_domain(
    client: Any, make_user: Any, login_as: Any
) -> None:
    employee = make_user()
    coach = make_user(role="coach", name="Karin de Vries", email="karin@coaches.example")
    assign_coach(employee, coach)
    db.session.commit()
    login_as(employee)
    page = client.get("/delen/nieuw").get_data(as_text=True)
    assert "Karin de Vries @coaches.example" in page
