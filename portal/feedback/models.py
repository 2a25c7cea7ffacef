"""Feedback: rating 1-10 and would-recommend 0-10, one per person per subject."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, db, str_enum, utcnow


class Subject(enum.StrEnum):
    """What the feedback is about (the instruments of the pilot in seed 002)."""

    CHAPTER = "chapter"
    MODULE = "module"
    COACHING = "coaching"


class Feedback(Base):
    """One person's answer to "was this useful?" about one chapter, module or the coaching."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("user_id", "subject", "subject_key"),
        CheckConstraint("rating BETWEEN 1 AND 10", name="rating_range"),
        CheckConstraint("recommend BETWEEN 0 AND 10", name="recommend_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[Subject] = mapped_column(str_enum(Subject, "feedback_subject"))
    #: Slug of the chapter or module; empty for the coaching.
    subject_key: Mapped[str] = mapped_column(String(80), default="")
    #: "How useful was this?" on 1-10, as in the pilot.
    rating: Mapped[int] = mapped_column(SmallInteger)
    #: "Would you recommend it to others?" on 0-10, as in the pilot.
    recommend: Mapped[int] = mapped_column(SmallInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def own_feedback(user_id: int, subject: Subject, key: str) -> Feedback | None:
    """Return this person's feedback on one subject, if they gave it."""
    return db.session.scalar(
        select(Feedback).where(
            Feedback.user_id == user_id, Feedback.subject == subject, Feedback.subject_key == key
        )
    )


def give_feedback(
    user_id: int, subject: Subject, key: str, rating: int, recommend: int
) -> Feedback:
    """Store or change one person's feedback on a subject; the caller commits."""
    feedback = own_feedback(user_id, subject, key)
    if feedback is None:
        feedback = Feedback(user_id=user_id, subject=subject, subject_key=key)
        db.session.add(feedback)
    feedback.rating = rating
    feedback.recommend = recommend
    return feedback
