"""The e-learning 'Mijn Re-integratieplan': modules, lessons with autosaved exercises."""

from __future__ import annotations

import logging

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import TextAreaField

from portal.auth.models import Role
from portal.db import db, utcnow
from portal.feedback.forms import FeedbackForm
from portal.feedback.models import Subject, give_feedback, own_feedback
from portal.forms import BaseForm, MaxLength, NoControlCharacters
from portal.i18n import _, _l, current_language
from portal.learning import bp, content, services
from portal.learning.content import Lesson, Module
from portal.learning.exercises import form_values, posted_values, read_answers, row_count
from portal.learning.models import (
    ModuleRemark,
    answers_of,
    progress_of,
    remark_of,
    save_answers,
    touch_progress,
)
from portal.security import roles

log = logging.getLogger(__name__)

Page = str | Response | tuple[str, int]
REMARK_MAX = 2000


class RemarkForm(BaseForm):
    """The optional remark at the end of a module."""

    remark = TextAreaField(
        _l("Anything else you want to note about this module? (optional, only you see it)"),
        validators=[MaxLength(REMARK_MAX), NoControlCharacters()],
    )


def get_module(slug: str) -> Module:
    """Return a module in the current language, or answer 404."""
    found = content.module(current_language(), slug)
    if found is None:
        abort(404)
    return found


def get_lesson(module_slug: str, lesson_slug: str) -> tuple[Module, Lesson]:
    """Return a module and one of its lessons, or answer 404."""
    module = get_module(module_slug)
    lesson = module.lesson(lesson_slug)
    if lesson is None:
        abort(404)
    return module, lesson


@bp.route("/")
@roles(Role.EMPLOYEE)
def index() -> str:
    """List the modules with progress, "continue where you were" and the self-checks."""
    progress = progress_of(current_user.id)
    done_counts: dict[str, int] = {}
    for (module, _lesson), row in progress.items():
        if row.done_at is not None:
            done_counts[module] = done_counts.get(module, 0) + 1
    return render_template(
        "learning/index.html",
        modules=content.modules(current_language()),
        done_counts=done_counts,
        resume=services.continue_where_left(current_user.id, current_language(), progress),
        last_check=services.last_selfcheck(current_user.id),
    )


@bp.route("/<module>/")
@roles(Role.EMPLOYEE)
def module_page(module: str) -> str:
    """Show a module: its introduction, lessons with progress and the evaluation."""
    return render_module(get_module(module))


def render_module(
    found: Module, feedback: FeedbackForm | None = None, remark: RemarkForm | None = None
) -> str:
    """Render the module page, with the evaluation forms prefilled."""
    if remark is None:
        stored = remark_of(current_user.id, found.slug)
        remark = RemarkForm(data={"remark": stored.remark if stored else ""})
    return render_template(
        "learning/module.html",
        module=found,
        progress=progress_of(current_user.id, found.slug),
        feedback_form=feedback
        or FeedbackForm(obj=own_feedback(current_user.id, Subject.MODULE, found.slug)),
        remark_form=remark,
    )


@bp.route("/<module>/<lesson>", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def lesson_page(module: str, lesson: str) -> Page:
    """Show a lesson with its exercises; POST saves every answer (and may mark it done)."""
    found, item = get_lesson(module, lesson)
    stored = {key: row.value for key, row in answers_of(current_user.id, module, lesson).items()}
    errors: dict[str, str] = {}
    shown = form_values(item.exercises, stored)
    if request.method == "POST":
        values, errors = read_answers(item.exercises, request.form)
        if not errors:
            save_answers(current_user.id, module, lesson, values)
            done = _set_done(module, lesson, request.form.get("action", "save"))
            db.session.commit()
            log.info("user %s saved lesson %s/%s", current_user.id, module, lesson)
            flash(done or _("Your answers are saved."), "success")
            return redirect(url_for("learning.lesson_page", module=module, lesson=lesson))
        shown = posted_values(item.exercises, request.form)
    progress = progress_of(current_user.id, module).get((module, lesson))
    position = found.lessons.index(item)
    return render_template(
        "learning/lesson.html",
        module=found,
        lesson=item,
        number=position + 1,
        previous=found.lessons[position - 1] if position else None,
        following=found.lessons[position + 1] if position + 1 < len(found.lessons) else None,
        values=shown,
        errors=errors,
        progress=progress,
        row_count=row_count,
    ), (400 if errors else 200)


def _set_done(module: str, lesson: str, action: str) -> str | None:
    """Mark the lesson done or not done when the button asked for it; return the message."""
    if action not in ("done", "reopen"):
        return None
    progress = touch_progress(current_user.id, module, lesson)
    progress.done_at = utcnow() if action == "done" else None
    if action == "done":
        return _("Saved, and this lesson is marked as done. You can come back at any time.")
    return _("This lesson is no longer marked as done.")


@bp.route("/<module>/<lesson>/autosave", methods=["POST"])
@roles(Role.EMPLOYEE)
def autosave(module: str, lesson: str) -> tuple[Response, int]:
    """Save the lesson's answers as the person types (JSON answer for the small script)."""
    _found, item = get_lesson(module, lesson)
    values, errors = read_answers(item.exercises, request.form)
    if errors:
        return jsonify(saved=False, errors=errors), 400
    save_answers(current_user.id, module, lesson, values)
    db.session.commit()
    return jsonify(saved=True, message=_("Saved")), 200


@bp.route("/<module>/nuttig", methods=["POST"])
@roles(Role.EMPLOYEE)
def feedback(module: str) -> Page:
    """Save the module evaluation (rating, would-recommend) and the remark typed beside it."""
    return save_evaluation(get_module(module), rating_asked=True)


@bp.route("/<module>/opmerking", methods=["POST"])
@roles(Role.EMPLOYEE)
def remark(module: str) -> Page:
    """Save (or remove, when empty) the private remark, and any rating chosen beside it."""
    return save_evaluation(get_module(module), rating_asked=False)


def save_evaluation(found: Module, rating_asked: bool) -> Page:
    """Save both parts of the module's one evaluation form, so neither loses what was typed.

    The rating is saved when its button was pressed or a number was chosen; the remark when
    it was sent along. Nothing is saved when either part is wrong, and both are shown again.
    """
    rating, note = FeedbackForm(), RemarkForm()
    rated = rating_asked or bool(rating.rating.raw_data or rating.recommend.raw_data)
    valid = [rating.validate_on_submit() if rated else True, note.validate_on_submit()]
    if not all(valid):
        return render_module(found, feedback=rating, remark=note), 400
    saved = []
    if rated:
        give_feedback(
            current_user.id, Subject.MODULE, found.slug, rating.rating.data, rating.recommend.data
        )
        saved.append(_("Thank you. Your answer is saved; you can change it at any time."))
    if note.remark.raw_data and store_remark(found.slug, (note.remark.data or "").strip()):
        saved.append(_("Your remark is saved. Only you can see it."))
    db.session.commit()
    for message in saved:
        flash(message, "success")
    anchor = "nuttig" if rating_asked else "opmerking"
    return redirect(url_for("learning.module_page", module=found.slug, _anchor=anchor))


def store_remark(module: str, text: str) -> bool:
    """Store the remark (an empty one removes it); return whether anything changed."""
    stored = remark_of(current_user.id, module)
    if (stored.remark if stored else "") == text:
        return False
    if not text and stored is not None:
        db.session.delete(stored)
    elif text:
        stored = stored or ModuleRemark(user_id=current_user.id, module=module)
        stored.remark = text
        db.session.add(stored)
    return True
