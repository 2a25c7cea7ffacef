"""The conversation between an employee and their coach, and the coach's check-in planning."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import Field

from portal import clock
from portal.audit.services import logged_reads, record_access
from portal.auth.models import Role
from portal.bounds import bounded_int
from portal.coach.forms import NoteForm, RulerForm, SuggestionForm
from portal.coach.thread import thread_context
from portal.db import db
from portal.feedback.forms import FeedbackForm
from portal.feedback.models import Subject, give_feedback, own_feedback
from portal.forms import ActionForm, BaseForm
from portal.i18n import _, current_language
from portal.links import coach_change
from portal.links.models import CareLink, LinkStatus
from portal.messages import bp, services
from portal.messages.forms import (
    FORM_LABELS,
    TOPIC_LABELS,
    DoneCheckInForm,
    MessageForm,
    PlanCheckInForm,
)
from portal.messages.models import CheckIn, Message
from portal.messages.notify import notify_on_send
from portal.messages.services import Thread
from portal.messages.text import coach_content, message_html, normalise
from portal.security import roles

__all__ = ["bp"]

log = logging.getLogger(__name__)

Page = str | Response
#: Session key of the quarter in which the employee said "not now" to the coaching rating.
RATING_SKIPPED = "coaching_rating_skipped"

bp.add_app_template_filter(message_html, "message_html")


@bp.route("/")
@roles(Role.EMPLOYEE)
def index() -> Page:
    """Show the conversation with the current coach, and earlier coaches' conversations."""
    return render_employee_page()


@bp.route("/<int:link_id>", methods=["GET", "POST"])
@roles(Role.EMPLOYEE, Role.COACH)
def thread(link_id: int) -> Page:
    """Show one conversation (GET) or send a message in it (POST)."""
    found = reachable(link_id)
    form = MessageForm()
    if not form.is_submitted():
        return render_thread(found)
    if not found.is_open:
        flash(_("This conversation has ended. You can still read it."), "error")
        return redirect(thread_url(found))
    if not form.validate():
        return again(found, "message_form", form)
    conversation = services.conversation_of(found.link)
    body = normalise(form.body.data or "")
    if services.just_sent(conversation, current_user, body):
        flash(_("This message was already sent."), "info")
        return go_on(found, "message_form", thread_url(found, anchor="schrijven"))
    message = services.add_message(conversation, current_user, body)
    db.session.commit()  # the message is safe before any e-mail is tried
    try:
        if notify_on_send(message, found.other, found.link.id, clock.now()):
            db.session.commit()
    except OSError:
        db.session.rollback()
        log.warning("e-mail about message %s failed; `messages notify` retries", message.id)
    log.info("user %s sent message %s", current_user.id, message.id)
    flash(_("Your message is sent."), "success")
    return go_on(found, "message_form", thread_url(found, anchor="schrijven"))


@bp.route("/<int:link_id>/intrekken/<int:message_id>", methods=["POST"])
@roles(Role.EMPLOYEE, Role.COACH)
def retract(link_id: int, message_id: int) -> Page:
    """Take back an own message as long as it is unread; a draft typed meanwhile stays."""
    found = reachable(link_id)
    message = db.session.get(Message, message_id)
    if (
        message is None
        or found.conversation is None
        or message.conversation_id != found.conversation.id
        or message.sender_id != current_user.id
    ):
        abort(404)
    if ActionForm().validate_on_submit():
        if services.retract(message):
            db.session.commit()
            flash(_("Your message is taken back."), "success")
        else:
            flash(_("This message was read already, so it can no longer be taken back."), "error")
    return go_on(found, None, thread_url(found))


@bp.route("/<int:link_id>/bewaren", methods=["POST"])
@roles(Role.EMPLOYEE, Role.COACH)
def keep_typed(link_id: int) -> Page:
    """Show the page again with everything typed (Enter in a field); nothing is sent or saved."""
    found = reachable(link_id)
    flash(_("Nothing is sent or saved yet. Use the button under what you typed."), "info")
    return go_on(found, None, thread_url(found))


@bp.route("/<int:link_id>/checkin", methods=["POST"])
@roles(Role.COACH)
def plan_checkin(link_id: int) -> Page:
    """Plan the next check-in within the rhythm the employee chose."""
    found = reachable(link_id)
    form = PlanCheckInForm()
    if not form.validate():
        return again(found, "plan_form", form)
    day = form.planned_on.data
    assert day is not None  # InputRequired
    existing = found.conversation
    open_one, done = services.recent_checkins(existing.id) if existing else (None, [])
    weeks, way = services.checkin_preferences(found.link.employee_id)
    today = clock.today()
    last_done = done[0].planned_on if done else None
    problem = services.plan_problem(day, last_done, weeks, today)
    if problem is not None:
        form.planned_on.errors = [plan_message(problem, last_done, weeks, today)]
        return again(found, "plan_form", form)
    conversation = services.conversation_of(found.link)
    services.plan_checkin(conversation, open_one, day, way, form.topics.data or [])
    db.session.commit()
    flash(
        _("The check-in is planned. The employee sees the date on their messages page."), "success"
    )
    return go_on(found, "plan_form", thread_url(found, anchor="checkin"))


@bp.route("/<int:link_id>/checkin/<int:checkin_id>/klaar", methods=["POST"])
@roles(Role.COACH)
def complete_checkin(link_id: int, checkin_id: int) -> Page:
    """Mark the open check-in done, with a short note the employee can read."""
    found = reachable(link_id)
    checkin = db.session.get(CheckIn, checkin_id)
    if (
        checkin is None
        or found.conversation is None
        or checkin.conversation_id != found.conversation.id
        or checkin.done_at is not None
    ):
        abort(404)
    form = DoneCheckInForm()
    if not form.validate():
        return again(found, "done_form", form)
    services.complete_checkin(checkin, normalise(form.note.data or ""))
    db.session.commit()
    flash(_("The check-in is marked as done. You can plan the next one now."), "success")
    return go_on(found, "done_form", thread_url(found, anchor="checkin"))


@bp.route("/coaching-cijfer", methods=["POST"])
@roles(Role.EMPLOYEE)
def rate_coaching() -> Page:
    """Save the employee's rating of the coaching for this quarter (the pilot's measures)."""
    form = FeedbackForm()
    if not services.coach_links_of(current_user.id):
        return redirect(url_for("messages.index"))  # no coaching to rate: nothing stored
    if not form.validate_on_submit():
        return again(None, "rating_form", form)
    quarter = services.quarter_key(clock.today())
    give_feedback(current_user.id, Subject.COACHING, quarter, form.rating.data, form.recommend.data)
    db.session.commit()
    flash(_("Thank you. Only you see your answer; the organisation sees averages only."), "success")
    return go_on(None, "rating_form", url_for("messages.index"))


@bp.route("/coaching-cijfer/niet-nu", methods=["POST"])
@roles(Role.EMPLOYEE)
def skip_rating() -> Page:
    """Hide the coaching rating for the rest of this quarter in this session."""
    if ActionForm().validate_on_submit():
        session[RATING_SKIPPED] = services.quarter_key(clock.today())
    drafts = kept_drafts("rating_form")  # the rating is not wanted now: not shown again
    return render_employee_page(**drafts) if drafts else redirect(url_for("messages.index"))


# --- helpers ------------------------------------------------------------------------------


def reachable(link_id: int) -> Thread:
    """Return the thread the current user may reach now, else answer 404."""
    found = services.thread_for(current_user._get_current_object(), link_id)
    if found is None:
        abort(404)
    return found


def thread_url(found: Thread, anchor: str | None = None) -> str:
    """Return where the thread lives: the employee's messages page, or the coach's page."""
    if current_user.role is Role.EMPLOYEE and found.is_open:
        return url_for("messages.index", _anchor=anchor)
    return url_for("messages.thread", link_id=found.link.id, _anchor=anchor)


def plan_message(problem: str, last_done: Any, weeks: int, today: Any) -> str:
    """Explain why a check-in date cannot be chosen."""
    if problem == "past":
        return _("Choose today or a date after today.")
    latest = services.latest_allowed(last_done, weeks, today)
    return _(
        "The employee chose a check-in every %(weeks)d weeks. Choose a date until %(date)s.",
        weeks=weeks,
        date=format_date(latest, "long"),
    )


#: The forms of the conversation page, by their name in the template. The page is one form
#: (thread.html), so every button sends what was typed in all of them.
PAGE_FORMS: dict[str, type[BaseForm]] = {
    "message_form": MessageForm,
    "done_form": DoneCheckInForm,
    "plan_form": PlanCheckInForm,
    "note_form": NoteForm,
    "suggestion_form": SuggestionForm,
    "ruler_form": RulerForm,
    "rating_form": FeedbackForm,
}


def kept_drafts(handled: str | None) -> dict[str, Any]:
    """Return the page's other forms as they came along, those with anything typed in them.

    They are shown again as typed and unchecked: only the form of the button is checked.
    """
    drafts: dict[str, Any] = {}
    for name, form_class in PAGE_FORMS.items():
        if name == handled:
            continue
        form = form_class()
        if any(is_typed(field) for field in form if field.type not in UNTYPED_FIELDS):
            drafts[name] = form
    return drafts


#: Fields that come along with every button, so they say nothing about what was typed.
UNTYPED_FIELDS = ("CSRFTokenField", "HiddenField")


def is_typed(field: Field) -> bool:
    """Tell whether something was typed or chosen in a field."""
    return any(str(value).strip() for value in field.raw_data or [])


def again(found: Thread | None, handled: str, form: BaseForm) -> Page:
    """Show the page again with this form's errors and everything else typed on the page."""
    return rerender(found, **{**kept_drafts(handled), handled: form})


def go_on(found: Thread | None, handled: str | None, target: str) -> Page:
    """Go on after a button did its work: to target, or the page again when drafts came along.

    ``found`` None means the employee's own messages page.
    """
    drafts = kept_drafts(handled)
    return rerender(found, **drafts) if drafts else redirect(target)


def rerender(found: Thread | None, **forms: Any) -> Page:
    """Show the page the form came from again, with its errors and the typed text."""
    if found is None or (current_user.role is Role.EMPLOYEE and found.is_open):
        return render_employee_page(**forms)
    return render_thread(found, **forms)


def render_employee_page(**forms: Any) -> Page:
    """Render the employee's messages page: the current coach, or who to ask for one."""
    links = services.coach_links_of(current_user.id)
    current = next((pair for pair in links if pair[0].status is LinkStatus.ACTIVE), None)
    earlier = [pair for pair in links if pair[0].status is not LinkStatus.ACTIVE and pair[1]]
    if current is None:
        return render_template("messages/thread.html", thread=None, earlier=earlier)
    # The user itself, not the request proxy: the page reads the viewer once per message.
    found = Thread(current[0], current[1], current_user._get_current_object())
    return render_thread(found, earlier=earlier, change_notice=changed_coach(found), **forms)


#: How long the conversation page says that the coach changed.
CHANGE_NOTICE_FOR = dt.timedelta(days=60)


def changed_coach(found: Thread) -> dict[str, Any] | None:
    """Return {since, previous, domain} when this coach took over from another lately."""
    previous: CareLink | None = next(iter(coach_change.coach_history(current_user.id)), None)
    since = found.link.accepted_at or found.link.created_at
    if previous is None or previous.carer is None or clock.now() - since > CHANGE_NOTICE_FOR:
        return None
    return {
        "since": since,
        "previous": previous.carer.name,
        "domain": coach_change.staff_identifier(found.other),
    }


def render_thread(
    found: Thread, earlier: Any = None, change_notice: dict[str, Any] | None = None, **forms: Any
) -> str:
    """Render a conversation; opening it records the read (see the comment inside)."""
    conversation, me = found.conversation, found.viewer
    before = request.args.get("voor", type=bounded_int)
    messages: list[Message] = []
    has_older, new_ids = False, set()
    if conversation is not None:
        messages, has_older = services.window(conversation.id, me.id, before)
        new_ids = {
            m.id
            for m in messages
            if m.sender_id != me.id and m.read_at is None and m.retracted_at is None
        }
        # Opening a conversation is a recorded read, like the access log: it marks the other
        # person's messages read (the read receipt). This is the deliberate exception to
        # "GET changes nothing"; nothing the person wrote is changed.
        with logged_reads():
            if me.role is Role.COACH:
                record_access(
                    event="conversation.read",
                    employee_id=found.link.employee_id,
                    object_type="conversation",
                    object_id=conversation.id,
                )
            counted = me.id == found.link.employee_id or found.is_open  # see unread_count
            services.mark_read(conversation.id, me.id, clock.now(), counted)
    open_one, done = services.recent_checkins(conversation.id) if conversation else (None, [])
    weeks, way = services.checkin_preferences(found.link.employee_id)
    today = clock.today()
    context: dict[str, Any] = {
        "thread": found,
        "earlier": earlier or [],
        "coach_change": change_notice,
        "messages": messages,
        "has_older": has_older,
        "before": before,
        "new_ids": new_ids,
        "open_checkin": open_one,
        "done_checkins": done,
        "weeks": weeks,
        "way": way,
        "form_labels": FORM_LABELS,
        "topic_labels": TOPIC_LABELS,
        "message_form": forms.get("message_form") or MessageForm(formdata=None),
        "action_form": ActionForm(),
    }
    context.update(thread_context(found, forms))
    if me.role is Role.COACH:
        last_done = done[0].planned_on if done else None
        context.update(
            plan_form=forms.get("plan_form") or PlanCheckInForm(formdata=None),
            done_form=forms.get("done_form") or DoneCheckInForm(formdata=None),
            latest=services.latest_allowed(last_done, weeks, today),
            today=today,
            crisis=coach_content("crisis", current_language()),
        )
    else:
        context.update(
            away=services.away_notice(found.link.carer_id or 0, today) if found.is_open else None,
            rating_form=rating_form(found, forms.get("rating_form")),
        )
    return render_template("messages/thread.html", **context)


def rating_form(found: Thread, form: FeedbackForm | None) -> FeedbackForm | None:
    """Return the coaching-rating form when it is time to offer it, else None."""
    if form is not None:
        return form
    moment = clock.now()
    quarter = services.quarter_key(clock.local_date(moment))
    if (
        not found.is_open
        or session.get(RATING_SKIPPED) == quarter
        or not services.link_is_old_enough(found.link, moment)
        or own_feedback(current_user.id, Subject.COACHING, quarter) is not None
    ):
        return None
    return FeedbackForm(formdata=None)
