"""The employee hears of every change of coach (issue 19, item 8).

An administrator could create a coach with a copied name and move an employee to it; the
employee would only have seen the same name. Now the change is written to the employee's
access log (with the administrator's name at the time), the employee gets an e-mail without
content, the links page keeps the history of coaches, and staff are shown with the domain of
their e-mail address next to their name wherever the employee sees or picks a recipient.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import mail
from portal.audit.services import record_access
from portal.auth.models import User
from portal.db import db
from portal.links.models import CareLink, LinkKind, LinkStatus

log = logging.getLogger(__name__)

EVENT = "coach.assigned"


def staff_identifier(user: User | None) -> str:
    """Return what tells two people with the same name apart: their e-mail domain."""
    if user is None or "@" not in user.email:
        return ""
    return "@" + user.email.rsplit("@", 1)[1]


def tell_employee(employee: User, link: CareLink, admin: User) -> None:
    """Log the new coach link in the employee's access log and e-mail them (no content)."""
    db.session.flush()
    record_access(
        event=EVENT,
        employee_id=employee.id,
        object_type="care_link",
        object_id=link.id,
        actor=admin,
    )
    mail.send(
        "coach_changed",
        employee.email,
        employee.locale,
        user_id=employee.id,
        link=mail.absolute_url("account.links_page"),
    )
    log.info("employee %s told about coach link %s", employee.id, link.id)


def coach_history(employee_id: int) -> list[CareLink]:
    """Return the employee's ended coach links, newest first (with the coach loaded)."""
    return list(
        db.session.scalars(
            select(CareLink)
            .options(joinedload(CareLink.carer))
            .where(
                CareLink.employee_id == employee_id,
                CareLink.kind == LinkKind.COACH,
                CareLink.status == LinkStatus.ENDED,
                CareLink.carer_id.is_not(None),
            )
            .order_by(CareLink.ended_at.desc(), CareLink.id.desc())
        )
    )
