"""The coach's side of a conversation: notes, rulers, suggested questions, and what the
employee lets the coach see (with a preview of exactly that)."""

from __future__ import annotations

import datetime as dt
import logging

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import clock
from portal.auth.models import Role
from portal.coach import services as coach
from portal.coach.forms import (
    AnswerSuggestionForm,
    NoteForm,
    RulerForm,
    SuggestionForm,
    VisibilityForm,
    answer_prefix,
    talk_id,
)
from portal.coach.models import CoachVisibility, QuestionSuggestion, Ruler, SuggestionStatus
from portal.coach.thread import next_bedrijfsarts_talk_id
from portal.consults import services as consults
from portal.consults.models import Consult
from portal.db import db
from portal.forms import ActionForm, BaseForm
from portal.i18n import _, current_language
from portal.messages import bp, services
from portal.messages.services import Thread
from portal.messages.text import normalise
from portal.security import roles
from portal.sharing import sections
from portal.sharing import services as sharing

log = logging.getLogger(__name__)
#: Most questions a talk can hold when one more is accepted.
MAX_QUESTIONS = 30

Page = str | Response


def coach_thread(link_id: int) -> Thread | Response:
    """Return the coach's active thread; an ended link of theirs gets a clear refusal."""
    found = services.thread_for(current_user._get_current_object(), link_id)
    if found is not None:
        return found
    if coach.ended_link_of_coach(link_id, current_user.id) is not None:
        flash(
            _("This link has ended. You can no longer see or add anything for this person."),
            "error",
        )
        return redirect(url_for("coach.index"))
    abort(404)


def _again(found: Thread, handled: str, form: BaseForm) -> Page:
    """Show the conversation again with this form's errors and all else typed (views.again)."""
    from portal.messages import views  # the conversation page; imported late (it imports us)

    return views.again(found, handled, form)


def _done(found: Thread | None, handled: str | None, target: str) -> Page:
    """Go on to target, or show the page again with the drafts that came along (views.go_on)."""
    from portal.messages import views

    return views.go_on(found, handled, target)


@bp.route("/<int:link_id>/notitie", methods=["POST"])
@roles(Role.COACH)
def add_note(link_id: int) -> Page:
    """Save a private note between contacts (the employee can read it on request)."""
    found = coach_thread(link_id)
    if isinstance(found, Response):
        return found
    form = NoteForm()
    if not form.validate():
        return _again(found, "note_form", form)
    coach.add_note(found.link, normalise(form.coach_note.data or ""))
    db.session.commit()
    log.info("coach %s added a note on link %s", current_user.id, link_id)
    flash(_("Your note is saved. The employee can ask to read it."), "success")
    return _done(
        found, "note_form", url_for("messages.thread", link_id=link_id, _anchor="notities")
    )


@bp.route("/<int:link_id>/liniaal", methods=["POST"])
@roles(Role.COACH)
def offer_ruler(link_id: int) -> Page:
    """Offer the importance and confidence rulers; the employee fills them in."""
    found = coach_thread(link_id)
    if isinstance(found, Response):
        return found
    if ActionForm().validate_on_submit():
        coach.offer_ruler(found.link)
        db.session.commit()
        flash(_("The rulers are offered. The employee sees them on their page."), "success")
    return _done(found, None, url_for("messages.thread", link_id=link_id, _anchor="linialen"))


@bp.route("/<int:link_id>/liniaal/<int:ruler_id>", methods=["POST"])
@roles(Role.EMPLOYEE)
def answer_ruler(link_id: int, ruler_id: int) -> Page:
    """Save the employee's two scores (0 to 10)."""
    found = services.thread_for(current_user._get_current_object(), link_id)
    ruler = db.session.get(Ruler, ruler_id)
    if found is None or ruler is None or ruler.link_id != link_id or ruler.answered_at:
        abort(404)
    if not found.is_open:
        flash(_("This coach is no longer linked to you."), "error")
        return redirect(url_for("messages.index"))
    form = RulerForm()
    if not form.validate():
        return _again(found, "ruler_form", form)
    coach.answer_ruler(ruler, form.importance.data, form.confidence.data)
    db.session.commit()
    flash(_("Thank you. Your coach sees your scores."), "success")
    return _done(found, "ruler_form", url_for("messages.index", _anchor="linialen"))


@bp.route("/<int:link_id>/vraag", methods=["POST"])
@roles(Role.COACH)
def suggest_question(link_id: int) -> Page:
    """Suggest a question for the employee's talk preparation; they accept or decline it."""
    found = coach_thread(link_id)
    if isinstance(found, Response):
        return found
    form = SuggestionForm()
    if not form.validate():
        return _again(found, "suggestion_form", form)
    talk = None
    if (form.consult_id.data or "").strip():
        # only the talk the coach may see: the next bedrijfsarts talk, when the employee allows
        wanted = talk_id(form.consult_id.data)
        employee_id = found.link.employee_id
        visible = coach.visibility_of(employee_id).shows_next_talk
        allowed = next_bedrijfsarts_talk_id(employee_id) if visible else None
        talk = db.session.get(Consult, wanted) if wanted is not None else None
        if talk is None or talk.id != allowed or talk.user_id != employee_id:
            form.text.errors = [
                _("This talk is not in this employee's preparation. Nothing was sent.")
            ]
            return _again(found, "suggestion_form", form)
    coach.suggest_question(found.link, normalise(form.text.data or ""), talk)
    db.session.commit()
    flash(_("Your question is suggested. The employee decides whether to add it."), "success")
    target = url_for("messages.thread", link_id=link_id, _anchor="vraag")
    return _done(found, "suggestion_form", target)


@bp.route("/vraag/<int:suggestion_id>", methods=["POST"])
@roles(Role.EMPLOYEE)
def answer_suggestion(suggestion_id: int) -> Page:
    """Add a suggested question to one of my own talks, or decline it."""
    suggestion = db.session.get(QuestionSuggestion, suggestion_id)
    if (
        suggestion is None
        or suggestion.employee_id != current_user.id
        or suggestion.status is not SuggestionStatus.OPEN
    ):
        abort(404)
    message, category = answer(
        suggestion, AnswerSuggestionForm(prefix=answer_prefix(suggestion_id))
    )
    flash(message, category)
    return _done(None, None, url_for("messages.index", _anchor="voorgestelde-vragen"))


def answer(suggestion: QuestionSuggestion, form: AnswerSuggestionForm) -> tuple[str, str]:
    """Decline the suggestion or add it to the chosen talk; return what to tell the employee."""
    if not form.validate():
        return _("Choose whether to add the question or not."), "error"
    if form.decision.data == "decline":
        coach.decline(suggestion)
        db.session.commit()
        return _("The question is declined. Your coach sees that."), "success"
    wanted = talk_id(form.consult_id.data)
    talk = db.session.get(Consult, wanted) if wanted is not None else None
    if (
        talk is None
        or talk.user_id != current_user.id
        or talk not in coach.upcoming_talks(current_user.id)
    ):
        return _("Choose one of your own coming talks. Nothing was added."), "error"
    if len(talk.questions) >= MAX_QUESTIONS:
        return _("This talk has many questions already. Nothing was added."), "error"
    coach.accept(suggestion, talk)
    db.session.commit()
    return _("The question is added to the preparation of your talk."), "success"


@bp.route("/wat-mijn-coach-ziet", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def coach_visibility() -> Page:
    """Choose what the coach sees next to my name, with a preview of exactly that."""
    choice = coach.visibility_of(current_user.id)
    form = VisibilityForm(obj=choice)
    if form.validate_on_submit():
        choice.shows_week = bool(form.shows_week.data)
        choice.shows_next_talk = bool(form.shows_next_talk.data)
        choice.changed_at = clock.now()
        db.session.add(choice)
        db.session.commit()
        log.info("user %s changed what their coach sees", current_user.id)
        flash(_("Your choices are saved. The preview shows what your coach sees now."), "success")
        return redirect(url_for("messages.coach_visibility"))
    return render_template(
        "messages/coach_visibility.html",
        form=form,
        preview=coach.preview(current_user.id),
        saved=db.session.get(CoachVisibility, current_user.id) is not None,
    )


@bp.route("/notities-van-mijn-coach")
@roles(Role.EMPLOYEE)
def notes_about_me() -> str:
    """Read every note your coaches wrote about you (your right of access)."""
    notes = coach.notes_about(current_user.id)
    names = {
        link.id: link.carer.name if link.carer else ""
        for link, _c in services.coach_links_of(current_user.id)
    }
    return render_template("messages/notes_about_me.html", notes=notes, names=names)


@bp.route("/delen-met-mijn-coach", methods=["POST"])
@roles(Role.EMPLOYEE)
def coach_share_template() -> Page:
    """Start a summary for my coach: goals, what I want to practise, self-check scores."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("messages.index"))
    from portal.messages import views

    drafts = views.kept_drafts(None)
    if drafts:  # leaving the page now would lose what was typed on it
        flash(_("Send or save what you typed on this page first. Then start the summary."), "info")
        return views.render_employee_page(**drafts)
    link = coach.active_coach_link(current_user.id)
    if link is None:
        flash(_("You have no coach now."), "error")
        return redirect(url_for("messages.index"))
    if sharing.draft_of(current_user.id) is not None:
        flash(_("You have a summary in progress. Finish it or throw it away first."), "error")
        return redirect(url_for("sharing.new"))
    end = clock.today()
    start = end - dt.timedelta(days=27)
    talks = consults.talks_of(current_user.id)
    talk = consults.next_consult(current_user.id) or (talks[-1] if talks else None)
    chosen = ["goals", "selfcheck", "free"]
    texts, figures, _facts = sections.compose(
        current_user.id, chosen, start, end, talk, [], current_language()
    )
    texts["free"] = _("What I want to practise:") + "\n- "
    sharing.save_draft(
        current_user.id,
        {
            "recipient_id": link.carer_id,
            "sections": chosen,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "consult_id": talk.id if talk else None,
            "day_fields": [],
            "title": _("For my coach"),
            "keep": {},
            "texts": texts,
            "figures": figures,
        },
    )
    db.session.commit()
    return redirect(url_for("sharing.texts"))
