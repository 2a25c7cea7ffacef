"""The plan van aanpak: record it, change it, and add revisions (bijstellingen)."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import clock
from portal.auth.models import Role
from portal.db import db
from portal.dossier import bp
from portal.dossier.forms import PlanForm, RevisionForm
from portal.dossier.models import Plan, PlanRevision, PlanStep, plan_of
from portal.dossier.services import GOAL_LABELS
from portal.forms import ActionForm, BaseForm
from portal.i18n import _
from portal.security import roles

log = logging.getLogger(__name__)


def steps_text(plan: Plan) -> str:
    """Write the plan's steps back as lines of what; who; when."""
    lines = []
    for step in plan.steps:
        when = step.due_on.strftime("%d-%m-%Y") if step.due_on else ""
        lines.append("; ".join((step.what or "", step.who or "", when)).rstrip("; "))
    return "\n".join(lines)


@bp.route("/plan", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def plan() -> str | Response:
    """Show and record the plan van aanpak, with its revisions."""
    current = plan_of(current_user.id)
    if request.method == "POST" or current is None:
        form = PlanForm(today=clock.today())
    else:
        form = saved_plan_form(current)
    if form.validate_on_submit():
        revisions = current.revisions if current is not None else []
        earliest = min((r.revised_on for r in revisions), default=None)
        if earliest is not None and form.drawn_up_on.data and form.drawn_up_on.data > earliest:
            form.drawn_up_on.errors = [_("The plan cannot be dated after one of its revisions.")]
        else:
            if current is None:
                current = Plan(employee_id=current_user.id)
                db.session.add(current)
            save_plan(current, form)
            db.session.commit()
            flash(_("Your plan van aanpak is saved."), "success")
            draft = revision_draft(current)  # the page is one form: a revision came along
            if draft is None or not is_typed(draft):
                return redirect(url_for("dossier.plan"))
            return render_plan(current, saved_plan_form(current), draft)
    return render_plan(current, form, revision_draft(current))


def revision_draft(current: Plan | None) -> RevisionForm | None:
    """Return the add-a-revision form as posted (unchecked), or None before the plan exists."""
    if current is None or current.id is None:
        return None
    return RevisionForm(today=clock.today(), plan_date=current.drawn_up_on, prefix="bijstelling")


def is_typed(form: BaseForm) -> bool:
    """Tell whether anything was typed or chosen in a form that came along."""
    return any(
        str(value).strip()
        for field in form
        if field.type != "CSRFTokenField"
        for value in field.raw_data or []
    )


def plan_draft(current: Plan) -> PlanForm | None:
    """Return the plan form as posted when it differs from the saved plan, else None."""
    posted = PlanForm(today=clock.today())
    if not posted.drawn_up_on.raw_data:  # the plan's fields did not come along
        return None
    saved = saved_plan_form(current)
    for field in posted:
        if field.type == "CSRFTokenField":
            continue
        if field.process_errors or as_saved(field.data) != as_saved(saved[field.name].data):
            return posted
    return None


def as_saved(value: object) -> object:
    """Return a value as compared with the saved plan (text with plain line ends, trimmed)."""
    if value is None or isinstance(value, str):
        return (value or "").replace("\r\n", "\n").strip()
    return value


def saved_plan_form(current: Plan) -> PlanForm:
    """Return the plan form filled from the saved plan (not from a posted form)."""
    return PlanForm(
        formdata=None,
        today=clock.today(),
        data={
            "drawn_up_on": current.drawn_up_on,
            "goal": current.goal,
            "steps": steps_text(current),
            "is_agreed": "yes" if current.is_agreed else "no",
            "own_view": current.own_view,
        },
    )


def render_plan(current: Plan | None, form: PlanForm, revision_form: RevisionForm | None) -> str:
    """Render the plan page."""
    saved = current if current is not None and current.id is not None else None
    return render_template(
        "dossier/plan.html",
        plan=saved,
        form=form,
        revision_form=revision_form,
        goal_labels=GOAL_LABELS,
        action_form=ActionForm(),
    )


def save_plan(current: Plan, form: PlanForm) -> None:
    """Copy the form into the plan and replace its steps."""
    assert form.drawn_up_on.data is not None  # validated: the field is required
    current.drawn_up_on = form.drawn_up_on.data
    current.goal = form.goal.data
    current.is_agreed = form.is_agreed.data == "yes"
    current.own_view = (form.own_view.data or "").strip() or None
    current.steps.clear()
    for position, (what, who, when) in enumerate(form.parsed_steps, start=1):
        step = PlanStep(position=position, due_on=when)
        step.what, step.who = what, who or None
        current.steps.append(step)


@bp.route("/plan/bijstelling", methods=["POST"])
@roles(Role.EMPLOYEE)
def add_revision() -> Response | tuple[str, int]:
    """Add a revision of the plan; one dated before the plan is refused."""
    current = plan_of(current_user.id)
    if current is None:
        flash(_("Record the plan first; then you can add a revision."), "info")
        return redirect(url_for("dossier.plan"))
    form = RevisionForm(today=clock.today(), plan_date=current.drawn_up_on, prefix="bijstelling")
    typed_plan = plan_draft(current)  # the page is one form: changes to the plan came along
    if not form.validate_on_submit():
        return render_plan(current, typed_plan or saved_plan_form(current), form), 400
    revision = PlanRevision(revised_on=form.revised_on.data, is_agreed=form.is_agreed.data == "yes")
    revision.reason = form.reason.data.strip()
    revision.own_view = (form.own_view.data or "").strip() or None
    current.revisions.append(revision)
    db.session.commit()
    log.info("plan %s revised by employee %s", current.id, current_user.id)
    flash(_("The revision is added to your plan."), "success")
    if typed_plan is not None:
        empty = RevisionForm(
            formdata=None, today=clock.today(), plan_date=current.drawn_up_on, prefix="bijstelling"
        )
        return render_plan(current, typed_plan, empty), 200
    return redirect(url_for("dossier.plan"))


def own_revision_or_404(revision_id: int) -> tuple[Plan, PlanRevision]:
    """Load the employee's plan and one of its revisions; anyone else's answers 404."""
    current = plan_of(current_user.id)
    revision = (
        next((r for r in current.revisions if r.id == revision_id), None) if current else None
    )
    if current is None or revision is None:
        abort(404)
    return current, revision


@bp.route("/plan/bijstelling/<int:revision_id>/wijzigen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def edit_revision(revision_id: int) -> str | Response | tuple[str, int]:
    """Change one revision of the employee's own plan; bad input changes nothing."""
    current, revision = own_revision_or_404(revision_id)
    data = None
    if request.method == "GET":
        data = {
            "revised_on": revision.revised_on,
            "reason": revision.reason,
            "is_agreed": "yes" if revision.is_agreed else "no",
            "own_view": revision.own_view,
        }
    form = RevisionForm(today=clock.today(), plan_date=current.drawn_up_on, data=data)
    if form.validate_on_submit():
        assert form.revised_on.data is not None  # validated: the field is required
        revision.revised_on = form.revised_on.data
        revision.is_agreed = form.is_agreed.data == "yes"
        revision.reason = form.reason.data.strip()
        revision.own_view = (form.own_view.data or "").strip() or None
        db.session.commit()
        log.info("plan revision %s changed by employee %s", revision.id, current_user.id)
        flash(_("Your change is saved."), "success")
        return redirect(url_for("dossier.plan"))
    page = render_template("dossier/revision.html", plan=current, revision=revision, form=form)
    return (page, 400) if request.method == "POST" else page


@bp.route("/plan/bijstelling/<int:revision_id>/verwijderen", methods=["POST"])
@roles(Role.EMPLOYEE)
def delete_revision(revision_id: int) -> Response:
    """Delete one revision of the employee's own plan."""
    current, revision = own_revision_or_404(revision_id)
    if ActionForm().validate_on_submit():
        current.revisions.remove(revision)
        db.session.commit()
        flash(_("The revision is deleted."), "success")
    return redirect(url_for("dossier.plan"))
