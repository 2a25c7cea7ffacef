"""What a learner keeps: exercise answers, lesson progress, module remarks, self-check results."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import Sealed, SealedRow
from portal.db import Base, UTCDateTime, db, utcnow


class ExerciseAnswer(SealedRow, Base):
    """One employee's answer to one exercise; the value is sealed JSON."""

    __tablename__ = "exercise_answers"
    __table_args__ = (UniqueConstraint("user_id", "module", "exercise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module: Mapped[str] = mapped_column(String(80))
    lesson: Mapped[str] = mapped_column(String(80))
    #: Id of the exercise in the lesson's front matter (unique within the module).
    exercise_id: Mapped[str] = mapped_column(String(80))
    value_sealed: Mapped[str | None] = mapped_column(Text)
    value_json = Sealed("value_sealed")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def value(self) -> Any:
        """Return the answer as stored (text, number, list or dict)."""
        raw = self.value_json
        return None if raw is None else json.loads(raw)

    @value.setter
    def value(self, value: Any) -> None:
        self.value_json = json.dumps(value, ensure_ascii=False)


class LessonProgress(Base):
    """When an employee first worked on a lesson, last saved it, and marked it done."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "module", "lesson"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module: Mapped[str] = mapped_column(String(80))
    lesson: Mapped[str] = mapped_column(String(80))
    #: First save of an answer in this lesson (GET never writes, so opening is a save).
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Last save in this lesson: "ga verder waar je was" picks the latest.
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ModuleRemark(SealedRow, Base):
    """The optional remark at the end of a module; private to its author."""

    __tablename__ = "module_remarks"
    __table_args__ = (UniqueConstraint("user_id", "module"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module: Mapped[str] = mapped_column(String(80))
    remark_sealed: Mapped[str | None] = mapped_column(Text)
    remark = Sealed("remark_sealed")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SelfCheckResult(SealedRow, Base):
    """One completed self-check: the answers (sealed) and the scores per domain."""

    __tablename__ = "selfcheck_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: "zelfmanagement" or "signalen".
    kind: Mapped[str] = mapped_column(String(20))
    answers_sealed: Mapped[str | None] = mapped_column(Text)
    answers_json = Sealed("answers_sealed")
    #: Mean per domain (zelfmanagement) or counts per answer (signalen): numbers only.
    scores_json: Mapped[str] = mapped_column(Text, default="{}")
    taken_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    @property
    def answers(self) -> dict[str, Any]:
        """Return the answers per statement id."""
        raw = self.answers_json
        return {} if raw is None else dict(json.loads(raw))

    @property
    def scores(self) -> dict[str, float]:
        """Return the numeric scores."""
        return dict(json.loads(self.scores_json or "{}"))


# --- named queries -------------------------------------------------------------------------


def answers_of(user_id: int, module: str, lesson: str | None = None) -> dict[str, ExerciseAnswer]:
    """Return an employee's answers in a module (or one lesson) by exercise id, one query."""
    query = select(ExerciseAnswer).where(
        ExerciseAnswer.user_id == user_id, ExerciseAnswer.module == module
    )
    if lesson is not None:
        query = query.where(ExerciseAnswer.lesson == lesson)
    return {row.exercise_id: row for row in db.session.scalars(query)}


def progress_of(user_id: int, module: str | None = None) -> dict[tuple[str, str], LessonProgress]:
    """Return an employee's lesson progress by (module, lesson), one query."""
    query = select(LessonProgress).where(LessonProgress.user_id == user_id)
    if module is not None:
        query = query.where(LessonProgress.module == module)
    return {(row.module, row.lesson): row for row in db.session.scalars(query)}


def results_of(user_id: int, kind: str) -> list[SelfCheckResult]:
    """Return an employee's results of one self-check, oldest first."""
    query = (
        select(SelfCheckResult)
        .where(SelfCheckResult.user_id == user_id, SelfCheckResult.kind == kind)
        .order_by(SelfCheckResult.taken_at, SelfCheckResult.id)
    )
    return list(db.session.scalars(query))


def remark_of(user_id: int, module: str) -> ModuleRemark | None:
    """Return an employee's remark on a module, if any."""
    return db.session.scalar(
        select(ModuleRemark).where(ModuleRemark.user_id == user_id, ModuleRemark.module == module)
    )


def save_answers(user_id: int, module: str, lesson: str, values: dict[str, Any]) -> None:
    """Store the lesson's answers (an empty one removes the old) and note progress."""
    stored = answers_of(user_id, module, lesson)
    for exercise_id, value in values.items():
        row = stored.get(exercise_id)
        if value is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = ExerciseAnswer(
                user_id=user_id, module=module, lesson=lesson, exercise_id=exercise_id
            )
            db.session.add(row)
        if row.value_sealed is None or row.value != value:
            row.value = value
            row.updated_at = utcnow()
    touch_progress(user_id, module, lesson)


def touch_progress(user_id: int, module: str, lesson: str) -> LessonProgress:
    """Note that the employee worked on a lesson now; the caller commits."""
    progress = db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == user_id,
            LessonProgress.module == module,
            LessonProgress.lesson == lesson,
        )
    )
    if progress is None:
        progress = LessonProgress(user_id=user_id, module=module, lesson=lesson)
        db.session.add(progress)
    progress.updated_at = utcnow()
    return progress
