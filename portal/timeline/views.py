"""The employee's own timeline: the first sick day, the legal steps, a calendar download."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from icalendar import Calendar, Event
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal import clock
from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db, utcnow
from portal.forms import ActionForm
from portal.i18n import _, _l, current_language
from portal.mail import absolute_url
from portal.security import public, roles
from portal.timeline import bp
from portal.timeline.forms import SickDateForm, StepForm
from portal.timeline.models import TimelineStep, record_step, steps_of
from portal.timeline.services import (
    MAX_WEEK,
    DatedMilestone,
    Timeline,
    absence_week,
    get_timeline,
    next_step,
    schedule,
)

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
    "proposal": _l("Proposal, not yet law"),
}


def own_profile() -> EmployeeProfile:
    """Return the current employee's profile (a new, unsaved one if it is missing)."""
    profile = db.session.get(EmployeeProfile, current_user.id)
    return profile or EmployeeProfile(user_id=current_user.id)


@bp.route("/", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def index() -> Page:
    """Show the timeline and the form to set or change the first sick day."""
    profile = own_profile()
    if request.method == "POST":
        return save_page(profile)
    return timeline_page(profile, SickDateForm(obj=profile, today=clock.today()))


def save_page(profile: EmployeeProfile) -> Page:
    """Save everything typed on the timeline page at once: the first sick day and the steps.

    The page is one form, so each Save button keeps (and saves) what was typed in the other
    part; a mistake anywhere shows the page again with everything typed and saves nothing.
    """
    form = SickDateForm(obj=profile, today=clock.today())
    date_posted = bool(form.sick_since.raw_data)  # [] when the field did not come along
    rows = posted_rows(profile.sick_since) if profile.sick_since else {}
    check = form if date_posted else ActionForm()
    valid = [check.validate()] + [row.validate() for row in rows.values()]  # every error shows
    if not all(valid):
        if check.errors.get("csrf_token"):
            flash(_("The form had expired. Please send it again."), "error")
        return timeline_page(profile, form, rows or None)
    changed = record_rows(rows)
    log.info("user %s saved %s timeline steps", current_user.id, changed)
    if date_posted and form.sick_since.data != profile.sick_since:
        profile.sick_since = form.sick_since.data
        db.session.add(profile)
        log.info("user %s set their first sick day", current_user.id)
        flash(_("Your first sick day is saved. Your timeline below is up to date."), "success")
    else:
        flash(_("Saved."), "success")
    db.session.commit()
    return redirect(url_for("timeline.index"))


def posted_rows(first_day: date) -> dict[str, StepForm]:
    """Return the step fields that came with the form, by step id."""
    rows = {
        step_id: step_row(step_id, None, formdata=True) for step_id in sorted(step_ids(first_day))
    }
    return {step_id: row for step_id, row in rows.items() if row.own_date.raw_data}


def record_rows(rows: dict[str, StepForm]) -> int:
    """Note the checked steps that differ from what is noted; return how many (caller commits)."""
    noted = steps_of(current_user.id)
    changed = 0
    for step_id, row in rows.items():
        if row_changed(row, noted.get(step_id)):
            record_step(current_user.id, step_id, bool(row.is_done.data), row.own_date.data)
            changed += 1
    return changed


def row_changed(row: StepForm, before: TimelineStep | None) -> bool:
    """Tell whether a step as posted differs from its note (an unreadable date always does)."""
    if row.own_date.process_errors:
        return True
    noted = (bool(before and before.is_done), before.own_date if before else None)
    return (bool(row.is_done.data), row.own_date.data) != noted


def unsaved_page(profile: EmployeeProfile) -> Page | None:
    """Show the page again when a button that is not Save came with changes not saved yet.

    Returns None when nothing typed on the page differs from what is saved.
    """
    if profile.sick_since is None:
        return None
    form = SickDateForm(obj=profile, today=clock.today())
    rows = posted_rows(profile.sick_since)
    noted = steps_of(current_user.id)
    date_field = form.sick_since
    date_changed = bool(date_field.raw_data) and (
        bool(date_field.process_errors) or date_field.data != profile.sick_since
    )
    if not date_changed and not any(row_changed(r, noted.get(i)) for i, r in rows.items()):
        return None
    flash(_("You changed something on this page that is not saved yet. Save it first."), "info")
    return timeline_page(profile, form, rows or None)


def timeline_page(
    profile: EmployeeProfile, form: SickDateForm, rows: dict[str, StepForm] | None = None
) -> str:
    """Render the timeline; rows holds what was typed in the steps when saving them failed."""
    timeline, first_day = get_timeline(), profile.sick_since
    items = schedule(timeline, first_day, clock.today()) if first_day else []
    steps = steps_of(current_user.id)
    if rows is None:  # the steps with fields on this page: now, next and past
        with_fields = [item.id for item in items if item.status != "upcoming"]
        rows = {step_id: step_row(step_id, steps.get(step_id)) for step_id in with_fields}
    return render_template(
        "timeline/index.html",
        form=form,
        rows=rows,
        row_errors=[(step_id, row) for step_id, row in rows.items() if row.errors],
        clear_form=ActionForm(),
        timeline=timeline,
        first_day=first_day,
        week=absence_week(first_day, clock.today()) if first_day else None,
        max_week=MAX_WEEK,
        items=items,
        next_item=next_step(items),
        titles=step_titles(timeline, items),
        lang=current_language(),
        status_labels=STATUS_LABELS,
        actor_labels=ACTOR_LABELS,
        kind_labels=KIND_LABELS,
        steps=steps,
        has_feed=profile.calendar_token_hash is not None,
    )


def step_row(step_id: str, noted: TimelineStep | None, formdata: bool = False) -> StepForm:
    """Return the fields of one step on the timeline page, filled from the posted form or note."""
    if formdata:
        return StepForm(prefix=step_id, meta={"csrf": False})
    return StepForm(
        formdata=None,
        prefix=step_id,
        meta={"csrf": False},
        is_done=bool(noted and noted.is_done),
        own_date=noted.own_date if noted else None,
    )


def step_titles(timeline: Timeline, items: list[DatedMilestone]) -> dict[str, str]:
    """Return the title of every step by step id, in the reader's language."""
    lang = current_language()
    titles = {item.id: item.milestone.title[lang] for item in items}
    return titles | {m.id: m.title[lang] for m in timeline.any_time}


@bp.route("/stappen", methods=["POST"])
@roles(Role.EMPLOYEE)
def save_steps() -> Page:
    """Save every step of the timeline page at once (and a changed first sick day with them)."""
    profile = own_profile()
    if profile.sick_since is None:
        return redirect(url_for("timeline.index"))
    return save_page(profile)


@bp.route("/wissen", methods=["POST"])
@roles(Role.EMPLOYEE)
def clear() -> Page:
    """Remove the first sick day; the timeline disappears until it is filled in again."""
    if ActionForm().validate_on_submit():
        profile = own_profile()
        unsaved = unsaved_page(profile)
        if unsaved is not None:
            return unsaved
        if profile.sick_since is not None:
            profile.sick_since = None
            db.session.commit()
            log.info("user %s cleared their first sick day", current_user.id)
        flash(_("Your first sick day is removed. You can fill it in again at any time."), "success")
    return redirect(url_for("timeline.index"))


@bp.route("/stappen/<step_id>", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def step(step_id: str) -> Page:
    """Show one step in full and note whether it is done and its actual date."""
    profile = own_profile()
    if profile.sick_since is None or step_id not in step_ids(profile.sick_since):
        abort(404)
    timeline = get_timeline()
    item = next(
        (i for i in schedule(timeline, profile.sick_since, clock.today()) if i.id == step_id), None
    )
    # The stored note fills the form on GET only: a field left empty on POST means empty.
    form = StepForm(obj=steps_of(current_user.id).get(step_id) if request.method == "GET" else None)
    if form.validate_on_submit():
        record_step(current_user.id, step_id, bool(form.is_done.data), form.own_date.data)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("timeline.index", _anchor=f"stap-{step_id}"))
    milestone = item.milestone if item else timeline.get(step_id)
    return render_template(
        "timeline/step.html",
        form=form,
        step_id=step_id,
        item=item,
        milestone=milestone,
        lang=current_language(),
        status_labels=STATUS_LABELS,
        actor_labels=ACTOR_LABELS,
        kind_labels=KIND_LABELS,
    )


def step_ids(first_day: date) -> set[str]:
    """Return the ids of every step on a timeline starting at first_day."""
    timeline = get_timeline()
    dated = {item.id for item in schedule(timeline, first_day, clock.today())}
    return dated | {milestone.id for milestone in timeline.any_time}


@bp.route("/agenda-link", methods=["POST"])
@roles(Role.EMPLOYEE)
def make_feed() -> Page:
    """Create (or replace) the secret link a calendar app can subscribe to; show it once."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("timeline.index"))
    profile = own_profile()
    if profile.sick_since is None:
        flash(_("Fill in your first sick day first; then you can download your timeline."), "info")
        return redirect(url_for("timeline.index"))
    unsaved = unsaved_page(profile)
    if unsaved is not None:  # the link is shown on a page of its own: save what was typed first
        return unsaved
    token = secrets.token_urlsafe(32)
    profile.calendar_token_hash = _feed_hash(token)
    db.session.commit()
    log.info("user %s made a new calendar link", current_user.id)
    link = absolute_url("timeline.feed", token=token)
    return render_template("timeline/feed_link.html", link=link)


@bp.route("/agenda-link/stoppen", methods=["POST"])
@roles(Role.EMPLOYEE)
def stop_feed() -> Page:
    """Switch the calendar link off; calendar apps get nothing from it any more."""
    if ActionForm().validate_on_submit():
        profile = own_profile()
        unsaved = unsaved_page(profile)
        if unsaved is not None:
            return unsaved
        profile.calendar_token_hash = None
        db.session.commit()
        flash(_("The calendar link is switched off."), "success")
    return redirect(url_for("timeline.index", _anchor="agenda"))


@bp.route("/agenda/<token>.ics")
@public
def feed(token: str) -> Response:
    """Serve the calendar feed of the employee whose secret link this is."""
    profile = None
    if len(token) < 100:
        profile = db.session.scalar(
            select(EmployeeProfile)
            .join(User, User.id == EmployeeProfile.user_id)
            .where(EmployeeProfile.calendar_token_hash == _feed_hash(token), User.is_active)
        )
    if profile is None or profile.sick_since is None:
        abort(404)
    user = db.session.get_one(User, profile.user_id)
    with force_locale(user.locale):
        items = schedule(get_timeline(), profile.sick_since, clock.today())
        body = build_calendar(items, user.locale, user.id, steps_of(user.id)).to_ical()
    return Response(body, mimetype="text/calendar")


def _feed_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@bp.route("/tijdlijn.ics")
@roles(Role.EMPLOYEE)
def calendar() -> Response:
    """Download every dated step as all-day events for a calendar app."""
    profile = own_profile()
    if profile.sick_since is None:
        flash(_("Fill in your first sick day first; then you can download your timeline."), "info")
        return redirect(url_for("timeline.index"))
    items = schedule(get_timeline(), profile.sick_since, clock.today())
    body = build_calendar(
        items, current_language(), current_user.id, steps_of(current_user.id)
    ).to_ical()
    log.info("user %s downloaded their timeline calendar", current_user.id)
    name = _("timeline")  # file names in the reader's language too
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{name}.ics"'},
    )


def build_calendar(
    items: list[DatedMilestone], lang: str, user_id: int, steps: dict[str, TimelineStep]
) -> Calendar:
    """Return an iCalendar with one all-day event per dated step, in one language.

    A step that spans weeks is one event over the whole period (not only its last day).
    A step with the employee's own date is placed on that date instead of the legal one.
    """
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
        noted = steps.get(item.id)
        if noted is not None and noted.own_date:
            first, last = noted.own_date, noted.own_date
        elif item.start_week != item.end_week:  # a step over a period: one event over it all
            first, last = item.starts_on, item.ends_on
        else:
            first, last = item.due_on, item.due_on
        event.add("dtstart", first)
        event.add("dtend", last + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        prepare = _("What you can prepare: %(text)s", text=milestone.prepare[lang])
        event.add("description", f"{milestone.what[lang]}\n\n{prepare}")
        cal.add_component(event)
    return cal
