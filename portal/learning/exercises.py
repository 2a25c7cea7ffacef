"""Read and check the posted answers of a lesson's exercises, per exercise type.

Field names: ``<id>`` for free text, scale and choices; ``<id>-<field>`` for the problem
worksheet; ``<id>-<row>-<field>`` for the table exercises (can_cannot, step_plan).
The stored value is JSON: a string, a number, a list of ids, a dict or a list of rows.
An empty answer is ``None`` (nothing to store).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.datastructures import MultiDict

from portal.i18n import _
from portal.learning.content import Exercise

WORKSHEET_FIELDS = ("problem", "whose", "helpers", "solutions", "first_step")
CAN_CANNOT_FIELDS = ("what", "example")
STEP_FIELDS = ("step", "when", "who")
#: Rows shown for a table exercise when the content does not say.
DEFAULT_ROWS = 4


class AnswerError(ValueError):
    """A posted answer that does not fit its exercise; the message is for the person."""


Form = MultiDict[str, str]


def _text(form: Form, name: str, maximum: int) -> str:
    value = (form.get(name) or "").replace("\r\n", "\n").strip()
    if len(value) > maximum:
        raise AnswerError(_("Use at most %(max)d characters.", max=maximum))
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise AnswerError(_("This text contains characters that are not allowed."))
    return value


def _free_text(exercise: Exercise, form: Form) -> Any:
    return _text(form, exercise.id, exercise.max_length) or None


def _scale(exercise: Exercise, form: Form) -> Any:
    raw = (form.get(exercise.id) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not exercise.minimum <= int(raw) <= exercise.maximum:
        raise AnswerError(
            _(
                "Choose a number from %(min)d to %(max)d.",
                min=exercise.minimum,
                max=exercise.maximum,
            )
        )
    return int(raw)


def _single(exercise: Exercise, form: Form) -> Any:
    raw = form.get(exercise.id) or ""
    if not raw:
        return None
    if raw not in {option.id for option in exercise.options}:
        raise AnswerError(_("Choose one of the options."))
    return raw


def _multiple(exercise: Exercise, form: Form) -> Any:
    chosen = form.getlist(exercise.id)
    offered = [option.id for option in exercise.options]
    if any(value not in offered for value in chosen):
        raise AnswerError(_("Choose one of the options."))
    return [value for value in offered if value in chosen] or None


def _worksheet(exercise: Exercise, form: Form) -> Any:
    value = {
        key: _text(form, f"{exercise.id}-{key}", exercise.max_length) for key in WORKSHEET_FIELDS
    }
    return value if any(value.values()) else None


def _rows(
    exercise: Exercise, form: Form, fields: tuple[str, ...]
) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for index in range(row_count(exercise)):
        row: dict[str, Any] = {
            key: _text(form, f"{exercise.id}-{index}-{key}", exercise.max_length) for key in fields
        }
        if any(row.values()):
            rows.append((index, row))
    return rows


def _can_cannot(exercise: Exercise, form: Form) -> Any:
    rows = _rows(exercise, form, CAN_CANNOT_FIELDS)
    for index, row in rows:
        raw = form.get(f"{exercise.id}-{index}-can", "")
        if raw not in ("can", "cannot"):
            raise AnswerError(_("For each line, choose whether you can or cannot do it."))
        row["can"] = raw == "can"
    return [row for _index, row in rows] or None


def _step_plan(exercise: Exercise, form: Form) -> Any:
    return [row for _index, row in _rows(exercise, form, STEP_FIELDS)] or None


READERS: dict[str, Callable[[Exercise, Form], Any]] = {
    "free_text": _free_text,
    "scale": _scale,
    "single_choice": _single,
    "multiple_choice": _multiple,
    "checklist": _multiple,
    "can_cannot": _can_cannot,
    "problem_worksheet": _worksheet,
    "step_plan": _step_plan,
}


def row_count(exercise: Exercise) -> int:
    """Return how many rows a table exercise shows and accepts."""
    return exercise.rows or DEFAULT_ROWS


def read_answers(
    exercises: tuple[Exercise, ...], form: Form
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (value per exercise id, message per exercise id with a problem)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for exercise in exercises:
        try:
            values[exercise.id] = READERS[exercise.type](exercise, form)
        except AnswerError as exc:
            errors[exercise.id] = str(exc)
    return values, errors


def form_values(exercises: tuple[Exercise, ...], stored: dict[str, Any]) -> dict[str, Any]:
    """Return the value per exercise for the form, table rows padded to the row count."""
    shown: dict[str, Any] = {}
    for exercise in exercises:
        value = stored.get(exercise.id)
        if exercise.type in ("can_cannot", "step_plan"):
            rows = list(value or [])
            rows += [{}] * (row_count(exercise) - len(rows))
            shown[exercise.id] = rows
        elif exercise.type == "problem_worksheet":
            shown[exercise.id] = value or {}
        elif exercise.type in ("multiple_choice", "checklist"):
            shown[exercise.id] = value or []
        else:
            shown[exercise.id] = value
    return shown


def posted_values(exercises: tuple[Exercise, ...], form: Form) -> dict[str, Any]:
    """Return what was posted, unchecked, so a form with a problem shows it back as typed."""
    shown: dict[str, Any] = {}
    for exercise in exercises:
        name = exercise.id
        if exercise.type in ("can_cannot", "step_plan"):
            fields = (*CAN_CANNOT_FIELDS, "can") if exercise.type == "can_cannot" else STEP_FIELDS
            shown[name] = [
                {key: form.get(f"{name}-{i}-{key}", "") for key in fields}
                for i in range(row_count(exercise))
            ]
            for row in shown[name]:
                if "can" in row:
                    row["can"] = {"can": True, "cannot": False}.get(row["can"])
        elif exercise.type == "problem_worksheet":
            shown[name] = {key: form.get(f"{name}-{key}", "") for key in WORKSHEET_FIELDS}
        elif exercise.type in ("multiple_choice", "checklist"):
            shown[name] = form.getlist(name)
        elif exercise.type == "scale":
            raw = form.get(name, "")
            shown[name] = int(raw) if raw.isdigit() else None
        else:
            shown[name] = form.get(name)
    return shown
