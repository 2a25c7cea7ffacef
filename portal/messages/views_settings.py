"""E-mail choices, check-in rhythm and form, a coach's away notice and the coach's guide."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import EmployeeProfile, Role
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _, current_language
from portal.messages import bp, services
from portal.messages.forms import AwayForm, EmployeeSettingsForm, NotificationForm
from portal.messages.models import CoachAway, Delivery
from portal.messages.notify import preference_of
from portal.messages.text import coach_content
from portal.security import roles

log = logging.getLogger(__name__)

Page = str | Response


@bp.route("/instellingen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE, Role.COACH)
def preferences() -> Page:
    """Choose when e-mails come; the employee also chooses the check-in rhythm and form."""
    is_employee = current_user.role is Role.EMPLOYEE
    form = EmployeeSettingsForm() if is_employee else NotificationForm()
    pref = preference_of(current_user.id)
    profile = db.session.get(EmployeeProfile, current_user.id) if is_employee else None
    if form.validate_on_submit():
        pref.messages = Delivery(form.messages.data)
        pref.quiet_start, pref.quiet_end = form.quiet_start.data, form.quiet_end.data
        pref.is_checkin_reminder_on = bool(form.is_checkin_reminder_on.data)
        db.session.add(pref)
        if isinstance(form, EmployeeSettingsForm):
            profile = profile or EmployeeProfile(user_id=current_user.id)
            profile.checkin_every_weeks = form.checkin_every_weeks.data
            profile.checkin_form = form.checkin_form.data
            db.session.add(profile)
        db.session.commit()
        log.info("user %s changed their message settings", current_user.id)
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("messages.preferences"))
    if not form.is_submitted():
        form.messages.data = pref.messages.value
        form.quiet_start.data, form.quiet_end.data = pref.quiet_start, pref.quiet_end
        form.is_checkin_reminder_on.data = pref.is_checkin_reminder_on
        if isinstance(form, EmployeeSettingsForm):
            weeks, way = services.checkin_preferences(current_user.id)
            form.checkin_every_weeks.data, form.checkin_form.data = weeks, way.value
    return render_template("messages/preferences.html", form=form)


@bp.route("/afwezig", methods=["GET", "POST"])
@roles(Role.COACH)
def away() -> Page:
    """Set or change the "away until" notice the coach's employees see before writing."""
    notice = db.session.get(CoachAway, current_user.id)
    form = AwayForm(obj=notice)
    today = services.local_today()
    if form.validate_on_submit():
        if form.away_until.data is None or form.away_until.data < today:
            form.away_until.errors = [_("Choose today or a date after today.")]
        else:
            notice = notice or CoachAway(user_id=current_user.id)
            notice.away_until = form.away_until.data
            notice.note = (form.note.data or "").strip()
            db.session.add(notice)
            db.session.commit()
            flash(_("Your away notice is on. Your employees see it before they write."), "success")
            return redirect(url_for("messages.away"))
    active = notice if notice is not None and notice.away_until >= today else None
    return render_template("messages/away.html", form=form, notice=active, clear_form=ActionForm())


@bp.route("/afwezig/weghalen", methods=["POST"])
@roles(Role.COACH)
def clear_away() -> Response:
    """Remove the away notice."""
    notice = db.session.get(CoachAway, current_user.id)
    if ActionForm().validate_on_submit() and notice is not None:
        db.session.delete(notice)
        db.session.commit()
        flash(_("Your away notice is removed."), "success")
    return redirect(url_for("messages.away"))


@bp.route("/coach-hulp")
@roles(Role.COACH)
def coach_help() -> str:
    """Show the crisis protocol, the ervaringsdeskundige role and the prompt card."""
    lang = current_language()
    return render_template(
        "messages/coach_help.html",
        mi_card=coach_content("mi-card", lang),
        crisis=coach_content("crisis", lang),
        role=coach_content("role", lang),
    )
