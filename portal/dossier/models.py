"""Dossier entries the employee adds, the plan van aanpak with its steps and revisions, and
the employee's treatment status."""

from __future__ import annotations

import base64
import datetime as dt
import enum
from collections.abc import Sequence

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, SmallInteger, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import Sealed, SealedJson, SealedRow
from portal.db import Base, UTCDateTime, db, utcnow


class EntryKind(enum.StrEnum):
    """What the employee records."""

    CONTACT = "contact"
    DOCUMENT = "document"
    NOTE = "note"


class ContactHow(enum.StrEnum):
    """How a contact took place."""

    PHONE = "phone"
    MEETING = "meeting"
    EMAIL = "email"
    LETTER = "letter"


class PlanGoal(enum.StrEnum):
    """The agreed goal of the plan van aanpak."""

    OWN_WORK = "own_work"
    OTHER_WORK = "other_work"
    SECOND_TRACK = "second_track"


class DossierEntry(SealedRow, Base):
    """One contact, document or note the employee adds to their own dossier.

    Every free text is sealed; the attached file too (its bytes, base64, sealed to this row).
    """

    __tablename__ = "dossier_entries"
    __table_args__ = (
        Index("ix_dossier_entries_employee_id_happened_on", "employee_id", "happened_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: "contact", "document" or "note" (see EntryKind).
    kind: Mapped[str] = mapped_column(String(20))
    #: The day it happened (contact), was received or sent (document), or is about (note).
    happened_on: Mapped[dt.date] = mapped_column(Date)
    #: For a contact: "phone", "meeting", "email" or "letter" (see ContactHow).
    how: Mapped[str | None] = mapped_column(String(20))
    #: For a document: whether the employee sent it (else received it).
    is_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    who_role_sealed: Mapped[str | None] = mapped_column(Text)
    who_role = Sealed("who_role_sealed")
    who_name_sealed: Mapped[str | None] = mapped_column(Text)
    who_name = Sealed("who_name_sealed")
    title_sealed: Mapped[str | None] = mapped_column(Text)
    title = Sealed("title_sealed")
    #: What was said (contact), what it is about (document), or the note itself.
    said_sealed: Mapped[str | None] = mapped_column(Text)
    said = Sealed("said_sealed")
    agreed_sealed: Mapped[str | None] = mapped_column(Text)
    agreed = Sealed("agreed_sealed")
    follows_sealed: Mapped[str | None] = mapped_column(Text)
    follows = Sealed("follows_sealed")
    #: "application/pdf", "image/png" or "image/jpeg", as found in the bytes (never as claimed).
    file_type: Mapped[str | None] = mapped_column(String(40))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_name_sealed: Mapped[str | None] = mapped_column(Text)
    file_name = Sealed("file_name_sealed")
    #: The attached file's bytes as base64, sealed.
    file_sealed: Mapped[str | None] = mapped_column(Text)
    file_b64 = Sealed("file_sealed")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def file_bytes(self) -> bytes | None:
        """Return the attached file, decrypted."""
        encoded = self.file_b64
        return None if encoded is None else base64.b64decode(encoded)

    def attach(self, name: str, content_type: str, content: bytes) -> None:
        """Seal a file into this entry."""
        self.file_name, self.file_type, self.file_size = name, content_type, len(content)
        self.file_b64 = base64.b64encode(content).decode()

    def detach(self) -> None:
        """Remove the attached file."""
        self.file_name_sealed = self.file_sealed = self.file_type = None
        self.file_size = None


class Plan(SealedRow, Base):
    """The plan van aanpak as the employee records it: one per employee."""

    __tablename__ = "dossier_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    drawn_up_on: Mapped[dt.date] = mapped_column(Date)
    #: "own_work", "other_work" or "second_track" (see PlanGoal).
    goal: Mapped[str] = mapped_column(String(20))
    is_agreed: Mapped[bool] = mapped_column(Boolean, default=True)
    #: The employee's own view, when they did not agree.
    own_view_sealed: Mapped[str | None] = mapped_column(Text)
    own_view = Sealed("own_view_sealed")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    steps: Mapped[list[PlanStep]] = relationship(
        order_by="PlanStep.position", cascade="all, delete-orphan", lazy="selectin"
    )
    revisions: Mapped[list[PlanRevision]] = relationship(
        order_by="PlanRevision.revised_on", cascade="all, delete-orphan", lazy="selectin"
    )


class PlanStep(SealedRow, Base):
    """One step of the plan: what, who, and when."""

    __tablename__ = "dossier_plan_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_plans.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    what_sealed: Mapped[str | None] = mapped_column(Text)
    what = Sealed("what_sealed")
    who_sealed: Mapped[str | None] = mapped_column(Text)
    who = Sealed("who_sealed")
    due_on: Mapped[dt.date | None] = mapped_column(Date)


class PlanRevision(SealedRow, Base):
    """A bijstelling of the plan: when, why, and whether the employee agreed."""

    __tablename__ = "dossier_plan_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_plans.id", ondelete="CASCADE"), index=True
    )
    revised_on: Mapped[dt.date] = mapped_column(Date)
    reason_sealed: Mapped[str | None] = mapped_column(Text)
    reason = Sealed("reason_sealed")
    is_agreed: Mapped[bool] = mapped_column(Boolean, default=True)
    own_view_sealed: Mapped[str | None] = mapped_column(Text)
    own_view = Sealed("own_view_sealed")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Treatment(SealedRow, Base):
    """Who treats the employee, as they record it once and keep up to date: one per employee.

    Everything about the treaters (kind, since, how often, waiting list, whether the
    bedrijfsarts may contact them) is health data, so it is kept as one sealed JSON value.
    """

    __tablename__ = "dossier_treatments"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    #: JSON {"treaters": [{"kind", "own_words", "since", "how_often", "waiting",
    #: "waiting_for", "contact"}]}; see portal/dossier/treatment.py.
    treaters_sealed: Mapped[str | None] = mapped_column(Text)
    treaters_json = Sealed("treaters_sealed")
    content = SealedJson("treaters_json")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def treaters(self) -> list[dict[str, str | None]]:
        """Return the recorded treaters, in the employee's order."""
        return list(self.content.get("treaters") or [])


def entries_of(employee_id: int) -> Sequence[DossierEntry]:
    """Return every entry of one employee, newest first."""
    return db.session.scalars(
        select(DossierEntry)
        .where(DossierEntry.employee_id == employee_id)
        .order_by(DossierEntry.happened_on.desc(), DossierEntry.id.desc())
    ).all()


def plan_of(employee_id: int) -> Plan | None:
    """Return the employee's plan van aanpak with its steps and revisions, if any."""
    return db.session.scalar(select(Plan).where(Plan.employee_id == employee_id))


def treatment_of(employee_id: int) -> Treatment | None:
    """Return the employee's recorded treatment, if any."""
    return db.session.scalar(select(Treatment).where(Treatment.employee_id == employee_id))
