"""The coach's side: what the employee lets the coach see, notes, rulers and suggested questions."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, SmallInteger, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import Sealed, SealedRow
from portal.db import Base, UTCDateTime, str_enum, utcnow

#: Longest coach note and suggested question, in characters.
MAX_COACH_NOTE = 2000
MAX_SUGGESTION = 300
#: The rulers go from 0 to 10.
RULER_MIN, RULER_MAX = 0, 10


class CoachVisibility(Base):
    """What an employee lets their coach see in the context strip (nothing, until chosen)."""

    __tablename__ = "coach_visibility"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: The week of absence, counted from the first sick day.
    shows_week: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The date of the next talk with the bedrijfsarts (the date only, no preparation).
    shows_next_talk: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class CoachNote(SealedRow, Base):
    """A coach's own note between contacts: private to the coach, part of the employee's data.

    The employee can read it (right of access); it goes with the export and the deletion of
    the employee's account. The text is sealed at rest.
    """

    __tablename__ = "coach_notes"
    __table_args__ = (Index("ix_coach_notes_link_id_id", "link_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("care_links.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_sealed: Mapped[str | None] = mapped_column(Text)
    body = Sealed("body_sealed")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Ruler(Base):
    """An importance and confidence ruler (0-10) the coach offered and the employee filled in."""

    __tablename__ = "coach_rulers"
    __table_args__ = (
        CheckConstraint("importance BETWEEN 0 AND 10", name="importance_range"),
        CheckConstraint("confidence BETWEEN 0 AND 10", name="confidence_range"),
        Index("ix_coach_rulers_link_id_id", "link_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("care_links.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    offered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "How important is it for you to ...?" 0 (not at all) to 10 (very).
    importance: Mapped[int | None] = mapped_column(SmallInteger)
    #: "How confident are you that you can ...?" 0 (not at all) to 10 (very).
    confidence: Mapped[int | None] = mapped_column(SmallInteger)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SuggestionStatus(enum.StrEnum):
    """What the employee did with a question the coach suggested."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class QuestionSuggestion(SealedRow, Base):
    """A question the coach suggests for the employee's talk preparation."""

    __tablename__ = "coach_question_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("care_links.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The talk the coach suggested it for (the next bedrijfsarts talk, when the coach sees
    #: it) and, once accepted, the talk it was added to.
    consult_id: Mapped[int | None] = mapped_column(ForeignKey("consults.id", ondelete="SET NULL"))
    text_sealed: Mapped[str | None] = mapped_column(Text)
    text = Sealed("text_sealed")
    status: Mapped[SuggestionStatus] = mapped_column(
        str_enum(SuggestionStatus, "suggestion_status"), default=SuggestionStatus.OPEN
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
