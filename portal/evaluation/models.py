"""What employees answer for the evaluation: numbers and choices only, never free text."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, str_enum, utcnow


class Helped(enum.StrEnum):
    """Answer to "Did Eigen Regie help you reach your goals?"."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class WorkingStatus(enum.StrEnum):
    """Working now: fully, partly (with hours) or not (on contract but fully absent = not)."""

    FULL = "full"
    PARTLY = "partly"
    NOT = "not"


class TreatmentChange(enum.StrEnum):
    """Whether treatment changed since joining (the items of seed 004)."""

    NEW = "new"
    ADJUSTED = "adjusted"
    NO = "no"
    DONT_KNOW = "dont_know"


class HelpedAnswer(Base):
    """One person's answer to the quarterly "did it help?" question; a skip is kept as no answer."""

    __tablename__ = "evaluation_helped_answers"
    __table_args__ = (UniqueConstraint("user_id", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The quarter it was asked in, e.g. "2026-Q1": asked at most once per quarter.
    quarter: Mapped[str] = mapped_column(String(7))
    #: None when the person chose "not now".
    answer: Mapped[Helped | None] = mapped_column(str_enum(Helped, "evaluation_helped"))
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class OutcomeConsent(Base):
    """Whether an employee takes part in the outcome questions (opt-in, can stop any time)."""

    __tablename__ = "evaluation_outcome_consents"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    is_opted_in: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class OutcomeAnswer(Base):
    """One round of outcome questions: at enrolment (baseline) and every three months after."""

    __tablename__ = "evaluation_outcome_answers"
    __table_args__ = (
        UniqueConstraint("user_id", "quarter"),
        CheckConstraint("hours_per_week IS NULL OR hours_per_week BETWEEN 0 AND 60", name="hours"),
        CheckConstraint(
            "insight_complaints IS NULL OR insight_complaints BETWEEN 1 AND 7", name="complaints"
        ),
        CheckConstraint(
            "insight_capacity IS NULL OR insight_capacity BETWEEN 1 AND 7", name="capacity"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The quarter the round was asked in, e.g. "2026-Q2".
    quarter: Mapped[str] = mapped_column(String(7))
    #: The first round after joining: the baseline an evaluator compares with.
    is_baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    working_status: Mapped[WorkingStatus | None] = mapped_column(
        str_enum(WorkingStatus, "evaluation_working_status")
    )
    #: Hours worked per week, only when working partly.
    hours_per_week: Mapped[int | None] = mapped_column(SmallInteger)
    #: Insight into my own complaints, 1 (very little) to 7 (very much).
    insight_complaints: Mapped[int | None] = mapped_column(SmallInteger)
    #: Insight into what I can do (capacity), 1 (very little) to 7 (very much).
    insight_capacity: Mapped[int | None] = mapped_column(SmallInteger)
    treatment_changed: Mapped[TreatmentChange | None] = mapped_column(
        str_enum(TreatmentChange, "evaluation_treatment_change")
    )
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
