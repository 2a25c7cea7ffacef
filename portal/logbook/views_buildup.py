"""The build-up plan (opbouwschema): record the agreed periods and see each week against it."""

from __future__ import annotations

import datetime as dt
import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import DateField, IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from portal import clock
from portal.auth.models import EmployeeProfile, Role
from portal.db import db
from portal.forms import INVALID_CHOICE, ActionForm, BaseForm, options
from portal.i18n import _, _l
from portal.logbook import bp, buildup, services
from portal.logbook.forms import HoursField
from portal.logbook.models import LOAD_KINDS, BuildUpStep, CrashMark, figures_between, steps_of
from portal.security import roles

log = logging.getLogger(__name__)
#: How many weeks the page compares with the plan.
WEEKS_SHOWN = 8


class BuildUpForm(BaseForm):
    """One period of the plan: from a date, hours a day, days a week."""

    starts_on = DateField(
        _l("From"), validators=[InputRequired(message=_l("Fill in the date the period starts."))]
    )
    hours_per_day = HoursField(_l("Hours a day"))
    days_per_week = IntegerField(
        _l("Days a week"),
        validators=[
            InputRequired(message=_l("Fill in a number of days from 0 to 7.")),
            NumberRange(0, 7, message=_l("Fill in a number of days from 0 to 7.")),
        ],
    )

    def validate_hours_per_day(self, field: HoursField) -> None:
        """The hours a day are needed."""
        if field.data is None:
            raise ValidationError(_l("Fill in the hours a day, for example 3 or 2,5."))


@bp.route("/opbouw", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def buildup_plan() -> str | Response:
    """Record the agreed build-up plan and see the last weeks against it."""
    # A new period usually starts now: "From" is filled in with today, so two numbers do.
    form = BuildUpForm(data=None if request.method == "POST" else {"starts_on": clock.today()})
    if form.validate_on_submit():
        starts_on: dt.date = form.starts_on.data
        step = db.session.scalar(
            select(BuildUpStep).where(
                BuildUpStep.user_id == current_user.id, BuildUpStep.starts_on == starts_on
            )
        )
        if step is None:
            step = BuildUpStep(user_id=current_user.id, starts_on=starts_on)
            db.session.add(step)
        step.minutes_per_day = round((form.hours_per_day.data or 0) * 60)
        step.days_per_week = form.days_per_week.data
        db.session.commit()
        log.info("employee %s saved build-up step %s", current_user.id, step.id)
        flash(_("The period is saved in your build-up plan."), "success")
        return redirect(url_for("logbook.buildup_plan"))
    return buildup_page(form)


def buildup_page(form: BuildUpForm) -> str:
    """Render the build-up plan page with this add-a-period form."""
    today = clock.today()
    steps = steps_of(current_user.id)
    start = services.monday_of(today) - dt.timedelta(weeks=WEEKS_SHOWN - 1)
    profile = db.session.get(EmployeeProfile, current_user.id)
    contract = float(profile.contract_hours) if profile and profile.contract_hours else None
    weeks = buildup.plan_weeks(
        steps, figures_between(current_user.id, start, today), start, today, contract, today
    )
    return render_template(
        "logbook/buildup.html",
        form=form,
        steps=steps,
        weeks=list(reversed(weeks)),
        current=buildup.step_on(steps, today),
        upcoming=buildup.next_step(steps, today),
        contract=contract,
        action_form=ActionForm(),
    )


@bp.route("/opbouw/<int:period_id>/verwijderen", methods=["POST"])
@roles(Role.EMPLOYEE)
def buildup_delete(period_id: int) -> str | Response:
    """Remove one period of my build-up plan; a period being typed (it came along) stays."""
    step = db.session.scalar(
        select(BuildUpStep).where(
            BuildUpStep.id == period_id, BuildUpStep.user_id == current_user.id
        )
    )
    if step is None:
        abort(404)
    if ActionForm().validate_on_submit():
        db.session.delete(step)
        db.session.commit()
        flash(_("The period is removed from your build-up plan."), "info")
    typed = BuildUpForm()  # the Remove buttons belong to the add-a-period form (form=)
    if any(str(v).strip() for f in typed if f.type != "CSRFTokenField" for v in f.raw_data or []):
        return buildup_page(typed)
    return redirect(url_for("logbook.buildup_plan"))


class CrashForm(BaseForm):
    """Mark a day as a setback in one tap; the kind of load before it is optional."""

    day = DateField(_l("Day"), validators=[Optional()])
    load_kind = RadioField(
        _l("What kind of load came before? (optional)"),
        choices=options(LOAD_KINDS.items()),
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )


@bp.route("/terugval", methods=["POST"])
@roles(Role.EMPLOYEE)
def crash_mark() -> str | Response:
    """Mark a day (today when empty) as a setback, optionally with the kind of load."""
    form = CrashForm()
    today = clock.today()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("logbook.trends"))
    day = form.day.data or today
    if day > today or day < services.EARLIEST_DAY:
        flash(_("You cannot mark a day in the future."), "error")
        return redirect(url_for("logbook.trends"))
    mark = db.session.scalar(
        select(CrashMark).where(CrashMark.user_id == current_user.id, CrashMark.day == day)
    )
    if mark is None:
        mark = CrashMark(user_id=current_user.id, day=day)
        db.session.add(mark)
    mark.load_kind = form.load_kind.data or None
    db.session.commit()
    flash(_("Marked as a setback. It counts in your energy after busy days."), "success")
    return redirect(url_for("logbook.trends"))


@bp.route("/terugval/<int:mark_id>/verwijderen", methods=["POST"])
@roles(Role.EMPLOYEE)
def crash_unmark(mark_id: int) -> Response:
    """Remove a setback mark of mine."""
    mark = db.session.scalar(
        select(CrashMark).where(CrashMark.id == mark_id, CrashMark.user_id == current_user.id)
    )
    if mark is None:
        abort(404)
    if ActionForm().validate_on_submit():
        db.session.delete(mark)
        db.session.commit()
        flash(_("The setback mark is removed."), "info")
    return redirect(url_for("logbook.trends"))
