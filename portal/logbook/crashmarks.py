"""Crash marks: the employee marks a day as a setback in one tap, optionally with the kind of
load that went before (cognitive, social, sensory, physical). A marked day counts as a dip
for the pacing check, whatever the energy score says."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, db, utcnow
from portal.i18n import _l

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


def crash_days(user_id: int, start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """Return the days marked as a crash from start to end."""
    return frozenset(m.day for m in marks_between(user_id, start, end))
