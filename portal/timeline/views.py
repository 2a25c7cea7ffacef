"""The employee's own timeline: the first sick day, the legal steps, a calendar download."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from icalendar import Calendar, Event
from werkzeug.wrappers import Response

from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db, utcnow
from portal.forms import ActionForm
from portal.i18n import _, _l, current_language
from portal.security import roles
from portal.timeline.forms import SickDateForm
from portal.timeline.services import (
    MAX_WEEK,
    DatedMilestone,
    Timeline,
    absence_week,
    load_timeline,
    schedule,
)

bp = Blueprint("timeline", __name__, url_prefix="/tijdlijn")
log = logging.getLogger(__name__)

Page = str | Response

#: Text for each status, so it is never shown by colour alone.
STATUS_LABELS = {
    "past": _l("Past"),
    "current": _l("Now"),
    "next": _l("Next"),
    "upcoming": _l("Later"),
}

#: Who acts, per actor code of the data file.
ACTOR_LABELS = {
    "employee": _l("You"),
    "employer": _l("Your employer"),
    "bedrijfsarts": _l("The bedrijfsarts"),
    "both": _l("You and your employer"),
    "uwv": _l("UWV"),
}

KIND_LABELS = {
    "law": _l("Required by law"),
    "good-practice": _l("Good practice, not a legal duty"),
    "any-time": _l("Possible at any time"),
}


def today() -> date:
    """Return today's date (a seam for tests with a frozen clock)."""
    return date.today()


def get_timeline() -> Timeline:
    """Return the timeline data file, read once per app."""
    timeline = current_app.extensions.get("timeline")
    if timeline is None:
        timeline = load_timeline(Path(current_app.config["CONTENT_DIR"]) / "timeline.yaml")
        current_app.extensions["timeline"] = timeline
    return timeline


def own_profile() -> EmployeeProfile:
    """Return the current employee's profile (a new, unsaved one if it is missing)."""
    profile = db.session.get(EmployeeProfile, current_user.id)
    return profile or EmployeeProfile(user_id=current_user.id)


def next_step(items: list[DatedMilestone]) -> DatedMilestone | None:
    """Return the first milestone that has not started yet."""
    return next((item for item in items if item.status == "next"), None)


def home_summary(user: User) -> dict[str, Any] | None:
    """Return {week, next} for the home page, or None when no first sick day is set.

    ``week`` is the absence week today falls in (None if the first day is still ahead),
    ``next`` the next :class:`DatedMilestone` (None after the last one).
    """
    profile = db.session.get(EmployeeProfile, user.id)
    if profile is None or profile.sick_since is None:
        return None
    items = schedule(get_timeline(), profile.sick_since, today())
    return {"week": absence_week(profile.sick_since, today()), "next": next_step(items)}


@bp.route("/", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def index() -> Page:
    """Show the timeline and the form to set or change the first sick day."""
    profile = own_profile()
    form = SickDateForm(obj=profile, today=today())
    if form.validate_on_submit():
        profile.sick_since = form.sick_since.data
        db.session.add(profile)
        db.session.commit()
        log.info("user %s set their first sick day", current_user.id)
        flash(_("Your first sick day is saved. Your timeline below is up to date."), "success")
        return redirect(url_for("timeline.index"))
    timeline, first_day = get_timeline(), profile.sick_since
    items = schedule(timeline, first_day, today()) if first_day else []
    return render_template(
        "timeline/index.html",
        form=form,
        clear_form=ActionForm(),
        timeline=timeline,
        first_day=first_day,
        week=absence_week(first_day, today()) if first_day else None,
        max_week=MAX_WEEK,
        items=items,
        next_item=next_step(items),
        lang=current_language(),
        status_labels=STATUS_LABELS,
        actor_labels=ACTOR_LABELS,
        kind_labels=KIND_LABELS,
    )


@bp.route("/wissen", methods=["POST"])
@roles(Role.EMPLOYEE)
def clear() -> Response:
    """Remove the first sick day; the timeline disappears until it is filled in again."""
    if ActionForm().validate_on_submit():
        profile = db.session.get(EmployeeProfile, current_user.id)
        if profile is not None and profile.sick_since is not None:
            profile.sick_since = None
            db.session.commit()
            log.info("user %s cleared their first sick day", current_user.id)
        flash(_("Your first sick day is removed. You can fill it in again at any time."), "success")
    return redirect(url_for("timeline.index"))


@bp.route("/tijdlijn.ics")
@roles(Role.EMPLOYEE)
def calendar() -> Response:
    """Download every dated step as all-day events for a calendar app."""
    profile = own_profile()
    if profile.sick_since is None:
        flash(_("Fill in your first sick day first; then you can download your timeline."), "info")
        return redirect(url_for("timeline.index"))
    items = schedule(get_timeline(), profile.sick_since, today())
    body = build_calendar(items, current_language(), current_user.id).to_ical()
    log.info("user %s downloaded their timeline calendar", current_user.id)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="tijdlijn.ics"'},
    )


def build_calendar(items: list[DatedMilestone], lang: str, user_id: int) -> Calendar:
    """Return an iCalendar with one all-day event per dated milestone, in one language."""
    cal = Calendar()
    cal.add("prodid", "-//Eigen Regie//Tijdlijn//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("My timeline") + " · Eigen Regie")
    for item in items:
        milestone = item.milestone
        event = Event()
        # Stable per user and step, so importing again after a change updates the events.
        event.add("uid", f"{item.id}.{user_id}@timeline.eigen-regie")
        event.add("dtstamp", utcnow())
        event.add("summary", milestone.title[lang])
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        prepare = _("What you can prepare: %(text)s", text=milestone.prepare[lang])
        event.add("description", f"{milestone.what[lang]}\n\n{prepare}")
        cal.add_component(event)
    return cal
