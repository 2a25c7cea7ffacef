"""Conversations, messages, check-ins, notification choices and a coach's away notice."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.crypto import Sealed, SealedRow
from portal.db import Base, UTCDateTime, str_enum, utcnow
from portal.links.models import CareLink

#: Longest message, in characters.
MAX_MESSAGE_LENGTH = 5000
#: Longest check-in note and away note, in characters.
MAX_NOTE_LENGTH = 1000
MAX_AWAY_NOTE_LENGTH = 300


class Delivery(enum.StrEnum):
    """When someone wants an e-mail about new messages."""

    IMMEDIATE = "immediate"
    DAILY = "daily"
    NEVER = "never"


class CheckInForm(enum.StrEnum):
    """How a check-in takes place (the employee chooses)."""

    CHAT = "chat"
    PHONE = "phone"
    VIDEO = "video"


class Topic(enum.StrEnum):
    """The check-in topics of the pilot (seed 002)."""

    PLAN = "plan"
    AGREEMENTS = "agreements"
    TALK = "talk"


class Conversation(Base):
    """The thread of one coach link: a new coach means a new conversation."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("care_links.id", ondelete="CASCADE"), unique=True
    )
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    link: Mapped[CareLink] = relationship(lazy="raise")


class Message(SealedRow, Base):
    """One plain-text message; the body is sealed at rest."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        Index("ix_messages_conversation_id_read_at", "conversation_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body_sealed: Mapped[str | None] = mapped_column(Text)
    body = Sealed("body_sealed")
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the recipient first opened the conversation after this message arrived.
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Set when the sender took the message back before it was read; the body is then wiped.
    retracted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: When the recipient got an e-mail about it (immediately or in a digest).
    notified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    sender: Mapped[User] = relationship(lazy="raise")


class CheckIn(SealedRow, Base):
    """A planned contact between coach and employee; the coach marks it done with a note."""

    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_conversation_id_done_at", "conversation_id", "done_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    planned_on: Mapped[dt.date] = mapped_column(Date, index=True)
    form: Mapped[CheckInForm] = mapped_column(str_enum(CheckInForm, "checkin_form"))
    #: Comma-separated Topic values the coach means to talk about.
    topics: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The coach's short note afterwards; the employee can read it.
    note_sealed: Mapped[str | None] = mapped_column(Text)
    note = Sealed("note_sealed")
    employee_reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    coach_reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def topic_list(self) -> list[Topic]:
        """Return the chosen topics in the pilot's order."""
        chosen = set(self.topics.split(",")) if self.topics else set()
        return [topic for topic in Topic if topic.value in chosen]


class NotificationPreference(Base):
    """How and when someone wants e-mails about messages and check-ins."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    messages: Mapped[Delivery] = mapped_column(
        str_enum(Delivery, "message_delivery"), default=Delivery.IMMEDIATE
    )
    #: Local hour (Europe/Amsterdam) from which no e-mail is sent ...
    quiet_start: Mapped[int] = mapped_column(Integer, default=22)
    #: ... until this local hour.
    quiet_end: Mapped[int] = mapped_column(Integer, default=8)
    is_checkin_reminder_on: Mapped[bool] = mapped_column(Boolean, default=True)
    last_digest_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class CoachAway(Base):
    """A coach's "away until" notice, shown to their employees above the message box."""

    __tablename__ = "coach_away"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    away_until: Mapped[dt.date] = mapped_column(Date)
    #: The coach's own words (e.g. who to contact meanwhile); no health data.
    note: Mapped[str] = mapped_column(String(MAX_AWAY_NOTE_LENGTH), default="")
