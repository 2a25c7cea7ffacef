"""Talks with the bedrijfsarts and others: preparation, goals, evaluation and agreements."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import Sealed, SealedRow
from portal.db import Base, UTCDateTime, str_enum, utcnow

#: Declared maxima: every free-text field, and each goal, step, question or list item.
MAX_TEXT = 2000
MAX_GOAL = 500
MAX_GOALS = 3


class WithWhom(enum.StrEnum):
    """Who the talk is with."""

    BEDRIJFSARTS = "bedrijfsarts"
    MANAGER = "leidinggevende_casemanager"
    COACH = "coach"
    UWV = "uwv_verzekeringsarts"
    LABOUR_EXPERT = "arbeidsdeskundige"
    OTHER = "other"


class GoalResult(enum.StrEnum):
    """How far a goal was reached, answered afterwards."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT = "not"


class AgreementWho(enum.StrEnum):
    """Who does what was agreed."""

    ME = "me"
    EMPLOYER = "employer"
    BEDRIJFSARTS = "bedrijfsarts"
    OTHER = "other"


def _load_list(raw: str | None) -> list[Any]:
    """Read a sealed JSON list; anything else reads as an empty list."""
    if not raw:
        return []
    value = json.loads(raw)
    return value if isinstance(value, list) else []


def _dump_list(items: list[Any]) -> str | None:
    """Write a list as JSON text; an empty list is stored as nothing."""
    return json.dumps(items, ensure_ascii=False) if items else None


class Consult(SealedRow, Base):
    """One planned talk of one employee, with its preparation and evaluation."""

    __tablename__ = "consults"
    __table_args__ = (
        CheckConstraint("went_well BETWEEN 1 AND 5", name="went_well_range"),
        CheckConstraint("felt_understood BETWEEN 1 AND 5", name="felt_understood_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Entered in Dutch local time, stored in UTC.
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    with_whom: Mapped[WithWhom] = mapped_column(str_enum(WithWhom, "consult_with_whom", 30))
    with_whom_other_sealed: Mapped[str | None] = mapped_column(Text)
    with_whom_other = Sealed("with_whom_other_sealed")
    #: Address or video link, kept as text; never rendered as a live link.
    place_sealed: Mapped[str | None] = mapped_column(Text)
    place = Sealed("place_sealed")

    # --- preparation ---------------------------------------------------------------------
    #: What changed since the last talk, treatment and its effect included.
    changed_sealed: Mapped[str | None] = mapped_column(Text)
    changed = Sealed("changed_sealed")
    #: JSON list of {"what", "example"}.
    can_do_sealed: Mapped[str | None] = mapped_column(Text)
    can_do_json = Sealed("can_do_sealed")
    #: JSON list of {"what", "example"}.
    cannot_do_sealed: Mapped[str | None] = mapped_column(Text)
    cannot_do_json = Sealed("cannot_do_sealed")
    proposals_sealed: Mapped[str | None] = mapped_column(Text)
    proposals = Sealed("proposals_sealed")
    #: JSON list of step texts.
    step_plan_sealed: Mapped[str | None] = mapped_column(Text)
    step_plan_json = Sealed("step_plan_sealed")
    #: JSON list of {"key": suggestion key} or {"text": own question}.
    questions_sealed: Mapped[str | None] = mapped_column(Text)
    questions_json = Sealed("questions_sealed")
    #: What the employee keeps to themselves: never printed, never shared.
    private_note_sealed: Mapped[str | None] = mapped_column(Text)
    private_note = Sealed("private_note_sealed")
    #: Comma-separated keys of the ticked "bring along" items (no free text).
    bring_along: Mapped[str] = mapped_column(String(200), default="")

    # --- evaluation ----------------------------------------------------------------------
    #: "Did the talk go well?" 1 (not at all) to 5 (completely).
    went_well: Mapped[int | None] = mapped_column(SmallInteger)
    #: "Did I feel understood?" 1 (not at all) to 5 (completely).
    felt_understood: Mapped[int | None] = mapped_column(SmallInteger)
    eval_good_sealed: Mapped[str | None] = mapped_column(Text)
    eval_good = Sealed("eval_good_sealed")
    eval_differently_sealed: Mapped[str | None] = mapped_column(Text)
    eval_differently = Sealed("eval_differently_sealed")
    evaluated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    # --- reminders (content-free e-mails, sent at most once each) --------------------------
    prepare_reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    evaluate_reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    goals: Mapped[list[Goal]] = relationship(
        back_populates="consult",
        cascade="all, delete-orphan",
        order_by="Goal.position",
        lazy="raise",  # lists load them with joinedload; one talk with load_goals()
    )

    @property
    def can_do(self) -> list[dict[str, str]]:
        """Return what I can do, as {what, example} items."""
        return _load_list(self.can_do_json)

    @can_do.setter
    def can_do(self, items: list[dict[str, str]]) -> None:
        self.can_do_json = _dump_list(items)

    @property
    def cannot_do(self) -> list[dict[str, str]]:
        """Return what I cannot do, as {what, example} items."""
        return _load_list(self.cannot_do_json)

    @cannot_do.setter
    def cannot_do(self, items: list[dict[str, str]]) -> None:
        self.cannot_do_json = _dump_list(items)

    @property
    def step_plan(self) -> list[str]:
        """Return the steps of my step plan."""
        return _load_list(self.step_plan_json)

    @step_plan.setter
    def step_plan(self, items: list[str]) -> None:
        self.step_plan_json = _dump_list(items)

    @property
    def questions(self) -> list[dict[str, str]]:
        """Return my questions: ticked suggestions by key, my own by text."""
        return _load_list(self.questions_json)

    @questions.setter
    def questions(self, items: list[dict[str, str]]) -> None:
        self.questions_json = _dump_list(items)

    @property
    def bring_keys(self) -> set[str]:
        """Return the keys of the ticked "bring along" items."""
        return {key for key in self.bring_along.split(",") if key}


class Goal(SealedRow, Base):
    """One of the 1-3 goals of a talk: what I want to have reached when I walk out."""

    __tablename__ = "consult_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    consult_id: Mapped[int] = mapped_column(
        ForeignKey("consults.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: 1, 2 or 3: the order on the form and the card.
    position: Mapped[int] = mapped_column(SmallInteger)
    text_sealed: Mapped[str | None] = mapped_column(Text)
    text = Sealed("text_sealed")
    #: Answered in the evaluation; None until then.
    result: Mapped[GoalResult | None] = mapped_column(str_enum(GoalResult, "goal_result", 30))

    consult: Mapped[Consult] = relationship(back_populates="goals", lazy="raise")


class Agreement(SealedRow, Base):
    """Something agreed: what, who does it, by when, and whether it is done."""

    __tablename__ = "consult_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: The talk it was agreed in; None for an agreement noted on its own.
    consult_id: Mapped[int | None] = mapped_column(
        ForeignKey("consults.id", ondelete="SET NULL"), index=True
    )
    what_sealed: Mapped[str | None] = mapped_column(Text)
    what = Sealed("what_sealed")
    who: Mapped[AgreementWho] = mapped_column(str_enum(AgreementWho, "agreement_who", 30))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    consult: Mapped[Consult | None] = relationship(lazy="raise")


class ConsultPreferences(Base):
    """Whether an employee wants reminder e-mails about talks, and their quiet hours."""

    __tablename__ = "consult_preferences"
    __table_args__ = (
        CheckConstraint("quiet_from BETWEEN 0 AND 23", name="quiet_from_range"),
        CheckConstraint("quiet_until BETWEEN 0 AND 23", name="quiet_until_range"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: Opt-in: no reminder is ever sent unless this is on.
    wants_reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Quiet hours in Dutch local time, from quiet_from:00 until quiet_until:00 (may wrap).
    quiet_from: Mapped[int] = mapped_column(SmallInteger, default=21)
    quiet_until: Mapped[int] = mapped_column(SmallInteger, default=9)
