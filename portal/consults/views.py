"""Talks: the list, planning a talk, its overview and the preparation in short steps."""

from __future__ import annotations

import datetime as dt
import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_time
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.consults import bp
from portal.consults.forms import MAX_ROWS, PlanForm
from portal.consults.models import Consult, WithWhom
from portal.consults.services import (
    LOCAL_TZ,
    can_evaluate,
    has_goals,
    local_today,
    now,
    own_talk,
    scherpe_foto,
    talks_of,
    to_evaluate,
    to_utc,
)
from portal.consults.steps import STEP_LOGIC, filled_steps, flat_errors
from portal.consults.suggestions import QUESTIONS, QUESTIONS_FOR, STEPS, WITH_WHOM_LABELS
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles

log = logging.getLogger(__name__)

Page = str | Response


@bp.route("/")
@roles(Role.EMPLOYEE)
def index() -> str:
    """List upcoming and past talks; past talks not looked back on are offered gently."""
    talks, moment = talks_of(current_user.id), now()
    return render_template(
        "consults/index.html",
        upcoming=[t for t in talks if t.starts_at >= moment],
        past=list(reversed([t for t in talks if t.starts_at < moment])),
        waiting=to_evaluate(talks, moment),
        has_goals=has_goals,
        labels=WITH_WHOM_LABELS,
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def new() -> Page:
    """Plan a talk: date, time, with whom and (optionally) where."""
    form = PlanForm()
    if form.validate_on_submit():
        consult = Consult(user_id=current_user.id)
        apply_plan(consult, form)
        db.session.add(consult)
        db.session.commit()
        log.info("user %s planned talk %s", current_user.id, consult.id)
        flash(_("Your talk is planned. Prepare it in short steps, when it suits you."), "success")
        return redirect(url_for("consults.detail", consult_id=consult.id))
    return render_template("consults/plan.html", form=form, consult=None)


@bp.route("/<int:consult_id>/wijzigen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def edit(consult_id: int) -> Page:
    """Change when, with whom or where a talk is."""
    consult = own_talk(consult_id)
    form = PlanForm(data=plan_data(consult))
    if form.validate_on_submit():
        apply_plan(consult, form)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("consults.detail", consult_id=consult.id))
    return render_template(
        "consults/plan.html", form=form, consult=consult, delete_form=ActionForm()
    )


@bp.route("/<int:consult_id>/verwijderen", methods=["POST"])
@roles(Role.EMPLOYEE)
def delete(consult_id: int) -> Response:
    """Delete a talk with its preparation and goals; its agreements stay, unlinked."""
    consult = own_talk(consult_id)
    if ActionForm().validate_on_submit():
        db.session.delete(consult)
        db.session.commit()
        log.info("user %s deleted talk %s", current_user.id, consult_id)
        flash(_("The talk is deleted."), "success")
    return redirect(url_for("consults.index"))


def plan_data(consult: Consult) -> dict[str, object]:
    """Return the planning fields of a talk in Dutch local time."""
    local = consult.starts_at.astimezone(LOCAL_TZ)
    return {
        "day": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "with_whom": consult.with_whom.value,
        "with_whom_other": consult.with_whom_other,
        "place": consult.place,
    }


def apply_plan(consult: Consult, form: PlanForm) -> None:
    """Copy the validated planning fields onto a talk."""
    day, time = form.day.data, form.time.data
    assert day is not None and time is not None  # both required by the form
    consult.starts_at = to_utc(day, time)
    consult.with_whom = WithWhom(form.with_whom.data)
    other = (form.with_whom_other.data or "").strip()
    consult.with_whom_other = other if consult.with_whom is WithWhom.OTHER and other else None
    consult.place = (form.place.data or "").strip() or None


@bp.route("/<int:consult_id>")
@roles(Role.EMPLOYEE)
def detail(consult_id: int) -> str:
    """Show one talk: the preparation steps and what is filled, the card, looking back."""
    consult = own_talk(consult_id)
    return render_template(
        "consults/detail.html",
        consult=consult,
        steps=STEPS,
        filled=filled_steps(consult),
        can_evaluate=can_evaluate(consult, local_today()),
        labels=WITH_WHOM_LABELS,
    )


@bp.route("/<int:consult_id>/voorbereiden/<step>", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def prepare(consult_id: int, step: str) -> Page:
    """Show and save one preparation step; each step saves on its own."""
    consult = own_talk(consult_id)
    if step not in STEP_LOGIC:
        abort(404)
    logic = STEP_LOGIC[step]
    form = logic.form(consult)
    if form.validate_on_submit():
        logic.save(consult, form)
        if request.form.get("then") == "copy" and step == "kunnen":
            # The copy button is part of the step form, so lines typed first are kept too.
            db.session.commit()
            return copy_photo(consult_id)
        db.session.commit()
        flash(_("Saved."), "success")
        slugs = list(STEP_LOGIC)
        position = slugs.index(step)
        if request.form.get("then") == "next" and position + 1 < len(slugs):
            target = url_for("consults.prepare", consult_id=consult_id, step=slugs[position + 1])
        else:
            target = url_for("consults.detail", consult_id=consult_id)
        return redirect(target)
    return render_template(
        "consults/prepare.html",
        consult=consult,
        form=form,
        step=step,
        title=dict(STEPS)[step],
        steps=STEPS,
        filled=filled_steps(consult),
        labels=WITH_WHOM_LABELS,
        suggestions=QUESTIONS_FOR[consult.with_whom],
        questions=QUESTIONS,
        photo=scherpe_foto(current_user.id) if step == "kunnen" else None,
        flat_errors=flat_errors,
    )


@bp.route("/<int:consult_id>/voorbereiden/kunnen/overnemen", methods=["POST"])
@roles(Role.EMPLOYEE)
def copy_photo(consult_id: int) -> Response:
    """Add the lines of the "scherpe foto" to what I can and cannot do (no duplicates)."""
    consult = own_talk(consult_id)
    photo = scherpe_foto(current_user.id)
    if ActionForm().validate_on_submit() and photo is not None:
        can, cannot = photo
        consult.can_do = (consult.can_do + [a for a in can if a not in consult.can_do])[:MAX_ROWS]
        consult.cannot_do = (consult.cannot_do + [a for a in cannot if a not in consult.cannot_do])[
            :MAX_ROWS
        ]
        db.session.commit()
        flash(_("Copied. Check the lines and change what you like."), "success")
    return redirect(url_for("consults.prepare", consult_id=consult_id, step="kunnen"))


@bp.app_template_filter("talk_when")
def talk_when(moment: dt.datetime) -> str:
    """Format the start of a talk in Dutch local time: weekday, date and time."""
    day, time = format_date(moment, "full"), format_time(moment, "HH:mm")
    return _("%(date)s at %(time)s", date=day, time=time)
