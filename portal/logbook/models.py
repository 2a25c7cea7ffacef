"""The reintegration logbook: one entry per employee per day, health text sealed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import Sealed, SealedJson, SealedRow
from portal.db import Base, UTCDateTime, db, utcnow
from portal.i18n import _l

#: Longest text per free-text field, in characters.
MAX_TEXT = 2000
#: Minutes in a day: the most anyone can work or plan on one day.
MINUTES_PER_DAY = 24 * 60


class Hours:
    """Hours from the stored minutes, for a full entry and for its figures alike."""

    minutes_worked: int | None
    minutes_planned: int | None

    @property
    def hours_worked(self) -> float | None:
        """Return the hours worked (0 when not worked), or None when not said."""
        return None if self.minutes_worked is None else self.minutes_worked / 60

    @property
    def hours_planned(self) -> float | None:
        """Return the hours planned, or None when not said."""
        return None if self.minutes_planned is None else self.minutes_planned / 60


class LogEntry(Hours, SealedRow, Base):
    """What one employee noted about one day: energy, hours, and optional details.

    A day without a row is "not filled in" and is never read as a good (or any) day.
    Hours are stored as whole minutes. ``minutes_worked`` is None when the employee did not
    say; "did not work" is stored as 0 minutes with ``is_not_worked`` set.
    """

    __tablename__ = "log_entries"
    __table_args__ = (
        UniqueConstraint("user_id", "day"),
        CheckConstraint("energy BETWEEN 0 AND 10", name="energy_range"),
        CheckConstraint(
            "complaint_level IS NULL OR complaint_level BETWEEN 0 AND 10", name="complaint_range"
        ),
        CheckConstraint("sleep_quality IS NULL OR sleep_quality BETWEEN 1 AND 5", name="sleep"),
        CheckConstraint(
            f"minutes_worked IS NULL OR minutes_worked BETWEEN 0 AND {MINUTES_PER_DAY}",
            name="worked_range",
        ),
        CheckConstraint(
            f"minutes_planned IS NULL OR minutes_planned BETWEEN 0 AND {MINUTES_PER_DAY}",
            name="planned_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    #: Energy that day, 0 (none) to 10 (plenty).
    energy: Mapped[int] = mapped_column(SmallInteger)
    #: How much the complaints bothered, 0-10; optional by design (seed 003).
    complaint_level: Mapped[int | None] = mapped_column(SmallInteger)
    #: How well the employee slept the night before: 1 (very badly) to 5 (very well).
    sleep_quality: Mapped[int | None] = mapped_column(SmallInteger)
    minutes_planned: Mapped[int | None] = mapped_column(Integer)
    minutes_worked: Mapped[int | None] = mapped_column(Integer)
    #: The employee said they did not work that day (minutes_worked is then 0).
    is_not_worked: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Filled in on a later day than the day it is about.
    is_backfilled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The employee allows the note to appear in a summary they choose to share.
    is_note_shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    work_activities_sealed: Mapped[str | None] = mapped_column(Text)
    home_activities_sealed: Mapped[str | None] = mapped_column(Text)
    helped_sealed: Mapped[str | None] = mapped_column(Text)
    hindered_sealed: Mapped[str | None] = mapped_column(Text)
    note_sealed: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    work_activities = Sealed("work_activities_sealed")
    home_activities = Sealed("home_activities_sealed")
    helped = Sealed("helped_sealed")
    hindered = Sealed("hindered_sealed")
    note = Sealed("note_sealed")


#: The sealed text fields, in the order the form and the export show them.
TEXT_FIELDS = ("work_activities", "home_activities", "helped", "hindered", "note")


def entries_between(user_id: int, start: dt.date, end: dt.date) -> list[LogEntry]:
    """Return one employee's entries from start to end inclusive, oldest first (one query)."""
    return list(
        db.session.scalars(
            select(LogEntry)
            .where(LogEntry.user_id == user_id, LogEntry.day >= start, LogEntry.day <= end)
            .order_by(LogEntry.day)
        )
    )


@dataclass(frozen=True, slots=True)
class DayFigures(Hours):
    """The numbers of one day without its text: all that charts, tables and pacing read."""

    day: dt.date
    energy: int
    complaint_level: int | None
    minutes_planned: int | None
    minutes_worked: int | None
    #: How well the night before was slept, 1-5; None when not filled in.
    sleep_quality: int | None = None


def figure_columns() -> tuple[Any, ...]:
    """Return the columns a DayFigures is made of, in its order (no text)."""
    return (
        LogEntry.day,
        LogEntry.energy,
        LogEntry.complaint_level,
        LogEntry.minutes_planned,
        LogEntry.minutes_worked,
        LogEntry.sleep_quality,
    )


def figures_between(user_id: int, start: dt.date, end: dt.date) -> list[DayFigures]:
    """Return the figures of one employee's days from start to end, oldest first.

    Plain rows instead of entries: no text to decrypt and no objects to track, which makes
    a year of trends several times cheaper (bench/).
    """
    rows = db.session.execute(
        select(*figure_columns())
        .where(LogEntry.user_id == user_id, LogEntry.day >= start, LogEntry.day <= end)
        .order_by(LogEntry.day)
    )
    return [DayFigures(*row) for row in rows]


def entry_on(user_id: int, day: dt.date) -> LogEntry | None:
    """Return one employee's entry for one day, if there is one."""
    return db.session.scalar(
        select(LogEntry).where(LogEntry.user_id == user_id, LogEntry.day == day)
    )


# --- setbacks, the build-up plan and the capacity self-rating ------------------------------


#: The kinds of load, with their labels.
LOAD_KINDS = {
    "cognitive": _l("Thinking (cognitive)"),
    "social": _l("People (social)"),
    "sensory": _l("Noise, light, busy places (sensory)"),
    "physical": _l("Physical"),
}


class CrashMark(Base):
    """A day the employee marked as a setback (crash)."""

    __tablename__ = "crash_marks"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)
    #: One of LOAD_KINDS, or None when not said.
    load_kind: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def marks_between(user_id: int, start: dt.date, end: dt.date) -> list[CrashMark]:
    """Return one employee's crash marks from start to end, oldest first."""
    return list(
        db.session.scalars(
            select(CrashMark)
            .where(CrashMark.user_id == user_id, CrashMark.day >= start, CrashMark.day <= end)
            .order_by(CrashMark.day)
        )
    )


class BuildUpStep(Base):
    """One period of the build-up plan: from starts_on, hours a day on days a week."""

    __tablename__ = "buildup_steps"
    __table_args__ = (
        Index("ix_buildup_steps_user_id_starts_on", "user_id", "starts_on", unique=True),
        CheckConstraint(
            f"minutes_per_day BETWEEN 0 AND {MINUTES_PER_DAY}", name="buildup_minutes_range"
        ),
        CheckConstraint("days_per_week BETWEEN 0 AND 7", name="buildup_days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    minutes_per_day: Mapped[int] = mapped_column(Integer)
    days_per_week: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def hours_per_day(self) -> float:
        """Return the planned hours per working day."""
        return self.minutes_per_day / 60

    @property
    def hours_per_week(self) -> float:
        """Return the planned hours per week."""
        return self.hours_per_day * self.days_per_week


def steps_of(user_id: int) -> list[BuildUpStep]:
    """Return an employee's build-up plan, oldest period first."""
    return list(
        db.session.scalars(
            select(BuildUpStep)
            .where(BuildUpStep.user_id == user_id)
            .order_by(BuildUpStep.starts_on)
        )
    )


class CapacityRating(SealedRow, Base):
    """One employee's self-rating of one week."""

    __tablename__ = "capacity_ratings"
    __table_args__ = (UniqueConstraint("user_id", "week_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The Monday of the week rated.
    week_of: Mapped[dt.date] = mapped_column(Date)
    #: JSON {heading: {"level": 1-3, "example": text}} for the headings answered.
    answers_sealed: Mapped[str | None] = mapped_column(Text)
    answers_json = Sealed("answers_sealed")
    answers = SealedJson("answers_json")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
