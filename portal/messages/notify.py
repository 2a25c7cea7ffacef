"""E-mails about new messages and tomorrow's check-in: content-free, when the person wants."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from sqlalchemy import case, func, select

from portal import clock, mail
from portal.auth.models import Role, User, UserSession
from portal.db import db
from portal.links.models import CareLink, LinkStatus
from portal.messages.models import CheckIn, Conversation, Delivery, Message, NotificationPreference
from portal.outbox import commit_once

log = logging.getLogger(__name__)

#: Someone active in the portal this recently sees the unread count; no e-mail yet.
ACTIVE_WINDOW = dt.timedelta(minutes=10)
#: A daily digest goes out at most once per this period (a little under a day, for cron drift).
DIGEST_EVERY = dt.timedelta(hours=23)


def preference_of(user_id: int) -> NotificationPreference:
    """Return a person's choices; the defaults (unsaved) when they never chose."""
    found = db.session.get(NotificationPreference, user_id)
    return found or NotificationPreference(
        user_id=user_id,
        messages=Delivery.IMMEDIATE,
        quiet_start=22,
        quiet_end=8,
        is_checkin_reminder_on=True,
    )


def is_quiet(moment: dt.datetime, start: int, end: int) -> bool:
    """Return whether a moment falls in the quiet hours, local time (may wrap past midnight)."""
    hour = moment.astimezone(clock.AMSTERDAM).hour
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def last_seen(user_id: int) -> dt.datetime | None:
    """Return when this person was last active in any session (one query)."""
    return db.session.scalar(
        select(func.max(UserSession.last_seen_at)).where(UserSession.user_id == user_id)
    )


def _recently_active(seen: dt.datetime | None, moment: dt.datetime) -> bool:
    if seen is None:
        return False
    if seen.tzinfo is None:  # func.max() on SQLite loses the column type
        seen = dt.datetime.fromisoformat(str(seen)).replace(tzinfo=dt.UTC)
    return moment - seen < ACTIVE_WINDOW


def may_send_now(
    pref: NotificationPreference, seen: dt.datetime | None, moment: dt.datetime
) -> bool:
    """Return whether an e-mail may go out now: not active just now, not in quiet hours."""
    return not _recently_active(seen, moment) and not is_quiet(
        moment, pref.quiet_start, pref.quiet_end
    )


def _link_for(user: User, link_id: int) -> str:
    if user.role is Role.COACH:
        return mail.absolute_url("messages.thread", link_id=link_id)
    return mail.absolute_url("messages.index")


def _send_message_mail(user: User, link_id: int, count: int, last_message_id: int) -> None:
    mail.send(
        "new_message",
        user.email,
        user.locale,
        user_id=user.id,
        dedupe_key=f"messages:{user.id}:{last_message_id}",
        count=count,
        link=_link_for(user, link_id),
        settings_link=mail.absolute_url("messages.preferences"),
    )


def notify_on_send(message: Message, recipient: User, link_id: int, moment: dt.datetime) -> bool:
    """E-mail the recipient at once if they chose so and it suits now; the caller commits."""
    pref = preference_of(recipient.id)
    if pref.messages is not Delivery.IMMEDIATE or not recipient.is_active:
        return False
    if not may_send_now(pref, last_seen(recipient.id), moment):
        return False
    _send_message_mail(recipient, link_id, 1, message.id)
    message.notified_at = moment
    return True


def _waiting(
    moment: dt.datetime,
) -> Iterable[tuple[Message, int, User, NotificationPreference | None, dt.datetime | None]]:
    """Yield (message, link id, recipient, choices, last seen) of unread, un-notified ones."""
    recipient_id = case(
        (Message.sender_id == Conversation.employee_id, Conversation.coach_id),
        else_=Conversation.employee_id,
    )
    seen = (
        select(UserSession.user_id, func.max(UserSession.last_seen_at).label("seen"))
        .group_by(UserSession.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Message, Conversation.link_id, User, NotificationPreference, seen.c.seen)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .join(CareLink, CareLink.id == Conversation.link_id)
        .join(User, User.id == recipient_id)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
        .outerjoin(seen, seen.c.user_id == User.id)
        .where(
            Message.read_at.is_(None),
            Message.retracted_at.is_(None),
            Message.notified_at.is_(None),
            Message.sent_at <= moment,
            CareLink.status == LinkStatus.ACTIVE,
            User.is_active.is_(True),
            func.coalesce(NotificationPreference.messages, Delivery.IMMEDIATE.value)
            != Delivery.NEVER.value,
        )
        .order_by(User.id, Message.id)
    )
    yield from rows.tuples()


def send_due_notifications(moment: dt.datetime) -> int:
    """Send the e-mails that waited (quiet hours, recently active, daily digest); count them.

    One e-mail per person per run, whatever the number of messages; commits per e-mail so a
    later failure never sends one twice.
    """
    groups: dict[int, tuple[User, int, NotificationPreference, dt.datetime | None, list[Message]]]
    groups = {}
    for message, link_id, user, pref, seen in _waiting(moment):
        entry = groups.setdefault(
            user.id, (user, link_id, pref or preference_of(user.id), seen, [])
        )
        entry[4].append(message)
    sent = 0
    for user, link_id, pref, seen, messages in groups.values():
        if not may_send_now(pref, seen, moment):
            continue
        if pref.messages is Delivery.DAILY:
            if pref.last_digest_at is not None and moment - pref.last_digest_at < DIGEST_EVERY:
                continue
            pref.last_digest_at = moment
        _send_message_mail(user, link_id, len(messages), max(m.id for m in messages))
        for message in messages:
            message.notified_at = moment
        if commit_once(f"message e-mail for user {user.id}"):
            log.info("message e-mail (%s) queued for user %s", pref.messages.value, user.id)
            sent += 1
    return sent


# --- check-in reminders -------------------------------------------------------------------


def due_checkin_reminders(today: dt.date) -> list[tuple[int, int]]:
    """Return (user id, check-in id) for tomorrow's check-ins not yet reminded (two queries)."""
    rows = db.session.execute(
        select(CheckIn, Conversation)
        .join(Conversation, Conversation.id == CheckIn.conversation_id)
        .join(CareLink, CareLink.id == Conversation.link_id)
        .where(
            CheckIn.planned_on == today + dt.timedelta(days=1),
            CheckIn.done_at.is_(None),
            CareLink.status == LinkStatus.ACTIVE,
        )
        .order_by(CheckIn.id)
    ).tuples()
    due: list[tuple[int, int]] = []
    for checkin, conversation in rows:
        if checkin.employee_reminded_at is None:
            due.append((conversation.employee_id, checkin.id))
        if checkin.coach_reminded_at is None:
            due.append((conversation.coach_id, checkin.id))
    if not due:
        return due
    off = set(
        db.session.scalars(
            select(NotificationPreference.user_id).where(
                NotificationPreference.user_id.in_({user_id for user_id, _ in due}),
                NotificationPreference.is_checkin_reminder_on.is_(False),
            )
        )
    )
    return [(user_id, checkin_id) for user_id, checkin_id in due if user_id not in off]


def send_checkin_reminders(moment: dt.datetime) -> int:
    """Remind both people the day before a check-in, outside their quiet hours; count e-mails."""
    due = due_checkin_reminders(clock.local_date(moment))
    if not due:
        return 0
    user_ids = {user_id for user_id, _ in due}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    prefs = {
        p.user_id: p
        for p in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids))
        )
    }
    checkins = {
        c.id: c
        for c in db.session.scalars(select(CheckIn).where(CheckIn.id.in_({c for _, c in due})))
    }
    sent = 0
    for user_id, checkin_id in due:
        user, pref = users[user_id], prefs.get(user_id) or preference_of(user_id)
        if not user.is_active or is_quiet(moment, pref.quiet_start, pref.quiet_end):
            continue
        mail.send(
            "checkin_reminder",
            user.email,
            user.locale,
            user_id=user.id,
            dedupe_key=f"checkin:{checkin_id}:{user_id}",
            link=mail.absolute_url("coach.index" if user.role is Role.COACH else "messages.index"),
            settings_link=mail.absolute_url("messages.preferences"),
        )
        checkin = checkins[checkin_id]
        if user.role is Role.COACH:
            checkin.coach_reminded_at = moment
        else:
            checkin.employee_reminded_at = moment
        if commit_once(f"check-in reminder {checkin_id} for user {user_id}"):
            log.info("check-in reminder %s queued for user %s", checkin_id, user_id)
            sent += 1
    return sent
