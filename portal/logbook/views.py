"""The employee's logbook: today in three taps, earlier days, week, month, trends, export."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from portal import clock, i18n
from portal.auth.models import Role
from portal.bounds import bounded_date
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _, _l, number
from portal.logbook import bp, services
from portal.logbook import trends as trend_data
from portal.logbook.forms import DayForm, EntryForm, PeriodForm, initial
from portal.logbook.models import (
    LOAD_KINDS,
    LogEntry,
    entries_between,
    entry_on,
    marks_between,
)
from portal.logbook.views_buildup import CrashForm
from portal.security import get_owned_or_404, roles

log = logging.getLogger(__name__)

Page = str | Response

#: Message per problem code of services.day_problem.
DAY_PROBLEMS = {
    "future": _l("You cannot fill in a day in the future yet."),
    "too_old": _l("Choose a day from 1 January 1990 onwards."),
    "before_sick": _l("This day is more than two years before your first sick day."),
}


@bp.context_processor
def helpers() -> dict[str, Any]:
    """Number formatting for the logbook pages, in the user's language."""
    return {"number": number, "hours_text": hours_text}


def hours_text(entry: LogEntry) -> str:
    """Say how many hours were worked, "did not work", or nothing when not filled in."""
    if entry.is_not_worked:
        return _("Did not work")
    if entry.hours_worked is None:
        return ""
    return _("%(hours)s hours", hours=number(entry.hours_worked))


def parse_day(text: str) -> dt.date:
    """Read a yyyy-mm-dd date from the URL; anything else answers 404."""
    try:
        return bounded_date(text)
    except ValueError:
        abort(404)


def checked_day(day: dt.date) -> str | None:
    """Return the message why this day cannot be filled in, or None when it can."""
    profile = current_user.profile  # loaded with the session
    first_day = profile.sick_since if profile is not None else None
    problem = services.day_problem(day, clock.today(), first_day)
    return str(DAY_PROBLEMS[problem]) if problem else None


def entry_form_page(
    day: dt.date, template: str, context: Callable[[], dict[str, Any]] = dict
) -> Page:
    """Show and handle the entry form of one day (shared by today's page and the day page).

    ``context`` gives the page's other figures; it runs only when the page is shown.
    """
    problem = checked_day(day)
    if problem:
        flash(problem, "error")
        return redirect(url_for("logbook.index"))
    entry = entry_on(current_user.id, day)
    form = EntryForm() if request.method == "POST" else EntryForm(data=initial(entry))
    if form.validate_on_submit():
        entry = services.save_day(current_user.id, day, entry, form.apply_to)
        log.info("user %s saved logbook day %s", current_user.id, entry.id)
        flash(_("Saved. You can change it at any time."), "success")
        return redirect(request.path)
    return render_template(
        template, form=form, entry=entry, day=day, today=clock.today(), **context()
    )


@bp.route("/", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def index() -> Page:
    """Show today's quick entry with the shortcuts; save it."""
    return entry_form_page(clock.today(), "logbook/index.html", today_context)


def today_context() -> dict[str, Any]:
    """Return the other parts of today's page: the shortcuts that can work, the day picker."""
    today = clock.today()
    return {
        "day_form": DayForm(),
        # Offer a shortcut only when it can work: no dead end after a tap.
        "can_copy": entry_on(current_user.id, today - dt.timedelta(days=1)) is not None,
        "can_usual": services.current_baseline(current_user.id, today) is not None,
    }


@bp.route("/dag/<day>", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def day(day: str) -> Page:
    """Show one day: what was noted, the form to fill it in or change it."""
    date = parse_day(day)
    if date == clock.today() and request.method == "GET":
        return redirect(url_for("logbook.index"))
    return entry_form_page(
        date,
        "logbook/day.html",
        lambda: {
            "previous_day": date - dt.timedelta(days=1),
            "next_day": date + dt.timedelta(days=1),
        },
    )


@bp.route("/dag")
@roles(Role.EMPLOYEE)
def pick_day() -> Page:
    """Go to the day chosen in the small date form."""
    form = DayForm(formdata=request.args)
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("logbook.index"))
    problem = checked_day(form.dag.data)
    if problem:
        flash(problem, "error")
        return redirect(url_for("logbook.index"))
    return redirect(url_for("logbook.day", day=form.dag.data.isoformat()))


@bp.route("/dag/<day>/concept", methods=["POST"])
@roles(Role.EMPLOYEE)
def autosave(day: str) -> Response:
    """Save the form while it is being filled in (JavaScript); answer in JSON."""
    date = parse_day(day)
    problem = checked_day(date)
    if problem:
        return jsonify(saved=False, message=problem)
    form = EntryForm()
    if not form.validate_on_submit():
        first = next(iter(form.errors.values()), [""])
        return jsonify(saved=False, message=str(first[0]) if first else "")
    services.save_day(current_user.id, date, entry_on(current_user.id, date), form.apply_to)
    return jsonify(saved=True, message=_("Saved automatically."))


def posted_day_form() -> EntryForm | None:
    """Return the day form when a shortcut was tapped on today's page, or None (home page).

    The shortcut buttons belong to the day form, so what was typed but not saved comes along.
    """
    if not any(name in request.form for name in EntryForm.FIELD_NAMES):
        return None
    return EntryForm()


def run_shortcut(kind: str, fill: Callable[[int, dt.date], LogEntry | None], done: str) -> Page:
    """Fill in today with a shortcut without losing anything typed or saved.

    A saved day, or typed numbers the shortcut would replace, get a question page first
    (no JavaScript needed). Typed values the shortcut does not replace (own words) are saved
    with it; a mistake in them shows today's page again with everything typed.
    """
    today = clock.today()
    entry = entry_on(current_user.id, today)
    typed = posted_day_form()
    changed = typed.changed_from(entry) if typed is not None else set()
    replaces = services.SHORTCUT_REPLACES[kind]
    if request.form.get("bevestigd") != "ja" and (entry is not None or changed & replaces):
        return render_template(
            "logbook/confirm_shortcut.html",
            kind=kind,
            entry=entry,
            typed=typed if changed else None,
            form=ActionForm(),
        )
    if typed is not None and not typed.validate() and set(typed.errors) - replaces:
        return render_template(
            "logbook/index.html", form=typed, entry=entry, day=today, today=today, **today_context()
        )
    entry = fill(current_user.id, today)
    if entry is not None and typed is not None:
        typed.apply_to(entry, skip=replaces)
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("logbook.index"))


@bp.route("/zelfde-als-gisteren", methods=["POST"])
@roles(Role.EMPLOYEE)
def same_as_yesterday() -> Page:
    """Fill in today with yesterday's numbers in one tap."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("logbook.index"))
    if entry_on(current_user.id, clock.today() - dt.timedelta(days=1)) is None:
        flash(_("Yesterday is not filled in, so there is nothing to copy."), "info")
        return redirect(url_for("logbook.index"))
    done = _("Today is filled in like yesterday. You can change it below.")
    return run_shortcut("same", services.same_as_yesterday, done)


@bp.route("/stabiele-dag", methods=["POST"])
@roles(Role.EMPLOYEE)
def stable_day() -> Page:
    """Fill in today as a usual day (energy and hours at your own average) in one tap."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("logbook.index"))
    if services.current_baseline(current_user.id, clock.today()) is None:
        flash(_("After 7 days in your logbook this button knows your usual day."), "info")
        return redirect(url_for("logbook.index"))
    done = _("Today is filled in as a usual day. You can change it below.")
    return run_shortcut("usual", services.stable_day, done)


@bp.route("/regels/<int:entry_id>/verwijderen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def delete(entry_id: int) -> Page:
    """Ask to confirm, then remove one day's entry; another person's entry answers 404."""
    entry = get_owned_or_404(LogEntry, entry_id)
    form = ActionForm()
    if form.validate_on_submit():
        day = entry.day
        db.session.delete(entry)
        db.session.commit()
        log.info("user %s removed logbook entry %s", current_user.id, entry_id)
        flash(_("The entry of %(date)s is removed.", date=format_date(day, "long")), "success")
        return redirect(url_for("logbook.week", week=day.isoformat()))
    return render_template("logbook/delete.html", entry=entry, form=form)


def date_arg(name: str, default: dt.date) -> dt.date:
    """Read a yyyy-mm-dd (or yyyy-mm) date from the query string; fall back to default."""
    raw = request.args.get(name, "")
    try:
        value = dt.date.fromisoformat(raw if len(raw) != 7 else raw + "-01")
    except ValueError:
        return default
    return value if services.EARLIEST_DAY <= value <= dt.date(2100, 1, 1) else default


@bp.route("/week")
@roles(Role.EMPLOYEE)
def week() -> str:
    """Show one week, Monday to Sunday; days not filled in say so."""
    now = clock.today()
    monday = services.monday_of(date_arg("week", now))
    sunday = monday + dt.timedelta(days=6)
    entries = {e.day: e for e in entries_between(current_user.id, monday, sunday)}
    return render_template(
        "logbook/week.html",
        monday=monday,
        days=services.days(monday, sunday),
        entries=entries,
        today=now,
        summary=services.weekly(list(entries.values()), monday, sunday)[0],
        previous=monday - dt.timedelta(days=7),
        following=monday + dt.timedelta(days=7) if sunday < now else None,
    )


@bp.route("/maand")
@roles(Role.EMPLOYEE)
def month() -> str:
    """Show a month as a calendar; days not filled in say so, in words."""
    now = clock.today()
    first = date_arg("maand", now).replace(day=1)
    last = services.month_end(first)
    entries = {e.day: e for e in entries_between(current_user.id, first, last)}
    return render_template(
        "logbook/month.html",
        first=first,
        grid=services.month_grid(first),
        weekdays=services.days(dt.date(2024, 1, 1), dt.date(2024, 1, 7)),  # a Monday to Sunday
        entries=entries,
        today=now,
        previous=(first - dt.timedelta(days=1)).replace(day=1),
        following=last + dt.timedelta(days=1) if last < now else None,
    )


def period_form() -> PeriodForm:
    """Read the period from the query string; from/to alone mean "choose dates"."""
    args = MultiDict(request.args)
    if "periode" not in args and ("van" in args or "tot" in args):
        args["periode"] = "eigen"
    return PeriodForm(formdata=args if args else None)


@bp.route("/trends")
@roles(Role.EMPLOYEE)
def trends() -> str:
    """Show energy, hours and complaints over a period as charts with tables."""
    now = clock.today()
    form = period_form()
    period = form.period(now) or (now - dt.timedelta(days=27), now)
    start, end = period
    history = trend_data.history(current_user.id, start, end, now)
    marks = marks_between(current_user.id, start - dt.timedelta(days=7), end)
    data = trend_data.build(
        history,
        start,
        end,
        now,
        lambda d: i18n.format_date(d, "d MMM"),
        crash_days=frozenset(m.day for m in marks),
    )
    return render_template(
        "logbook/trends.html",
        form=form,
        trends=data,
        crash_form=CrashForm(formdata=None),
        setback_lines=trend_data.setback_lines(data.pacing.crashes),
        crash_marks=[m for m in marks if start <= m.day <= end],
        load_labels=LOAD_KINDS,
    )


@bp.route("/export")
@roles(Role.EMPLOYEE)
def export() -> Page:
    """Download the logbook of a period as a CSV file; without a period, show the form."""
    form = period_form()
    asked = any(name in request.args for name in ("periode", "van", "tot"))
    period = form.period(clock.today()) if asked else None
    if period is None:
        return render_template("logbook/export.html", form=form)
    start, end = period
    body = services.export_csv(
        entries_between(current_user.id, start, end), csv_headers(), _("yes")
    )
    log.info("user %s exported their logbook", current_user.id)
    stem = _("logbook")  # file names in the reader's language too
    name = f"{stem}-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def csv_headers() -> list[str]:
    """Return the column names of the export, in the user's language."""
    return [
        _("Date"),
        _("Energy (0-10)"),
        _("Hours worked"),
        _("Did not work"),
        _("Hours planned"),
        _("Complaints (0-10)"),
        _("Sleep (1-5)"),
        _("Filled in later"),
        _("At work"),
        _("At home"),
        _("What helped"),
        _("What made it harder"),
        _("Note"),
        _("Note may be shared"),
    ]
