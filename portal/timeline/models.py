"""What the employee records on their timeline: steps done and the dates things happened."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, db, utcnow


class TimelineStep(Base):
    """One employee's note on one step of their timeline."""

    __tablename__ = "timeline_steps"
    __table_args__ = (UniqueConstraint("user_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: Id of the step in content/timeline.yaml ("-2", "-3" … for repeats).
    step_id: Mapped[str] = mapped_column(String(80))
    is_done: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When it actually happened or is planned, when that differs from the legal date.
    own_date: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def steps_of(user_id: int) -> dict[str, TimelineStep]:
    """Return every step note of one employee by step id (one query for the whole page)."""
    rows = db.session.scalars(select(TimelineStep).where(TimelineStep.user_id == user_id))
    return {row.step_id: row for row in rows}


def record_step(
    user_id: int, step_id: str, is_done: bool, own_date: dt.date | None
) -> TimelineStep | None:
    """Store what the employee says about a step; an empty note is removed. Caller commits."""
    step = db.session.scalar(
        select(TimelineStep).where(TimelineStep.user_id == user_id, TimelineStep.step_id == step_id)
    )
    if not is_done and own_date is None:
        if step is not None:
            db.session.delete(step)
        return None
    if step is None:
        step = TimelineStep(user_id=user_id, step_id=step_id)
        db.session.add(step)
    step.is_done, step.own_date = is_done, own_date
    return step
