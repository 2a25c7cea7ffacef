"""After a talk: looking back, agreements in one place, my figures, reminder settings."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import clock
from portal.auth.models import Role
from portal.consults import bp
from portal.consults.forms import AgreementForm, EvaluationForm, PreferencesForm, evaluation_form
from portal.consults.models import Agreement, AgreementWho, Consult, ConsultPreferences, GoalResult
from portal.consults.services import (
    PILOT_FIGURES,
    PILOT_TALKS,
    agreements_of_talk,
    can_evaluate,
    done_agreements,
    my_figures,
    open_agreements,
    own_agreement,
    own_talk,
)
from portal.consults.suggestions import AGREEMENT_WHO_LABELS, GOAL_RESULT_LABELS, WITH_WHOM_LABELS
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles
from portal.sharing import advice

log = logging.getLogger(__name__)

Page = str | Response


def talk_evaluation_form(consult: Consult) -> EvaluationForm:
    """Return the evaluation form of a talk, filled with earlier answers."""
    goals = [goal for goal in consult.goals if goal.text_sealed]
    data: dict[str, object] = {
        "went_well": consult.went_well,
        "felt_understood": consult.felt_understood,
        "eval_good": consult.eval_good,
        "eval_differently": consult.eval_differently,
    }
    data.update({f"goal_{g.id}": g.result.value if g.result else None for g in goals})
    return evaluation_form([goal.id for goal in goals], data=data)


def render_evaluation(consult: Consult, form: EvaluationForm, agreement_form: AgreementForm) -> str:
    """Render the looking-back page with the talk's agreements."""
    agreement_form.what.flags.required = False  # optional here: saved with the answers
    return render_template(
        "consults/evaluate.html",
        consult=consult,
        form=form,
        goals=[goal for goal in consult.goals if goal.text_sealed],
        agreement_form=agreement_form,
        agreements=agreements_of_talk(consult),
        labels=WITH_WHOM_LABELS,
        who_labels=AGREEMENT_WHO_LABELS,
        result_labels=GOAL_RESULT_LABELS,
    )


def wants_agreement() -> bool:
    """Whether the look-back form carries a new agreement (its text or a date is filled in)."""
    return bool(
        (request.form.get("what") or "").strip() or (request.form.get("due_on") or "").strip()
    )


def save_evaluation(consult: Consult, form: EvaluationForm) -> bool:
    """Copy the look-back answers onto the talk; return whether anything was answered."""
    answered = False
    for goal in consult.goals:
        field = getattr(form, f"goal_{goal.id}", None)
        if field is not None and field.data:
            goal.result = GoalResult(field.data)
            answered = True
    consult.went_well, consult.felt_understood = form.went_well.data, form.felt_understood.data
    consult.eval_good = (form.eval_good.data or "").strip() or None
    consult.eval_differently = (form.eval_differently.data or "").strip() or None
    answered = answered or any(
        value is not None
        for value in (
            consult.went_well,
            consult.felt_understood,
            consult.eval_good,
            consult.eval_differently,
        )
    )
    if answered:
        consult.evaluated_at = clock.now()
    return answered


@bp.route("/<int:consult_id>/terugblik", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def evaluate(consult_id: int) -> Page:
    """Look back on a talk (from its day on): goals, two scales, two texts, agreements."""
    consult = own_talk(consult_id)
    if not can_evaluate(consult, clock.today()):
        flash(_("You can look back on this talk from the day of the talk."), "info")
        return redirect(url_for("consults.detail", consult_id=consult_id))
    form = talk_evaluation_form(consult)
    if request.method != "POST":
        return render_evaluation(consult, form, AgreementForm(formdata=None))
    # One form: the look-back answers and a new agreement are saved together, or, when
    # either has a mistake, nothing is saved and everything typed is shown again.
    agreement_form = AgreementForm()
    with_agreement = wants_agreement()
    evaluation_ok = form.validate_on_submit()
    agreement_ok = agreement_form.validate() if with_agreement else True
    if not (evaluation_ok and agreement_ok):
        if not with_agreement:
            agreement_form = AgreementForm(formdata=None)
        return render_evaluation(consult, form, agreement_form)
    save_evaluation(consult, form)
    if with_agreement:
        add_agreement(agreement_form, consult_id=consult.id)
    db.session.commit()
    if with_agreement:
        flash(_("Saved, with the new agreement. You can note another one below."), "success")
    else:
        flash(_("Saved. Did you make agreements? Note them below."), "success")
    return redirect(url_for("consults.evaluate", consult_id=consult_id, _anchor="afspraken"))


@bp.route("/<int:consult_id>/afspraken", methods=["POST"])
@roles(Role.EMPLOYEE)
def add_talk_agreement(consult_id: int) -> Page:
    """Note an agreement made in this talk."""
    consult = own_talk(consult_id)
    if not can_evaluate(consult, clock.today()):
        return redirect(url_for("consults.detail", consult_id=consult_id))
    form = AgreementForm()
    if form.validate_on_submit():
        add_agreement(form, consult_id=consult.id)
        db.session.commit()
        flash(_("The agreement is saved."), "success")
        return redirect(url_for("consults.evaluate", consult_id=consult_id, _anchor="afspraken"))
    return render_evaluation(consult, talk_evaluation_form(consult), form)


def add_agreement(form: AgreementForm, consult_id: int | None) -> Agreement:
    """Create an agreement of the current employee from a validated form."""
    agreement = Agreement(
        user_id=current_user.id,
        consult_id=consult_id,
        who=AgreementWho(form.who.data),
        due_on=form.due_on.data,
    )
    agreement.what = form.what.data
    db.session.add(agreement)
    return agreement


@bp.route("/afspraken", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def agreements() -> Page:
    """Show open and done agreements in one place; note a new one."""
    form = AgreementForm()
    if form.validate_on_submit():
        add_agreement(form, consult_id=None)
        db.session.commit()
        flash(_("The agreement is saved."), "success")
        return redirect(url_for("consults.agreements"))
    return render_template(
        "consults/agreements.html",
        form=form,
        open_items=open_agreements(current_user.id),
        done_items=done_agreements(current_user.id),
        today=clock.today(),
        who_labels=AGREEMENT_WHO_LABELS,
        labels=WITH_WHOM_LABELS,
        advice_groups=advice.open_advice_groups(current_user.id),
        advice_labels=advice.kind_labels(),
    )


@bp.route("/afspraken/<int:agreement_id>/klaar", methods=["POST"])
@roles(Role.EMPLOYEE)
def agreement_done(agreement_id: int) -> Response:
    """Mark an agreement done, or open again when it was done."""
    agreement = own_agreement(agreement_id)
    if ActionForm().validate_on_submit():
        agreement.done_at = None if agreement.done_at else clock.now()
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("consults.agreements"))


@bp.route("/afspraken/<int:agreement_id>/verwijderen", methods=["POST"])
@roles(Role.EMPLOYEE)
def agreement_delete(agreement_id: int) -> Response:
    """Delete an agreement."""
    agreement = own_agreement(agreement_id)
    if ActionForm().validate_on_submit():
        db.session.delete(agreement)
        db.session.commit()
        flash(_("The agreement is deleted."), "success")
    return redirect(url_for("consults.agreements"))


@bp.route("/cijfers")
@roles(Role.EMPLOYEE)
def figures() -> str:
    """Show my four measures next to the pilot's figures."""
    return render_template(
        "consults/figures.html",
        figures=my_figures(current_user.id),
        pilot=PILOT_FIGURES,
        pilot_talks=PILOT_TALKS,
    )


@bp.route("/herinneringen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def preferences() -> Page:
    """Switch reminder e-mails on or off and choose quiet hours."""
    prefs = db.session.get(ConsultPreferences, current_user.id) or ConsultPreferences(
        user_id=current_user.id, wants_reminders=False, quiet_from=21, quiet_until=9
    )
    form = PreferencesForm(obj=prefs)
    if form.validate_on_submit():
        prefs.wants_reminders = bool(form.wants_reminders.data)
        prefs.quiet_from, prefs.quiet_until = form.quiet_from.data, form.quiet_until.data
        db.session.add(prefs)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("consults.preferences"))
    return render_template("consults/preferences.html", form=form)
