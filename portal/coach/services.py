"""The coach's side of a link: the context strip, notes, rulers and suggested questions.

Every read of the employee's data by the coach writes an access-log row (see `log_read`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.audit.services import record_access
from portal.auth.models import EmployeeProfile
from portal.coach.models import (
    RULER_MAX,
    RULER_MIN,
    CoachNote,
    CoachVisibility,
    QuestionSuggestion,
    Ruler,
    SuggestionStatus,
)
from portal.consults.models import Consult, WithWhom
from portal.db import db
from portal.links.models import CareLink, LinkKind, LinkStatus
from portal.messages import services as messages
from portal.messages.models import CheckIn, Conversation, Message

#: Access-log events of the coach's side (labels in portal/audit/labels.py).
CONTEXT_READ = "coach_context.read"
NOTES_READ = "coach_notes.read"
RULERS_READ = "rulers.read"
SUGGESTIONS_READ = "suggestions.read"


@dataclass(frozen=True)
class Context:
    """What the coach sees about one person; None means "not shared" or "not known"."""

    shows_week: bool
    week: int | None
    shows_next_talk: bool
    next_talk: dt.datetime | None
    last_contact: dt.date | None
    days_since_wrote: int | None

    @property
    def has_shared_data(self) -> bool:
        """Return whether the strip shows something the employee chose to share."""
        return (self.shows_week and self.week is not None) or (
            self.shows_next_talk and self.next_talk is not None
        )


def visibility_of(employee_id: int) -> CoachVisibility:
    """Return the employee's choices (unsaved defaults: the coach sees neither)."""
    found = db.session.get(CoachVisibility, employee_id)
    if found is None:
        found = CoachVisibility(employee_id=employee_id, shows_week=False, shows_next_talk=False)
    return found


def week_of_absence(sick_since: dt.date | None, today: dt.date) -> int | None:
    """Return the week of absence (week 1 starts on the first sick day), or None."""
    if sick_since is None or sick_since > today:
        return None
    return (today - sick_since).days // 7 + 1


def contexts(links: Iterable[CareLink]) -> dict[int, Context]:
    """Return {link id: Context} for coach links, in a constant number of queries."""
    links = list(links)
    if not links:
        return {}
    employee_ids = {link.employee_id for link in links}
    link_ids = [link.id for link in links]
    moment = messages.now()
    today = messages.local_today(moment)
    choices = {
        row.employee_id: row
        for row in db.session.scalars(
            select(CoachVisibility).where(CoachVisibility.employee_id.in_(employee_ids))
        )
    }
    week_ids = [i for i, c in choices.items() if c.shows_week]
    talk_ids = [i for i, c in choices.items() if c.shows_next_talk]
    sick: dict[int, dt.date | None] = {}
    if week_ids:
        sick = dict(
            db.session.execute(  # type: ignore[arg-type]
                select(EmployeeProfile.user_id, EmployeeProfile.sick_since).where(
                    EmployeeProfile.user_id.in_(week_ids)
                )
            ).all()
        )
    talks: dict[int, dt.datetime] = {}
    if talk_ids:
        talks = dict(
            db.session.execute(  # type: ignore[arg-type]
                select(Consult.user_id, func.min(Consult.starts_at))
                .where(
                    Consult.user_id.in_(talk_ids),
                    Consult.with_whom == WithWhom.BEDRIJFSARTS,
                    Consult.starts_at >= moment,
                )
                .group_by(Consult.user_id)
            ).all()
        )
    wrote: dict[int, dt.datetime] = {}
    coach_wrote: dict[int, dt.datetime] = {}
    for link_id, employee_id, coach_id, sender_id, last in db.session.execute(
        select(
            Conversation.link_id,
            Conversation.employee_id,
            Conversation.coach_id,
            Message.sender_id,
            func.max(Message.sent_at),
        )
        .join(Message, Message.conversation_id == Conversation.id)
        .where(Conversation.link_id.in_(link_ids), Message.retracted_at.is_(None))
        .group_by(
            Conversation.link_id, Conversation.employee_id, Conversation.coach_id, Message.sender_id
        )
    ):
        if sender_id == employee_id:
            wrote[link_id] = last
        elif sender_id == coach_id:
            coach_wrote[link_id] = last
    checkins: dict[int, dt.date] = dict(
        db.session.execute(  # type: ignore[arg-type]
            select(Conversation.link_id, func.max(CheckIn.planned_on))
            .join(CheckIn, CheckIn.conversation_id == Conversation.id)
            .where(Conversation.link_id.in_(link_ids), CheckIn.done_at.is_not(None))
            .group_by(Conversation.link_id)
        ).all()
    )
    result = {}
    for link in links:
        choice = choices.get(link.employee_id)
        shows_week = bool(choice and choice.shows_week)
        shows_talk = bool(choice and choice.shows_next_talk)
        contact_days = [
            day
            for day in (
                checkins.get(link.id),
                messages.local_today(coach_wrote[link.id]) if link.id in coach_wrote else None,
            )
            if day is not None
        ]
        result[link.id] = Context(
            shows_week=shows_week,
            week=week_of_absence(sick.get(link.employee_id), today) if shows_week else None,
            shows_next_talk=shows_talk,
            next_talk=talks.get(link.employee_id) if shows_talk else None,
            last_contact=max(contact_days) if contact_days else None,
            days_since_wrote=(
                (today - messages.local_today(wrote[link.id])).days if link.id in wrote else None
            ),
        )
    return result


def preview(employee_id: int) -> Context | None:
    """Return exactly what the employee's current coach sees in the strip, or None."""
    link = active_coach_link(employee_id)
    if link is None:
        return None
    return contexts([link])[link.id]


def active_coach_link(employee_id: int) -> CareLink | None:
    """Return the employee's active coach link, if any."""
    return db.session.scalar(
        select(CareLink).where(
            CareLink.employee_id == employee_id,
            CareLink.kind == LinkKind.COACH,
            CareLink.status == LinkStatus.ACTIVE,
            CareLink.carer_id.is_not(None),
        )
    )


def log_read(event: str, link: CareLink, object_type: str) -> None:
    """Write the access-log row for a coach's read (inside `logged_reads`, which commits)."""
    record_access(
        event=event, employee_id=link.employee_id, object_type=object_type, object_id=link.id
    )


def ended_link_of_coach(link_id: int, coach_id: int) -> CareLink | None:
    """Return the coach's own link when it exists but has ended (for a clear refusal)."""
    link = db.session.get(CareLink, link_id)
    if (
        link is None
        or link.kind is not LinkKind.COACH
        or link.carer_id != coach_id
        or link.status is LinkStatus.ACTIVE
    ):
        return None
    return link


# --- notes -------------------------------------------------------------------------------


def notes_of_link(link_id: int) -> list[CoachNote]:
    """Return the notes of one link, newest first."""
    return list(
        db.session.scalars(
            select(CoachNote).where(CoachNote.link_id == link_id).order_by(CoachNote.id.desc())
        )
    )


def notes_about(employee_id: int) -> list[CoachNote]:
    """Return every coach note about the employee, newest first (their right of access)."""
    return list(
        db.session.scalars(
            select(CoachNote)
            .where(CoachNote.employee_id == employee_id)
            .order_by(CoachNote.id.desc())
        )
    )


def add_note(link: CareLink, text: str) -> CoachNote:
    """Store a coach note on an active link; the caller commits."""
    assert link.status is LinkStatus.ACTIVE
    note = CoachNote(
        link_id=link.id,
        employee_id=link.employee_id,
        coach_id=link.carer_id,
        created_at=messages.now(),
    )
    note.body = text
    db.session.add(note)
    db.session.flush()
    return note


# --- rulers ------------------------------------------------------------------------------


def rulers_of_link(link_id: int) -> list[Ruler]:
    """Return the rulers of one link, newest first."""
    return list(
        db.session.scalars(select(Ruler).where(Ruler.link_id == link_id).order_by(Ruler.id.desc()))
    )


def open_ruler(link_id: int) -> Ruler | None:
    """Return the ruler that waits for the employee's answer, if any."""
    return db.session.scalar(
        select(Ruler)
        .where(Ruler.link_id == link_id, Ruler.answered_at.is_(None))
        .order_by(Ruler.id.desc())
        .limit(1)
    )


def offer_ruler(link: CareLink) -> Ruler:
    """Offer the two rulers (once: an open offer is reused); the caller commits."""
    existing = open_ruler(link.id)
    if existing is not None:
        return existing
    ruler = Ruler(link_id=link.id, employee_id=link.employee_id, offered_at=messages.now())
    db.session.add(ruler)
    db.session.flush()
    return ruler


def in_range(value: int | None) -> bool:
    """Return whether a ruler score is a whole number from 0 to 10."""
    return value is not None and RULER_MIN <= value <= RULER_MAX


def answer_ruler(ruler: Ruler, importance: int, confidence: int) -> None:
    """Store the employee's two scores; the caller checked the range and commits."""
    if not (in_range(importance) and in_range(confidence)):
        raise ValueError("ruler score out of range")
    ruler.importance, ruler.confidence = importance, confidence
    ruler.answered_at = messages.now()


# --- suggested questions -----------------------------------------------------------------


def suggestions_of_link(link_id: int) -> list[QuestionSuggestion]:
    """Return the questions the coach suggested on one link, newest first."""
    return list(
        db.session.scalars(
            select(QuestionSuggestion)
            .where(QuestionSuggestion.link_id == link_id)
            .order_by(QuestionSuggestion.id.desc())
        )
    )


def open_suggestions(employee_id: int) -> list[QuestionSuggestion]:
    """Return the suggestions waiting for the employee's answer, from an active link only."""
    return list(
        db.session.scalars(
            select(QuestionSuggestion)
            .join(CareLink, CareLink.id == QuestionSuggestion.link_id)
            .where(
                QuestionSuggestion.employee_id == employee_id,
                QuestionSuggestion.status == SuggestionStatus.OPEN,
                CareLink.status == LinkStatus.ACTIVE,
            )
            .order_by(QuestionSuggestion.id)
        )
    )


def upcoming_talks(employee_id: int) -> list[Consult]:
    """Return the employee's talks that have not started yet, earliest first."""
    return list(
        db.session.scalars(
            select(Consult)
            .where(Consult.user_id == employee_id, Consult.starts_at >= messages.now())
            .order_by(Consult.starts_at, Consult.id)
        )
    )


def suggest_question(link: CareLink, text: str, talk: Consult | None = None) -> QuestionSuggestion:
    """Store a suggested question for the employee to accept or decline; the caller commits.

    A talk, when given, must be this employee's own: it is only a preselection.
    """
    if talk is not None and talk.user_id != link.employee_id:
        raise PermissionError("not this employee's talk")
    suggestion = QuestionSuggestion(
        link_id=link.id,
        employee_id=link.employee_id,
        consult_id=talk.id if talk else None,
        created_at=messages.now(),
    )
    suggestion.text = text
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def accept(suggestion: QuestionSuggestion, consult: Consult) -> None:
    """Add the question to the employee's own talk; the caller checked ownership and commits."""
    if consult.user_id != suggestion.employee_id:
        raise PermissionError("not this employee's talk")
    consult.questions = [*consult.questions, {"text": suggestion.text or ""}]
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.consult_id = consult.id
    suggestion.answered_at = messages.now()


def decline(suggestion: QuestionSuggestion) -> None:
    """Mark the suggestion declined; the caller commits."""
    suggestion.status = SuggestionStatus.DECLINED
    suggestion.answered_at = messages.now()
