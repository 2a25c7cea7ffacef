"""Who may receive a share, who may open one, the lists, revoking and the PDF."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased, joinedload

from portal import clock, mail, pdf
from portal.auth.models import User
from portal.db import db, utcnow
from portal.links.models import CareLink, LinkStatus
from portal.sharing.models import AdviceState, Share, ShareAdvice, ShareDraft, ShareReply

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "static"
#: How many shares the employee's list shows (newest first).
LIST_LIMIT = 200


def recipients(employee_id: int) -> list[CareLink]:
    """Return the employee's active links to a coach or professional with an account."""
    return list(
        db.session.scalars(
            select(CareLink)
            .options(joinedload(CareLink.carer))
            .join(User, User.id == CareLink.carer_id)
            .where(
                CareLink.employee_id == employee_id,
                CareLink.status == LinkStatus.ACTIVE,
                User.is_active.is_(True),
            )
            .order_by(CareLink.kind, User.name)
        )
    )


def link_to(employee_id: int, recipient_id: int | None) -> CareLink | None:
    """Return the active link through which this employee may share with recipient_id."""
    return next((r for r in recipients(employee_id) if r.carer_id == recipient_id), None)


def _visible(recipient_id: int, moment: dt.datetime) -> Any:
    """Return a query of the shares this person may open right now."""
    employee = aliased(User)
    return (
        select(Share)
        .join(CareLink, CareLink.id == Share.link_id)
        .join(employee, employee.id == Share.employee_id)
        .options(joinedload(Share.employee))
        .where(
            Share.recipient_id == recipient_id,
            Share.live_at(moment),
            CareLink.open_for(recipient_id, employee),
            CareLink.employee_id == Share.employee_id,
        )
    )


def visible_share(share_id: int, recipient_id: int) -> Share | None:
    """Return a share the recipient may open now: not revoked, not expired, link active."""
    return db.session.scalar(_visible(recipient_id, clock.now()).where(Share.id == share_id))


def received_for(recipient_id: int) -> list[Share]:
    """Return the shares this coach or professional may open now, newest first (one query)."""
    query = _visible(recipient_id, clock.now()).order_by(Share.created_at.desc(), Share.id.desc())
    return list(db.session.scalars(query.limit(LIST_LIMIT)))


def shares_of(employee_id: int) -> list[Share]:
    """Return an employee's own shares with recipient and link, newest first (one query)."""
    return list(
        db.session.scalars(
            select(Share)
            .options(joinedload(Share.recipient), joinedload(Share.link))
            .where(Share.employee_id == employee_id)
            .order_by(Share.created_at.desc(), Share.id.desc())
            .limit(LIST_LIMIT)
        )
    )


def reply_counts(employee_id: int) -> dict[int, int]:
    """Return the number of replies per share of one employee (one query)."""
    rows = db.session.execute(
        select(ShareReply.share_id, func.count())
        .join(Share, Share.id == ShareReply.share_id)
        .where(Share.employee_id == employee_id)
        .group_by(ShareReply.share_id)
    )
    return {share_id: count for share_id, count in rows}


def replies_to(share_id: int) -> list[ShareReply]:
    """Return the notes written back on one share, oldest first, authors loaded."""
    return list(
        db.session.scalars(
            select(ShareReply)
            .options(joinedload(ShareReply.author))
            .where(ShareReply.share_id == share_id)
            .order_by(ShareReply.created_at, ShareReply.id)
        )
    )


def draft_of(employee_id: int) -> ShareDraft | None:
    """Return the employee's summary in progress, if any."""
    return db.session.scalar(select(ShareDraft).where(ShareDraft.employee_id == employee_id))


def save_draft(employee_id: int, content: dict[str, Any]) -> ShareDraft:
    """Store the summary in progress (the caller commits)."""
    draft = draft_of(employee_id)
    if draft is None:
        draft = ShareDraft(employee_id=employee_id)
        db.session.add(draft)
    draft.content = content
    draft.updated_at = utcnow()
    return draft


def status_of(share: Share, moment: dt.datetime) -> str:
    """Return "revoked", "expired", "unlinked" or "active" for the employee's list."""
    if share.revoked_at is not None:
        return "revoked"
    if share.expires_at is not None and share.expires_at <= moment:
        return "expired"
    if share.link.status is not LinkStatus.ACTIVE:
        return "unlinked"
    return "active"


def revoke(share: Share) -> bool:
    """Stop a share; return False when it was already stopped (the caller commits)."""
    if share.revoked_at is not None:
        return False
    share.revoked_at = utcnow()
    log.info("share %s revoked by employee %s", share.id, share.employee_id)
    return True


def notify(share: Share, recipient: User) -> None:
    """Tell the recipient, without any content, that a summary was shared with them."""
    try:
        mail.send(
            "share_received",
            recipient.email,
            recipient.locale,
            user_id=recipient.id,
            link=mail.absolute_url("sharing.received", share_id=share.id),
        )
    except OSError:
        # The share stands; the recipient also sees it on their start page.
        log.warning("mail about share %s to user %s could not be sent", share.id, recipient.id)


def render_pdf(html: str) -> bytes:
    """Render a share's printable page as PDF; nothing is fetched from anywhere."""
    return pdf.render(html, str(STATIC / "css" / "sharing-pdf.css"))


def home_summary(employee_id: int) -> dict[str, Any]:
    """Return {active, has_draft, advice, advice_from} for the employee's home (one query).

    ``advice`` counts the advice items not yet taken over or left out; ``advice_from`` names
    who sent them when that is one person (else None).
    """
    moment = clock.now()
    active = (
        select(func.count())
        .select_from(Share)
        .join(CareLink, CareLink.id == Share.link_id)
        .where(
            Share.employee_id == employee_id,
            Share.live_at(moment),
            CareLink.status == LinkStatus.ACTIVE,
        )
        .scalar_subquery()
    )
    has_draft = exists().where(ShareDraft.employee_id == employee_id)
    undecided = (
        select(ShareAdvice.id, ShareReply.author_id)
        .join(Share, Share.id == ShareAdvice.share_id)
        .join(ShareReply, ShareReply.id == ShareAdvice.reply_id)
        .where(Share.employee_id == employee_id, ShareAdvice.state == AdviceState.OPEN)
        .subquery()
    )
    advice = select(func.count()).select_from(undecided).scalar_subquery()
    authors = select(func.count(func.distinct(undecided.c.author_id))).scalar_subquery()
    author = (
        select(func.min(User.name))
        .where(User.id.in_(select(undecided.c.author_id)))
        .scalar_subquery()
    )
    row = db.session.execute(select(active, has_draft, advice, authors, author)).one()
    return {
        "active": row[0] or 0,
        "has_draft": bool(row[1]),
        "advice": row[2] or 0,
        "advice_from": row[4] if row[3] == 1 else None,
    }
