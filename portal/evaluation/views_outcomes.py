"""The employee's side: the quarterly "did it help?" question and the optional outcome rounds."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.consults.services import now
from portal.db import db
from portal.evaluation import outcomes_bp, services
from portal.evaluation.forms import HelpedForm, OutcomeForm
from portal.evaluation.models import Helped, TreatmentChange, WorkingStatus
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles

Page = str | Response


@outcomes_bp.route("/")
@roles(Role.EMPLOYEE)
def index() -> str:
    """Explain the outcome questions and let the employee join, stop or remove their answers."""
    consent = services.consent_of(current_user.id)
    last = services.last_outcome(current_user.id)
    return render_template(
        "evaluation/outcomes.html",
        is_opted_in=consent is not None and consent.is_opted_in,
        has_answers=last is not None,
        is_due=services.outcome_is_due(last, now()),
        next_month=services.next_round_month(last),
    )


@outcomes_bp.route("/meedoen", methods=["POST"])
@roles(Role.EMPLOYEE)
def opt_in() -> Response:
    """Take part in the outcome questions, and go to the first round."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("outcomes.index"))
    services.set_consent(current_user.id, True)
    db.session.commit()
    return redirect(url_for("outcomes.questions"))


@outcomes_bp.route("/stoppen", methods=["POST"])
@roles(Role.EMPLOYEE)
def opt_out() -> Response:
    """Say no (or no more) to the outcome questions; answers given stay unless removed."""
    if ActionForm().validate_on_submit():
        services.set_consent(current_user.id, False)
        db.session.commit()
        flash(_("Fine. We will not ask you these questions."), "success")
    return redirect(url_for("outcomes.index"))


@outcomes_bp.route("/wissen", methods=["POST"])
@roles(Role.EMPLOYEE)
def forget() -> Response:
    """Remove every outcome answer of the employee (they leave the figures too)."""
    if ActionForm().validate_on_submit():
        services.forget_outcomes(current_user.id)
        services.set_consent(current_user.id, False)
        db.session.commit()
        flash(_("Your answers are removed."), "success")
    return redirect(url_for("outcomes.index"))


@outcomes_bp.route("/vragen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def questions() -> Page:
    """Answer one round of outcome questions (when taking part and a round is due)."""
    consent = services.consent_of(current_user.id)
    last = services.last_outcome(current_user.id)
    if consent is None or not consent.is_opted_in or not services.outcome_is_due(last, now()):
        return redirect(url_for("outcomes.index"))
    form = OutcomeForm()
    if form.validate_on_submit():
        answer = services.new_outcome(current_user.id, last)
        answer.working_status = (
            WorkingStatus(form.working_status.data) if form.working_status.data else None
        )
        answer.hours_per_week = form.hours_per_week.data
        answer.insight_complaints = form.insight_complaints.data or None
        answer.insight_capacity = form.insight_capacity.data or None
        answer.treatment_changed = (
            TreatmentChange(form.treatment_changed.data) if form.treatment_changed.data else None
        )
        db.session.commit()
        flash(_("Thank you. We will ask again in about three months."), "success")
        return redirect(url_for("home.index"))
    return render_template("evaluation/questions.html", form=form, is_baseline=last is None)


@outcomes_bp.route("/geholpen", methods=["POST"])
@roles(Role.EMPLOYEE)
def helped() -> Page:
    """Save this quarter's answer to "Did Eigen Regie help you reach your goals?"."""
    form = HelpedForm()
    if not form.validate_on_submit():
        flash(_("Choose an answer, or choose 'Not now'."), "error")
        return redirect(url_for("home.index"))
    if services.record_helped(current_user.id, Helped(form.answer.data)):
        db.session.commit()
        flash(_("Thank you for your answer."), "success")
    return redirect(url_for("home.index"))


@outcomes_bp.route("/geholpen/niet-nu", methods=["POST"])
@roles(Role.EMPLOYEE)
def helped_skip() -> Response:
    """Skip the question for this quarter."""
    if ActionForm().validate_on_submit() and services.record_helped(current_user.id, None):
        db.session.commit()
    return redirect(url_for("home.index"))
