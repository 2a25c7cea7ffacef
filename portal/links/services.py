"""Creating, accepting and ending care links."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import mail
from portal.auth.models import Role, User, normalise_email, user_by_email
from portal.db import db, utcnow
from portal.links.models import CareLink, LinkKind, LinkStatus

log = logging.getLogger(__name__)

OPEN = (LinkStatus.INVITED, LinkStatus.ACTIVE)


class LinkError(ValueError):
    """A link request that cannot be honoured; the message code is shown translated."""


def assign_coach(employee: User, coach: User) -> CareLink:
    """Make coach the employee's only active coach (admin action); the caller commits."""
    if employee.role is not Role.EMPLOYEE or coach.role is not Role.COACH or not coach.is_active:
        raise LinkError("not_a_coach")
    for link in open_links(employee.id, LinkKind.COACH):
        if link.carer_id == coach.id:
            return link
        end_link(link)
    link = CareLink(
        employee_id=employee.id,
        carer_id=coach.id,
        kind=LinkKind.COACH,
        status=LinkStatus.ACTIVE,
        accepted_at=utcnow(),
    )
    db.session.add(link)
    log.info("coach %s assigned to employee %s", coach.id, employee.id)
    return link


def end_link(link: CareLink) -> None:
    """End a link; access through it stops on the very next request."""
    link.status = LinkStatus.ENDED
    link.ended_at = utcnow()
    log.info("care link %s ended", link.id)


def open_links(employee_id: int, kind: LinkKind | None = None) -> list[CareLink]:
    """Return an employee's invited and active links, with the other person loaded."""
    query = (
        select(CareLink)
        .options(joinedload(CareLink.carer))
        .where(CareLink.employee_id == employee_id, CareLink.status.in_(OPEN))
        .order_by(CareLink.created_at)
    )
    if kind is not None:
        query = query.where(CareLink.kind == kind)
    return list(db.session.scalars(query))


def invite_professional(employee: User, email: str) -> CareLink | None:
    """Invite a professional by e-mail address; the caller commits.

    The answer to the employee is the same whether or not the address has an account,
    so the form reveals nothing about who uses the portal.
    """
    email = normalise_email(email)
    if email == employee.email:
        raise LinkError("self")
    for link in open_links(employee.id, LinkKind.PROFESSIONAL):
        if link.invited_email == email:
            raise LinkError("duplicate")
    account = user_by_email(email)
    carer = account if account is not None and account.role is Role.PROFESSIONAL else None
    link = CareLink(
        employee_id=employee.id,
        carer_id=carer.id if carer else None,
        invited_email=email,
        kind=LinkKind.PROFESSIONAL,
        status=LinkStatus.INVITED,
    )
    db.session.add(link)
    db.session.flush()
    if carer is not None and carer.is_active:
        mail.send(
            "link_invitation",
            carer.email,
            carer.locale,
            user_id=carer.id,
            has_account=True,
            link=mail.absolute_url("professional.index"),
        )
    elif account is None:
        mail.send("link_invitation", email, employee.locale, has_account=False)
    log.info("employee %s invited a professional (link %s)", employee.id, link.id)
    return link


def attach_invitations(professional: User) -> int:
    """Attach waiting invitations to a newly created professional account."""
    links = db.session.scalars(
        select(CareLink).where(
            CareLink.invited_email == professional.email,
            CareLink.carer_id.is_(None),
            CareLink.status == LinkStatus.INVITED,
        )
    ).all()
    for link in links:
        link.carer_id = professional.id
    return len(links)


def pending_invitations(carer_id: int) -> list[CareLink]:
    """Return invitations waiting for this professional, with the employee loaded."""
    return list(
        db.session.scalars(
            select(CareLink)
            .options(joinedload(CareLink.employee))
            .where(CareLink.carer_id == carer_id, CareLink.status == LinkStatus.INVITED)
            .order_by(CareLink.created_at)
        )
    )


def linked_employees(carer_id: int) -> list[CareLink]:
    """Return the active links of a coach or professional, with the employee loaded."""
    return list(
        db.session.scalars(
            select(CareLink)
            .options(joinedload(CareLink.employee))
            .join(User, User.id == CareLink.employee_id)
            .where(CareLink.open_for(carer_id, User))
            .order_by(User.name)
        )
    )


def link_for_carer_or_none(link_id: int, carer_id: int, status: LinkStatus) -> CareLink | None:
    """Return a link addressed to this carer in the given status, else None."""
    link = db.session.get(CareLink, link_id)
    if link is None or link.carer_id != carer_id or link.status is not status:
        return None
    return link


def accept(link: CareLink) -> None:
    """Accept an invitation; the caller commits."""
    link.status = LinkStatus.ACTIVE
    link.accepted_at = utcnow()
    log.info("care link %s accepted", link.id)


def coach_assignments() -> list[CareLink]:
    """Return every active coach link with both people loaded (admin overview)."""
    return list(
        db.session.scalars(
            select(CareLink)
            .options(joinedload(CareLink.employee), joinedload(CareLink.carer))
            .where(CareLink.kind == LinkKind.COACH, CareLink.status == LinkStatus.ACTIVE)
            .order_by(CareLink.created_at.desc())
            .limit(500)
        )
    )
