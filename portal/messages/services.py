"""Who may reach which conversation, the message window, unread counts and check-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g
from sqlalchemy import ColumnElement, Select, bindparam, case, func, or_, select, update
from sqlalchemy.orm import joinedload

from portal import clock
from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db
from portal.links.models import CareLink, LinkKind, LinkStatus
from portal.messages.models import (
    CheckIn,
    CheckInForm,
    CoachAway,
    Conversation,
    Message,
    Topic,
)

#: Messages shown per page of the conversation (older ones behind a link). 30 keeps a page
#: of long messages under 60 KB and its rendering short (bench/, docs/performance.md).
PAGE_SIZE = 30
#: Weeks between check-ins an employee can choose (seed 002: every four to six weeks).
RHYTHMS = (2, 4, 6)
#: How long a coach link lasts before the employee is asked to rate the coaching.
RATING_AFTER = dt.timedelta(weeks=4)
#: Done check-ins shown with their notes.
RECENT_CHECKINS = 6


#: Statements sent on every visit of the conversation and home pages, built once (as the
#: session lookup is, portal/security.py): building a select costs about as much as
#: sending it to SQLite. Their values are bound parameters; see built().
_BUILT: dict[str, Select[Any]] = {}


def built(name: str, build: Callable[[], Select[Any]]) -> Select[Any]:
    """Return the statement called name, building it the first time."""
    found = _BUILT.get(name)
    if found is None:
        found = _BUILT[name] = build()
    return found


# --- access -------------------------------------------------------------------------------


@dataclass
class Thread:
    """A coach link as seen by one of its two people, with its conversation if it has one."""

    link: CareLink
    conversation: Conversation | None
    viewer: User

    @property
    def is_open(self) -> bool:
        """Return whether new messages can be written (the link is still active)."""
        return self.link.status is LinkStatus.ACTIVE

    @property
    def other(self) -> User:
        """Return the other person of the conversation."""
        if self.viewer.id == self.link.employee_id:
            assert self.link.carer is not None
            return self.link.carer
        return self.link.employee


def thread_for(user: User, link_id: int) -> Thread | None:
    """Return a coach link's thread if this user may reach it now, else None (one query).

    The employee keeps read access to the conversations of earlier coaches; a coach reaches
    a conversation only through an active link, checked on every request.
    """
    row = db.session.execute(
        select(CareLink, Conversation)
        .outerjoin(Conversation, Conversation.link_id == CareLink.id)
        .options(joinedload(CareLink.employee), joinedload(CareLink.carer))
        .where(CareLink.id == link_id, CareLink.kind == LinkKind.COACH)
    ).first()
    if row is None:
        return None
    link, conversation = row
    if user.role is Role.EMPLOYEE and link.employee_id == user.id:
        allowed = link.status is not LinkStatus.INVITED and link.carer is not None
    elif user.role is Role.COACH:
        allowed = link.is_open_for(user)
    else:
        allowed = False
    return Thread(link, conversation, user) if allowed else None


def coach_links_of(employee_id: int) -> list[tuple[CareLink, Conversation | None]]:
    """Return the employee's coach links with their conversations, newest first.

    Each coach's away notice comes along and is kept for the request (see away_notice):
    the conversation page shows the current coach's without a statement of its own.
    """
    query = built(
        "coach_links_of",
        lambda: (
            select(CareLink, Conversation, CoachAway)
            .outerjoin(Conversation, Conversation.link_id == CareLink.id)
            .outerjoin(CoachAway, CoachAway.user_id == CareLink.carer_id)
            .options(joinedload(CareLink.carer))
            .where(
                CareLink.employee_id == bindparam("employee_id"),
                CareLink.kind == LinkKind.COACH,
                CareLink.status != LinkStatus.INVITED,
                CareLink.carer_id.is_not(None),
            )
            .order_by(CareLink.created_at.desc(), CareLink.id.desc())
        ),
    )
    rows = db.session.execute(query, {"employee_id": employee_id}).all()
    notices = _away_cache()
    for link, _conversation, notice in rows:
        notices[link.carer_id] = notice
    return [(link, conversation) for link, conversation, _notice in rows]


def conversation_of(link: CareLink) -> Conversation:
    """Return the link's conversation, creating it on first use; the caller commits."""
    conversation = db.session.scalar(select(Conversation).where(Conversation.link_id == link.id))
    if conversation is None:
        assert link.carer_id is not None
        conversation = Conversation(
            link_id=link.id, employee_id=link.employee_id, coach_id=link.carer_id
        )
        db.session.add(conversation)
        db.session.flush()
    return conversation


# --- messages -----------------------------------------------------------------------------


def window(
    conversation_id: int, viewer_id: int, before: int | None = None, size: int = PAGE_SIZE
) -> tuple[list[Message], bool]:
    """Return up to `size` messages, oldest first, and whether older ones exist (one query).

    A retracted message stays visible (as "retracted") to its sender only.
    """

    def build() -> Select[Any]:
        query = (
            select(Message)
            .where(
                Message.conversation_id == bindparam("conversation_id"),
                or_(Message.retracted_at.is_(None), Message.sender_id == bindparam("viewer_id")),
            )
            .order_by(Message.id.desc())
            .limit(size + 1)
        )
        return query if before is None else query.where(Message.id < bindparam("before"))

    query = built(f"window {size} {'older' if before is not None else 'newest'}", build)
    values = {"conversation_id": conversation_id, "viewer_id": viewer_id, "before": before}
    rows = list(db.session.scalars(query, values))
    return rows[:size][::-1], len(rows) > size


def mark_read(
    conversation_id: int, reader_id: int, moment: dt.datetime, counted: bool = False
) -> int:
    """Mark the other person's unread messages as read; return how many.

    counted says whether these messages are among the reader's unread count (the employee's
    conversations, a coach's active links): then this request's count, read along with the
    session, drops by as many, and the badge needs no statement of its own.
    """
    result = db.session.execute(
        update(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.sender_id != reader_id,
            Message.read_at.is_(None),
            Message.retracted_at.is_(None),
        )
        .values(read_at=moment)
        .execution_options(synchronize_session=False)
    )
    marked: int = result.rowcount or 0  # type: ignore[attr-defined]
    counts = _unread_cache()
    if reader_id in counts:
        if counted:
            counts[reader_id] = max(0, counts[reader_id] - marked)
        elif marked:
            del counts[reader_id]  # not expected; count again rather than guess
    return marked


def add_message(conversation: Conversation, sender: User, body: str) -> Message:
    """Store a new message; the caller commits."""
    message = Message(conversation_id=conversation.id, sender_id=sender.id, sent_at=clock.now())
    message.body = body
    db.session.add(message)
    db.session.flush()
    return message


#: The same text from the same sender within this time is one message sent twice (a double
#: tap, or a page sent again by reloading it), not a new one.
DUPLICATE_WINDOW = dt.timedelta(minutes=2)


def just_sent(conversation: Conversation, sender: User, body: str) -> bool:
    """Return whether the sender's last message here has this text and is only just sent."""
    last = db.session.scalar(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.sender_id == sender.id)
        .order_by(Message.id.desc())
        .limit(1)
    )
    return (
        last is not None
        and last.retracted_at is None
        and clock.now() - last.sent_at < DUPLICATE_WINDOW
        and last.body == body
    )


def retract(message: Message) -> bool:
    """Take back an unread message and wipe its text; False when it was read already."""
    if message.read_at is not None or message.retracted_at is not None:
        return False
    message.retracted_at = clock.now()
    message.body = None
    return True


def _unread_query(user: User) -> Select[tuple[int]]:
    """Return the query counting a person's unread messages."""
    return _unread_select(user.id, user.role)


def _unread_select(user_id: Any, role: Role) -> Select[tuple[int]]:
    """Count the unread messages of user_id (a number or a column) in the given role."""
    query = (
        select(func.count(Message.id))
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Message.sender_id != user_id,
            Message.read_at.is_(None),
            Message.retracted_at.is_(None),
        )
    )
    if role is Role.EMPLOYEE:
        return query.where(Conversation.employee_id == user_id)
    return query.join(CareLink, CareLink.id == Conversation.link_id).where(
        Conversation.coach_id == user_id, CareLink.status == LinkStatus.ACTIVE
    )


def unread_column() -> ColumnElement[int]:
    """Return a column counting the unread messages of the row's User (0 for other roles).

    The session lookup selects it along with the user, so the navigation badge on every
    page costs no statement of its own. A CASE runs only the subquery of the user's role.
    """
    return case(
        (User.role == Role.EMPLOYEE, _unread_select(User.id, Role.EMPLOYEE).scalar_subquery()),
        (User.role == Role.COACH, _unread_select(User.id, Role.COACH).scalar_subquery()),
        else_=0,
    )


def remember_unread(user: User, count: int) -> None:
    """Keep a count read along with the session for this request (see unread_column)."""
    if user.role in (Role.EMPLOYEE, Role.COACH):
        _unread_cache()[user.id] = count or 0


def _unread_cache() -> dict[int, int]:
    """Return this request's {user id: unread count}: the home page and the badge share it."""
    cache: dict[int, int] = g.setdefault("unread_counts", {})
    return cache


def unread_count(user: User) -> int:
    """Return how many messages wait unread for this user (one query; 0 for other roles)."""
    if user.role not in (Role.EMPLOYEE, Role.COACH):
        return 0
    counts = _unread_cache()
    if user.id not in counts:
        counts[user.id] = db.session.scalar(_unread_query(user)) or 0
    return counts[user.id]


def unread_by_link(coach_id: int) -> dict[int, int]:
    """Return {link id: unread messages} over a coach's active links (one query)."""
    rows = db.session.execute(
        select(Conversation.link_id, func.count(Message.id))
        .join(Message, Message.conversation_id == Conversation.id)
        .join(CareLink, CareLink.id == Conversation.link_id)
        .where(
            Conversation.coach_id == coach_id,
            CareLink.status == LinkStatus.ACTIVE,
            Message.sender_id != coach_id,
            Message.read_at.is_(None),
            Message.retracted_at.is_(None),
        )
        .group_by(Conversation.link_id)
    )
    return {link_id: count for link_id, count in rows}


def next_checkin_by_link(coach_id: int) -> dict[int, dt.date]:
    """Return {link id: date of the open check-in} over a coach's active links (one query)."""
    rows = db.session.execute(
        select(Conversation.link_id, func.min(CheckIn.planned_on))
        .join(CheckIn, CheckIn.conversation_id == Conversation.id)
        .join(CareLink, CareLink.id == Conversation.link_id)
        .where(
            Conversation.coach_id == coach_id,
            CareLink.status == LinkStatus.ACTIVE,
            CheckIn.done_at.is_(None),
        )
        .group_by(Conversation.link_id)
    )
    return {link_id: day for link_id, day in rows}


# --- check-ins ----------------------------------------------------------------------------


def checkin_preferences(employee_id: int) -> tuple[int, CheckInForm]:
    """Return the employee's chosen rhythm in weeks and form of contact."""
    profile = db.session.get(EmployeeProfile, employee_id)
    weeks = profile.checkin_every_weeks if profile else 4
    form = profile.checkin_form if profile else CheckInForm.CHAT.value
    return (weeks if weeks in RHYTHMS else 4), CheckInForm(form)


def recent_checkins(conversation_id: int) -> tuple[CheckIn | None, list[CheckIn]]:
    """Return the open check-in and the most recent done ones, newest first (one query)."""
    query = built(
        "recent_checkins",
        lambda: (
            select(CheckIn)
            .where(CheckIn.conversation_id == bindparam("conversation_id"))
            .order_by(CheckIn.done_at.is_(None).desc(), CheckIn.planned_on.desc(), CheckIn.id)
            .limit(RECENT_CHECKINS + 1)
        ),
    )
    rows = list(db.session.scalars(query, {"conversation_id": conversation_id}))
    open_one = rows[0] if rows and rows[0].done_at is None else None
    done = [row for row in rows if row.done_at is not None][:RECENT_CHECKINS]
    return open_one, done


def latest_allowed(last_done: dt.date | None, weeks: int, today: dt.date) -> dt.date:
    """Return the last date a check-in may be planned on: the rhythm plus one week.

    Counted from the previous check-in (or today when there was none). When that moment has
    already passed, the coach may still plan one within the coming week.
    """
    latest = (last_done or today) + dt.timedelta(weeks=weeks + 1)
    return max(latest, today + dt.timedelta(weeks=1))


def plan_problem(day: dt.date, last_done: dt.date | None, weeks: int, today: dt.date) -> str | None:
    """Return why a check-in date is not allowed ("past" or "late"), or None when it is."""
    if day < today:
        return "past"
    if day > latest_allowed(last_done, weeks, today):
        return "late"
    return None


def plan_checkin(
    conversation: Conversation,
    open_one: CheckIn | None,
    day: dt.date,
    form: CheckInForm,
    topics: list[str],
) -> CheckIn:
    """Plan the next check-in, or move the one already planned; the caller commits."""
    checkin = open_one or CheckIn(conversation_id=conversation.id)
    checkin.planned_on = day
    checkin.form = form
    checkin.topics = ",".join(t.value for t in Topic if t.value in topics)
    checkin.employee_reminded_at = checkin.coach_reminded_at = None
    db.session.add(checkin)
    return checkin


def complete_checkin(checkin: CheckIn, note: str) -> None:
    """Mark a check-in done with the coach's short note; the caller commits."""
    checkin.done_at = clock.now()
    checkin.note = note or None


def _open_checkins(query: Select[Any], employee_id: Any) -> Select[Any]:
    """Narrow a check-in query to the employee's open ones with their current coach.

    employee_id is a number, or a bound parameter for a statement built once.
    """
    return (
        query.join(Conversation, Conversation.id == CheckIn.conversation_id)
        .join(CareLink, CareLink.id == Conversation.link_id)
        .where(
            Conversation.employee_id == employee_id,
            CareLink.status == LinkStatus.ACTIVE,
            CheckIn.done_at.is_(None),
        )
        .order_by(CheckIn.planned_on)
        .limit(1)
    )


# --- away notice and the coaching rating --------------------------------------------------


def _away_cache() -> dict[int, CoachAway | None]:
    """Return this request's {coach id: away notice or None} read along with coach links."""
    cache: dict[int, CoachAway | None] = g.setdefault("away_notices", {})
    return cache


def away_notice(coach_id: int, today: dt.date) -> CoachAway | None:
    """Return the coach's away notice while it still applies."""
    notices = _away_cache()
    notice = notices[coach_id] if coach_id in notices else db.session.get(CoachAway, coach_id)
    return notice if notice is not None and notice.away_until >= today else None


def quarter_key(day: dt.date) -> str:
    """Return the quarter a day falls in, e.g. "2026-Q4" (one coaching rating per quarter)."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def link_is_old_enough(link: CareLink, moment: dt.datetime) -> bool:
    """Return whether a coach link has lasted long enough to ask about the coaching."""
    started = link.accepted_at or link.created_at
    return moment - started >= RATING_AFTER


def home_summary(user: User) -> dict[str, object]:
    """Return {unread, checkin_on} for the employee's home page (one query).

    The session lookup already counted the unread messages (unread_column): then only the
    next check-in is asked for. Otherwise both in one query, and the count is kept for the
    request, so the navigation badge asks no more.
    """
    counts = _unread_cache()
    if user.id in counts:
        query = built(
            "next_checkin",
            lambda: _open_checkins(select(CheckIn.planned_on), bindparam("employee_id")),
        )
        checkin_on = db.session.scalar(query, {"employee_id": user.id})
        return {"unread": counts[user.id], "checkin_on": checkin_on}
    planned_on = _open_checkins(select(CheckIn.planned_on), user.id).scalar_subquery()
    unread, checkin_on = db.session.execute(
        select(_unread_query(user).scalar_subquery(), planned_on)
    ).one()
    counts[user.id] = unread or 0
    return {"unread": unread or 0, "checkin_on": checkin_on}
