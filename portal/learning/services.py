"""Exercise answers and progress for other features (consult preparation, sharing, home).

Each function reads only the given employee's own rows; callers must have checked that the
current user may see them (the employee themself, or a share they made).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from portal.db import db
from portal.learning import content
from portal.learning.models import ExerciseAnswer, SelfCheckResult, progress_of

#: Where the reusable exercises live: (module slug, exercise id).
SCHERPE_FOTO = ("jouw-situatie-in-beeld", "scherpe-foto")
PROBLEM_WORKSHEET = ("probleemaanpak", "probleem-werkblad")
STEP_PLAN = ("probleemaanpak", "stappenplan")


def _answer(user_id: int, where: tuple[str, str]) -> Any:
    module, exercise_id = where
    row = db.session.scalar(
        select(ExerciseAnswer).where(
            ExerciseAnswer.user_id == user_id,
            ExerciseAnswer.module == module,
            ExerciseAnswer.exercise_id == exercise_id,
        )
    )
    return None if row is None else row.value


def scherpe_foto(user_id: int) -> list[dict[str, Any]] | None:
    """Return the "scherpe foto": [{what, example, can}] in the employee's words, or None."""
    value = _answer(user_id, SCHERPE_FOTO)
    if not value:
        return None
    return [
        {"what": row["what"], "example": row["example"], "can": bool(row["can"])} for row in value
    ]


def problem_worksheet(user_id: int) -> dict[str, str] | None:
    """Return the problem worksheet {problem, whose, helpers, solutions, first_step}, or None."""
    value = _answer(user_id, PROBLEM_WORKSHEET)
    return dict(value) if value else None


def step_plan(user_id: int) -> list[dict[str, str]] | None:
    """Return the step plan [{step, when, who}], or None."""
    value = _answer(user_id, STEP_PLAN)
    return [dict(row) for row in value] if value else None


def continue_where_left(
    user_id: int, lang: str = "nl", progress: dict[tuple[str, str], Any] | None = None
) -> dict[str, Any] | None:
    """Return {module, lesson, done_count, lesson_count} to continue with, or None.

    The lesson last worked on when it is not done yet; otherwise the first lesson not done
    in that module (or in the next module). None before the first save or when all is done.
    Pass ``progress`` (from progress_of) when the caller already has it, to save a query.
    """
    if progress is None:
        progress = progress_of(user_id)
    if not progress:
        return None
    latest = max(progress.values(), key=lambda row: (row.updated_at, row.id))
    modules = content.modules(lang)
    start = next((i for i, m in enumerate(modules) if m.slug == latest.module), 0)
    for module in modules[start:] + modules[:start]:
        lessons = module.lessons
        if module.slug == latest.module and progress[(module.slug, latest.lesson)].done_at is None:
            lesson = module.lesson(latest.lesson)
        else:
            lesson = next(
                (
                    item
                    for item in lessons
                    if (module.slug, item.slug) not in progress
                    or progress[(module.slug, item.slug)].done_at is None
                ),
                None,
            )
        if lesson is not None:
            done = sum(
                1
                for item in lessons
                if (row := progress.get((module.slug, item.slug))) and row.done_at is not None
            )
            return {
                "module": module,
                "lesson": lesson,
                "done_count": done,
                "lesson_count": len(lessons),
            }
    return None


def last_selfcheck(user_id: int) -> dict[str, Any] | None:
    """Return {kind, taken_at} of the employee's most recent self-check, or None."""
    row = db.session.execute(
        select(SelfCheckResult.kind, SelfCheckResult.taken_at)
        .where(SelfCheckResult.user_id == user_id)
        .order_by(SelfCheckResult.taken_at.desc(), SelfCheckResult.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    taken_at: dt.datetime = row.taken_at
    return {"kind": row.kind, "taken_at": taken_at}
