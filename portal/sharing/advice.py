"""Structured advice with a reply to a share, and the employee taking it over (or not).

Only the linked professional who received the share sends advice (the reply route checks
the share is visible to them); only the employee it was shared by decides on each item.
An accepted item becomes one of the employee's own agreements, with the reminders
agreements have; nothing here is shown to the employer.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from flask_babel import format_date
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.consults.models import Agreement, AgreementWho
from portal.db import db, utcnow
from portal.i18n import _, ngettext
from portal.logbook.models import BuildUpStep
from portal.sharing.models import AdviceKind, AdviceState, Share, ShareAdvice, ShareReply

if TYPE_CHECKING:  # the forms import the sections, which import this module
    from portal.sharing.forms import AdviceForm

log = logging.getLogger(__name__)

#: Kinds of advice that count as agreements in the next summary.
COUNTED = (AdviceKind.AGREEMENT, AdviceKind.TREATER)


def add_reply(share: Share, author_id: int, form: AdviceForm) -> ShareReply:
    """Store a professional's reply with its advice items (the caller commits)."""
    note = ShareReply(share_id=share.id, author_id=author_id)
    note.body = (form.body.data or "").strip() or None
    db.session.add(note)
    db.session.flush()
    items: list[tuple[AdviceKind, str | None, dt.date | None]] = [
        (AdviceKind.AGREEMENT, what, due) for what, due in form.agreements()
    ]
    if form.next_talk_on.data is not None:
        items.append((AdviceKind.NEXT_TALK, None, form.next_talk_on.data))
    items += [(AdviceKind.TREATER, question, None) for question in form.treater_questions()]
    buildup = form.buildup()
    if buildup is not None:
        items.append((AdviceKind.BUILD_UP, None, buildup[0]))
    for position, (kind, text, due) in enumerate(items):
        item = ShareAdvice(
            reply_id=note.id, share_id=share.id, kind=kind, position=position, due_on=due
        )
        item.text = text
        if kind is AdviceKind.BUILD_UP and buildup is not None:
            item.minutes_per_day, item.days_per_week = buildup[1], buildup[2]
        db.session.add(item)
    log.info("user %s replied to share %s with %d advice items", author_id, share.id, len(items))
    return note


def advice_by_reply(share_id: int) -> dict[int, list[ShareAdvice]]:
    """Return the advice items of one share, grouped per reply, in form order."""
    grouped: dict[int, list[ShareAdvice]] = {}
    for item in db.session.scalars(
        select(ShareAdvice)
        .where(ShareAdvice.share_id == share_id)
        .order_by(ShareAdvice.reply_id, ShareAdvice.position, ShareAdvice.id)
    ):
        grouped.setdefault(item.reply_id, []).append(item)
    return grouped


def open_advice(employee_id: int) -> list[ShareAdvice]:
    """Return the advice the employee has not decided on yet, with reply and author."""
    return list(
        db.session.scalars(
            select(ShareAdvice)
            .join(Share, Share.id == ShareAdvice.share_id)
            .options(joinedload(ShareAdvice.reply).joinedload(ShareReply.author))
            .where(Share.employee_id == employee_id, ShareAdvice.state == AdviceState.OPEN)
            .order_by(ShareAdvice.reply_id, ShareAdvice.position, ShareAdvice.id)
        )
    )


def open_advice_groups(employee_id: int) -> list[list[ShareAdvice]]:
    """Return the undecided advice grouped per reply, oldest reply first."""
    groups: dict[int, list[ShareAdvice]] = {}
    for item in open_advice(employee_id):
        groups.setdefault(item.reply_id, []).append(item)
    return list(groups.values())


def own_advice(item_id: int, employee_id: int) -> ShareAdvice | None:
    """Return an advice item on one of the employee's own shares, with reply and author."""
    return db.session.scalar(
        select(ShareAdvice)
        .join(Share, Share.id == ShareAdvice.share_id)
        .options(joinedload(ShareAdvice.reply).joinedload(ShareReply.author))
        .where(ShareAdvice.id == item_id, Share.employee_id == employee_id)
    )


def agreement_text(item: ShareAdvice) -> str:
    """Return the agreement text an advice item becomes, in the employee's language."""
    if item.kind is AdviceKind.TREATER:
        return _("Ask my treater: %(question)s", question=item.text or "")
    if item.kind is AdviceKind.NEXT_TALK:
        return _("Next talk with %(name)s", name=item.reply.author.name)
    return item.text or ""


def period_starting(employee_id: int, starts_on: dt.date | None) -> BuildUpStep | None:
    """Return the employee's own build-up period that starts on a day, if there is one."""
    return db.session.scalar(
        select(BuildUpStep).where(
            BuildUpStep.user_id == employee_id, BuildUpStep.starts_on == starts_on
        )
    )


def period_in_the_way(item: ShareAdvice, employee_id: int) -> BuildUpStep | None:
    """Return the employee's own period that starts the same day with other numbers."""
    step = period_starting(employee_id, item.due_on)
    if step is None or (
        step.minutes_per_day == item.minutes_per_day and step.days_per_week == item.days_per_week
    ):
        return None
    return step


def accept_buildup(item: ShareAdvice, employee_id: int) -> BuildUpStep:
    """Take a build-up period over into the employee's plan (the caller commits).

    A period of their own that starts the same day gets the advice's numbers: the caller
    asks first (period_in_the_way), so nothing is overwritten unasked.
    """
    step = period_starting(employee_id, item.due_on)
    if step is None:
        step = BuildUpStep(user_id=employee_id, starts_on=item.due_on)
        db.session.add(step)
    step.minutes_per_day = item.minutes_per_day or 0
    step.days_per_week = item.days_per_week or 0
    item.state = AdviceState.ACCEPTED
    item.decided_at = utcnow()
    log.info("employee %s took over build-up advice %s", employee_id, item.id)
    return step


def accept(item: ShareAdvice, employee_id: int) -> Agreement:
    """Take an open advice item over as the employee's own agreement (the caller commits)."""
    agreement = Agreement(
        user_id=employee_id, consult_id=None, who=AgreementWho.ME, due_on=item.due_on
    )
    agreement.what = agreement_text(item)
    db.session.add(agreement)
    db.session.flush()
    item.agreement_id = agreement.id
    item.state = AdviceState.ACCEPTED
    item.decided_at = utcnow()
    log.info("employee %s took over advice item %s", employee_id, item.id)
    return agreement


def decline(item: ShareAdvice) -> None:
    """Mark an open advice item as not taken over (the caller commits)."""
    item.state = AdviceState.DECLINED
    item.decided_at = utcnow()


def agreement_line(agreement: Agreement) -> str:
    """Return one agreement as a summary line: what, by when, and whether it is done."""
    mark = _("done") if agreement.done_at is not None else _("not done yet")
    due = (
        " " + _("(by %(date)s)", date=format_date(agreement.due_on, "long"))
        if agreement.due_on
        else ""
    )
    return f"- {agreement.what or ''}{due}: {mark}"


def progress_lines(employee_id: int) -> list[str]:
    """Say how far the latest advice got: "x of y done", each item, what was not taken over."""
    latest = db.session.scalar(
        select(ShareReply)
        .join(Share, Share.id == ShareReply.share_id)
        .join(ShareAdvice, ShareAdvice.reply_id == ShareReply.id)
        .options(joinedload(ShareReply.author))
        .where(Share.employee_id == employee_id, ShareAdvice.kind.in_(COUNTED))
        .order_by(ShareReply.created_at.desc(), ShareReply.id.desc())
        .limit(1)
    )
    if latest is None:
        return []
    items = [i for i in advice_by_reply(latest.share_id).get(latest.id, []) if i.kind in COUNTED]
    ids = [i.agreement_id for i in items if i.agreement_id is not None]
    agreements = {
        a.id: a for a in db.session.scalars(select(Agreement).where(Agreement.id.in_(ids)))
    }
    taken = [(i, agreements[i.agreement_id]) for i in items if i.agreement_id in agreements]
    done = sum(1 for _item, a in taken if a.done_at is not None)
    day = format_date(latest.created_at, "long")
    lines = [
        _(
            "Advice from %(name)s of %(date)s: %(done)d of %(total)d agreements done.",
            name=latest.author.name,
            date=day,
            done=done,
            total=len(taken),
        )
    ]
    for _item, agreement in taken:
        lines.append(agreement_line(agreement))
    declined = sum(1 for i in items if i.state is AdviceState.DECLINED)
    if declined:
        lines.append(
            ngettext(
                "%(num)d piece of advice I did not take over.",
                "%(num)d pieces of advice I did not take over.",
                declined,
            )
        )
    undecided = sum(1 for i in items if i.state is AdviceState.OPEN)
    if undecided:
        lines.append(
            ngettext(
                "%(num)d piece of advice I have not decided on yet.",
                "%(num)d pieces of advice I have not decided on yet.",
                undecided,
            )
        )
    return lines


def kind_labels() -> dict[AdviceKind, Any]:
    """Return the heading of each kind of advice."""
    return {
        AdviceKind.AGREEMENT: _("Agreement"),
        AdviceKind.NEXT_TALK: _("Next talk"),
        AdviceKind.TREATER: _("Ask the treater"),
        AdviceKind.BUILD_UP: _("Build-up plan"),
    }
