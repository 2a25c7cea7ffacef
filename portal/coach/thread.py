"""What the conversation page adds for the coach's side (strip, notes, rulers, questions)."""

from __future__ import annotations

from typing import Any

from flask_babel import format_datetime
from sqlalchemy import select

from portal import clock
from portal.audit.services import logged_reads
from portal.auth.models import Role
from portal.coach import services
from portal.coach.forms import NoteForm, RulerForm, SuggestionForm, answer_prefix
from portal.coach.models import SuggestionStatus
from portal.consults.models import Consult, WithWhom
from portal.consults.suggestions import WITH_WHOM_LABELS
from portal.db import db
from portal.messages.services import Thread


def next_bedrijfsarts_talk_id(employee_id: int) -> int | None:
    """Return the id of the employee's next talk with the bedrijfsarts, if any."""
    return db.session.scalar(
        select(Consult.id)
        .where(
            Consult.user_id == employee_id,
            Consult.with_whom == WithWhom.BEDRIJFSARTS,
            Consult.starts_at >= clock.now(),
        )
        .order_by(Consult.starts_at, Consult.id)
        .limit(1)
    )


def thread_context(found: Thread, forms: dict[str, Any]) -> dict[str, Any]:
    """Return the template variables of the coach's tools or the employee's answers.

    For the coach, each kind of the employee's data shown is written to the access log
    and committed before the page is rendered; if that fails, nothing is shown.
    """
    link = found.link
    if found.viewer.role is Role.COACH:
        context = services.contexts([link])[link.id]
        notes = services.notes_of_link(link.id)
        rulers = services.rulers_of_link(link.id)
        suggestions = services.suggestions_of_link(link.id)
        with logged_reads():
            if context.has_shared_data:
                services.log_read(services.CONTEXT_READ, link, "context")
            if notes:
                services.log_read(services.NOTES_READ, link, "coach_notes")
            if any(ruler.answered_at for ruler in rulers):
                services.log_read(services.RULERS_READ, link, "rulers")
            if any(item.answered_at for item in suggestions):  # what the employee decided
                services.log_read(services.SUGGESTIONS_READ, link, "question_suggestions")
        talk_id = next_bedrijfsarts_talk_id(link.employee_id) if context.next_talk else None
        return {
            "strip": context,
            "notes": notes,
            "rulers": rulers,
            "suggestions": suggestions,
            "note_form": forms.get("note_form") or NoteForm(formdata=None),
            "suggestion_form": forms.get("suggestion_form")
            or SuggestionForm(formdata=None, data={"consult_id": talk_id or ""}),
            "statuses": SuggestionStatus,
        }
    employee_id = found.viewer.id
    rulers = services.rulers_of_link(link.id)
    # The open ruler is the newest unanswered one (open_ruler), taken from the list at hand.
    open_one = next((r for r in rulers if r.answered_at is None), None) if found.is_open else None
    talks = services.upcoming_talks(employee_id) if found.is_open else []
    return {
        "open_ruler": open_one,
        "rulers": rulers,
        # Forms are built only where the page shows them (a WTForms form costs ~0.3 ms).
        "ruler_form": forms.get("ruler_form") or (RulerForm(formdata=None) if open_one else None),
        "open_suggestions": services.open_suggestions(employee_id) if found.is_open else [],
        "talks": [
            (
                talk,
                f"{format_datetime(talk.starts_at, 'd MMMM y, HH:mm')} · "
                f"{WITH_WHOM_LABELS[talk.with_whom]}",
            )
            for talk in talks
        ],
        "answer_prefix": answer_prefix,
    }
