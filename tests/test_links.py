"""Care links: admin assigns coaches, employees invite professionals, access ends at once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from portal.auth.models import Role, User
from portal.db import db
from portal.links.models import CareLink, LinkKind, LinkStatus
from tests.conftest import log_in


def test_admin_assigns_a_coach_and_the_coach_sees_the_caseload(
    client: Any, make_user: Any, login_as: Any
) -> None:
    employee = make_user(name="Noor Bakker")
    coach = make_user(role="coach")
    login_as(make_user(role="admin"))
    response = client.submit(
        "/admin/koppelingen", {"employee_email": employee.email, "coach_id": coach.id}
    )
    assert response.status_code == 302
    client.submit("/uitloggen")
    login_as(coach)
    assert "Noor Bakker" in client.get("/coach/").get_data(as_text=True)


def test_reassigning_a_coach_ends_the_old_link_at_once(
    client: Any, make_user: Any, login_as: Any
) -> None:
    from portal.links.services import assign_coach

    employee = make_user(name="Noor Bakker")
    old, new = make_user(role="coach"), make_user(role="coach")
    assign_coach(employee, old)
    db.session.commit()
    login_as(old)
    assert "Noor Bakker" in client.get("/coach/").get_data(as_text=True)
    assign_coach(employee, new)
    db.session.commit()
    assert "Noor Bakker" not in client.get("/coach/").get_data(as_text=True)
    statuses = db.session.scalars(select(CareLink.status).order_by(CareLink.id)).all()
    assert statuses == [LinkStatus.ENDED, LinkStatus.ACTIVE]


def test_assign_coach_refuses_unknown_employee(client: Any, make_user: Any, login_as: Any) -> None:
    coach = make_user(role="coach")
    login_as(make_user(role="admin"))
    response = client.submit(
        "/admin/koppelingen", {"employee_email": coach.email, "coach_id": coach.id}
    )
    assert "Geen werknemersaccount" in response.get_data(as_text=True)
    assert db.session.scalar(select(CareLink)) is None


def test_forged_coach_id_is_refused(client: Any, make_user: Any, login_as: Any) -> None:
    employee = make_user()
    make_user(role="coach")
    other_employee = make_user()
    login_as(make_user(role="admin"))
    response = client.submit(
        "/admin/koppelingen", {"employee_email": employee.email, "coach_id": other_employee.id}
    )
    assert response.status_code == 200
    assert db.session.scalar(select(CareLink)) is None


def test_invite_existing_professional_who_accepts(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    employee = make_user(name="Noor Bakker")
    doctor = make_user(role="professional", email="arts@example.com")
    login_as(employee)
    response = client.submit("/account/koppelingen", {"email": "ARTS@example.com"})
    assert response.status_code == 302
    assert len(mailbox.messages) == 1
    assert "Noor" not in mailbox.bodies()[0]  # the e-mail names nobody
    client.submit("/uitloggen")
    login_as(doctor)
    page = client.get("/professional/").get_data(as_text=True)
    assert "Noor Bakker" in page
    link = db.session.scalar(select(CareLink))
    assert link is not None
    client.submit(f"/professional/uitnodigingen/{link.id}/accepteren")
    db.session.refresh(link)
    assert link.status is LinkStatus.ACTIVE


def test_invitation_for_unknown_address_waits_for_the_account(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    login_as(make_user())
    client.submit("/account/koppelingen", {"email": "nieuw@example.com"})
    assert mailbox.messages[0]["To"] == "nieuw@example.com"
    doctor = make_user(role="professional", email="nieuw@example.com")
    link = db.session.scalar(select(CareLink))
    assert link is not None and link.carer_id == doctor.id
    assert link.status is LinkStatus.INVITED


def test_invitation_answer_is_the_same_for_non_professional_addresses(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    other = make_user(email="collega@example.com")
    login_as(make_user())
    response = client.submit("/account/koppelingen", {"email": other.email})
    assert response.status_code == 302
    link = db.session.scalar(select(CareLink))
    assert link is not None and link.carer_id is None  # never attached to a non-professional
    assert mailbox.messages == []


def test_invitation_bad_input(client: Any, make_user: Any, login_as: Any) -> None:
    employee = make_user()
    login_as(employee)
    for email, message in [
        ("geen adres", "Dit is geen geldig e-mailadres."),
        (employee.email, "je eigen e-mailadres"),
    ]:
        response = client.submit("/account/koppelingen", {"email": email})
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(CareLink)) is None


def test_professional_cannot_answer_someone_elses_invitation(
    client: Any, make_user: Any, login_as: Any
) -> None:
    from portal.links.services import invite_professional

    employee = make_user()
    invited = make_user(role="professional")
    other = make_user(role="professional")
    link = invite_professional(employee, invited.email)
    db.session.commit()
    assert link is not None
    login_as(other)
    response = client.submit(f"/professional/uitnodigingen/{link.id}/accepteren")
    assert response.status_code == 404
    db.session.refresh(link)
    assert link.status is LinkStatus.INVITED


def test_employee_ends_a_link_and_cannot_end_anothers(
    client: Any, make_user: Any, login_as: Any
) -> None:
    from portal.links.services import assign_coach

    employee, other = make_user(), make_user()
    coach = make_user(role="coach")
    mine = assign_coach(employee, coach)
    theirs = assign_coach(other, coach)
    db.session.commit()
    login_as(employee)
    assert client.submit(f"/account/koppelingen/{theirs.id}/beeindigen").status_code == 404
    assert client.submit(f"/account/koppelingen/{mine.id}/beeindigen").status_code == 302
    db.session.refresh(mine)
    db.session.refresh(theirs)
    assert mine.status is LinkStatus.ENDED and theirs.status is LinkStatus.ACTIVE
    assert client.submit(f"/account/koppelingen/{mine.id}/beeindigen").status_code == 404


def test_admin_creates_staff_account_that_sets_own_password(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    import re

    login_as(make_user(role="admin"))
    response = client.submit(
        "/admin/accounts/nieuw",
        {"name": "Coach Kim", "email": "kim@example.com", "role": "coach"},
    )
    assert response.status_code == 302
    path = re.search(r"(/wachtwoord-herstellen/\S+)", mailbox.bodies()[0])
    assert path is not None
    client.submit("/uitloggen")
    new = "mijn eigen sterke wachtwoord"
    client.submit(path.group(1), {"password": new, "confirm": new})
    response = client.submit("/inloggen", {"email": "kim@example.com", "password": new})
    assert response.headers["Location"] == "/"
    # a new coach first sets up two-step login, then reaches the caseload
    assert client.get("/").headers["Location"] == "/account/tweestaps"


def test_admin_cannot_create_employee_or_forge_role(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user(role="admin"))
    response = client.submit(
        "/admin/accounts/nieuw", {"name": "X", "email": "x@example.com", "role": "employer"}
    )
    assert response.status_code == 200
    assert db.session.scalar(select(CareLink)) is None
    from portal.auth.models import user_by_email

    assert user_by_email("x@example.com") is None


def test_admin_blocks_an_account_and_its_session_ends(
    app: Any, make_user: Any, login_as: Any, client: Any
) -> None:
    from portal.auth.models import UserSession

    victim = make_user(role="coach")
    other_client = log_in(app.test_client(), victim)
    assert other_client.get("/coach/").status_code == 200
    login_as(make_user(role="admin"))
    client.submit(f"/admin/accounts/{victim.id}/blokkeren")
    assert other_client.get("/coach/").status_code == 302
    assert db.session.scalar(select(UserSession).where(UserSession.user_id == victim.id)) is None


def test_admin_pages_do_not_reveal_link_kinds_beyond_coaches(
    client: Any, make_user: Any, login_as: Any
) -> None:
    from portal.links.services import invite_professional

    employee = make_user(name="Noor Bakker")
    invite_professional(employee, make_user(role=Role.PROFESSIONAL).email)
    db.session.commit()
    login_as(make_user(role="admin"))
    page = client.get("/admin/koppelingen").get_data(as_text=True)
    assert "Noor Bakker" not in page  # who invited which bedrijfsarts is not admin business
    assert db.session.scalar(select(CareLink.kind)) is LinkKind.PROFESSIONAL


@pytest.mark.parametrize("status", list(LinkStatus))
@pytest.mark.parametrize("employee_active", [True, False])
@pytest.mark.parametrize("who", ["carer", "other"])
def test_the_open_rule_is_the_same_in_python_and_in_sql(
    make_user: Any, status: LinkStatus, employee_active: bool, who: str
) -> None:
    """CareLink.is_open_for and CareLink.open_for (the query form) agree in every combination."""
    employee = make_user()
    carer, other = make_user(role="coach"), make_user(role="coach")
    link = CareLink(employee=employee, carer=carer, kind=LinkKind.COACH, status=status)
    employee.is_active = employee_active
    db.session.add(link)
    db.session.commit()
    asking = carer if who == "carer" else other
    in_sql = db.session.scalar(
        select(CareLink.id)
        .join(User, User.id == CareLink.employee_id)
        .where(CareLink.id == link.id, CareLink.open_for(asking.id, User))
    )
    assert link.is_open_for(asking) is (in_sql is not None)
    expected = who == "carer" and status is LinkStatus.ACTIVE and employee_active
    assert link.is_open_for(asking) is expected
