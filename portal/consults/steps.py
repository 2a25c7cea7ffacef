"""The preparation steps: which form each shows, what it saves, and whether it is filled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wtforms import FieldList

from portal.consults import forms
from portal.consults.forms import MAX_ROWS, MIN_ROWS, BaseForm
from portal.consults.models import MAX_GOALS, Consult, Goal
from portal.consults.suggestions import BRING_ITEMS, QUESTIONS
from portal.db import db
from portal.forms import pad_rows


def _clean(value: str | None) -> str:
    return (value or "").strip()


def _abilities(field: FieldList) -> list[dict[str, str]]:
    rows = ({"what": _clean(e.what.data), "example": _clean(e.example.data)} for e in field)
    return [row for row in rows if row["what"] or row["example"]]


def _lines(field: FieldList) -> list[str]:
    return [text for text in (_clean(entry.data) for entry in field) if text]


def flat_errors(form: BaseForm) -> list[tuple[str, str]]:
    """Return (field id, message) for every error, also inside the list rows."""
    found: list[tuple[str, str]] = []
    for field in form:
        if isinstance(field, FieldList):
            for entry in field.entries:
                inner = entry.form if hasattr(entry, "form") else [entry]
                found += [(sub.id, str(err)) for sub in inner for err in sub.errors]
        elif field.name != "csrf_token":
            found += [(field.id, str(err)) for err in field.errors]
    return found


def pad(field: FieldList, filled: int) -> None:
    """Offer one empty row after the filled ones (at least MIN_ROWS, at most MAX_ROWS)."""
    pad_rows(field, filled, MIN_ROWS, MAX_ROWS)


# --- goals ----------------------------------------------------------------------------------


def goals_form(consult: Consult) -> BaseForm:
    """Return the goals form, filled with the saved goals."""
    saved = {f"goal_{g.position}": g.text for g in consult.goals}
    return forms.GoalsForm(data=saved)


def save_goals(consult: Consult, form: Any) -> None:
    """Store the three goal fields; an emptied goal is removed (drafts are fine)."""
    by_position = {goal.position: goal for goal in consult.goals}
    for position in range(1, MAX_GOALS + 1):
        text = _clean(getattr(form, f"goal_{position}").data)
        goal = by_position.get(position)
        if text and goal is None:
            goal = Goal(user_id=consult.user_id, position=position)
            consult.goals.append(goal)
        if goal is not None:
            if text:
                goal.text = text
            else:
                consult.goals.remove(goal)
                db.session.delete(goal)


# --- the other steps --------------------------------------------------------------------------


def changed_form(consult: Consult) -> BaseForm:
    """Return the "what changed" form."""
    return forms.ChangedForm(data={"changed": consult.changed})


def save_changed(consult: Consult, form: Any) -> None:
    """Store what changed."""
    consult.changed = _clean(form.changed.data) or None


def abilities_form(consult: Consult) -> BaseForm:
    """Return the can/cannot form with one empty row after the filled ones."""
    form = forms.AbilitiesForm(data={"can_do": consult.can_do, "cannot_do": consult.cannot_do})
    pad(form.can_do, len(consult.can_do))
    pad(form.cannot_do, len(consult.cannot_do))
    return form


def save_abilities(consult: Consult, form: Any) -> None:
    """Store the can and cannot lists, leaving out empty rows."""
    consult.can_do = _abilities(form.can_do)
    consult.cannot_do = _abilities(form.cannot_do)


def proposals_form(consult: Consult) -> BaseForm:
    """Return the proposals and step-plan form."""
    saved = {"proposals": consult.proposals, "step_plan": consult.step_plan}
    form = forms.ProposalsForm(data=saved)
    pad(form.step_plan, len(consult.step_plan))
    return form


def save_proposals(consult: Consult, form: Any) -> None:
    """Store the proposals and the steps."""
    consult.proposals = _clean(form.proposals.data) or None
    consult.step_plan = _lines(form.step_plan)


def questions_form(consult: Consult) -> BaseForm:
    """Return the questions form: suggestions for this kind of talk first, then my own."""
    ticked = [item["key"] for item in consult.questions if "key" in item]
    own = [item["text"] for item in consult.questions if item.get("text")]
    form = forms.QuestionsForm(data={"suggested": ticked, "own": own})
    pad(form.own, len(own))
    return form


def save_questions(consult: Consult, form: Any) -> None:
    """Store the ticked suggestions by key and my own questions by text."""
    keys = [key for key in QUESTIONS if key in (form.suggested.data or [])]
    consult.questions = [{"key": k} for k in keys] + [{"text": t} for t in _lines(form.own)]


def private_form(consult: Consult) -> BaseForm:
    """Return the "keep to myself" form."""
    return forms.PrivateForm(data={"private_note": consult.private_note})


def save_private(consult: Consult, form: Any) -> None:
    """Store what I keep to myself."""
    consult.private_note = _clean(form.private_note.data) or None


def bring_form(consult: Consult) -> BaseForm:
    """Return the bring-along checklist."""
    return forms.BringForm(data={"bring": sorted(consult.bring_keys)})


def save_bring(consult: Consult, form: Any) -> None:
    """Store the ticked items (keys only)."""
    consult.bring_along = ",".join(key for key in BRING_ITEMS if key in (form.bring.data or []))


@dataclass(frozen=True)
class Step:
    """One preparation step: its form, how it saves, and whether it holds anything."""

    form: Callable[[Consult], BaseForm]
    save: Callable[[Consult, Any], None]
    is_filled: Callable[[Consult], bool]


STEP_LOGIC: dict[str, Step] = {
    "doelen": Step(goals_form, save_goals, lambda c: any(g.text_sealed for g in c.goals)),
    "veranderd": Step(changed_form, save_changed, lambda c: bool(c.changed_sealed)),
    "kunnen": Step(
        abilities_form, save_abilities, lambda c: bool(c.can_do_sealed or c.cannot_do_sealed)
    ),
    "voorstellen": Step(
        proposals_form, save_proposals, lambda c: bool(c.proposals_sealed or c.step_plan_sealed)
    ),
    "vragen": Step(questions_form, save_questions, lambda c: bool(c.questions_sealed)),
    "prive": Step(private_form, save_private, lambda c: bool(c.private_note_sealed)),
    "meenemen": Step(bring_form, save_bring, lambda c: bool(c.bring_along)),
}


def filled_steps(consult: Consult) -> dict[str, bool]:
    """Return, per step slug, whether the step holds anything (goals must be loaded)."""
    return {slug: step.is_filled(consult) for slug, step in STEP_LOGIC.items()}
