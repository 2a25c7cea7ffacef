"""Technical administration: accounts and links. Never an employee's content."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from portal import mail
from portal.admin import bp
from portal.admin.forms import AssignCoachForm, CreateAccountForm, SearchForm
from portal.auth import services as accounts
from portal.auth import twofactor
from portal.auth.models import Role, User, count_users_by_role, user_by_email
from portal.bounds import bounded_int
from portal.db import db, utcnow
from portal.forms import ActionForm, options
from portal.i18n import _
from portal.links import coach_change
from portal.links import services as links
from portal.links.models import CareLink, LinkKind, LinkStatus
from portal.security import end_all_sessions, roles

log = logging.getLogger(__name__)

PAGE_SIZE = 50
Page = str | Response


@bp.route("/")
@roles(Role.ADMIN)
def index() -> str:
    """Show account counts and a searchable, paged list of accounts."""
    search = SearchForm(request.args)
    page = max(request.args.get("pagina", 1, type=bounded_int) or 1, 1)
    query = select(User).order_by(User.role, User.name)
    if search.validate() and search.q.data:
        term = f"%{search.q.data.strip().lower()}%"
        query = query.where(or_(User.email.like(term), func.lower(User.name).like(term)))
    accounts_page = db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE))
    rows = list(accounts_page)
    return render_template(
        "admin/index.html",
        counts=count_users_by_role(),
        accounts=rows[:PAGE_SIZE],
        has_next=len(rows) > PAGE_SIZE,
        page=page,
        search=search,
        retention=dt.timedelta(days=current_app.config["RETENTION_DAYS"]),
    )


@bp.route("/accounts/nieuw", methods=["GET", "POST"])
@roles(Role.ADMIN)
def create_account() -> Page:
    """Create a staff account; the new user sets a password through an e-mailed link."""
    form = CreateAccountForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.email.data or "",
                form.name.data or "",
                secrets.token_urlsafe(32),
                Role(form.role.data),
            )
        except accounts.DuplicateEmail:
            form.email.errors = [_("There is already an account with this e-mail address.")]
        else:
            accounts.send_reset_link(user, template="account_created")
            db.session.commit()
            log.info("admin %s created user %s (%s)", current_user.id, user.id, user.role)
            flash(_("The account is created. We e-mailed a link to set a password."), "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/create_account.html", form=form)


@bp.route("/accounts/<int:user_id>/<any(blokkeren, activeren):action>", methods=["POST"])
@roles(Role.ADMIN)
def set_active(user_id: int, action: str) -> Response:
    """Disable or re-enable an account; disabling ends its sessions at once."""
    user = db.session.get(User, user_id)
    if user is None or user.id == current_user.id:
        abort(404)
    if ActionForm().validate_on_submit():
        user.is_active = action == "activeren"
        user.deactivated_at = None if user.is_active else utcnow()
        if not user.is_active:
            end_all_sessions(db.session, user.id)
        db.session.commit()
        log.info("admin %s set user %s active=%s", current_user.id, user.id, user.is_active)
        flash(_("The account is updated."), "success")
    return redirect(url_for("admin.index"))


@bp.route("/accounts/<int:user_id>/tweestaps-resetten", methods=["POST"])
@roles(Role.ADMIN)
def reset_two_factor(user_id: int) -> Response:
    """Reset a user's two-step login (lost phone); their sessions end and they are told."""
    user = db.session.get(User, user_id)
    if user is None or user.id == current_user.id:
        abort(404)
    if ActionForm().validate_on_submit():
        twofactor.reset(user.id)
        end_all_sessions(db.session, user.id)
        mail.send(
            "two_factor_reset",
            user.email,
            user.locale,
            user_id=user.id,
            link=mail.absolute_url("auth.login"),
        )
        db.session.commit()
        log.info("admin %s reset two-step login of user %s", current_user.id, user.id)
        flash(_("Two-step login is reset. The user sets it up again at the next login."), "success")
    return redirect(url_for("admin.index"))


@bp.route("/koppelingen", methods=["GET", "POST"])
@roles(Role.ADMIN)
def coach_links() -> Page:
    """Assign coaches to employees and list the current assignments."""
    coaches = db.session.scalars(
        select(User).where(User.role == Role.COACH, User.is_active.is_(True)).order_by(User.name)
    ).all()
    form = AssignCoachForm()
    form.coach_id.choices = options(
        (coach.id, f"{coach.name} <{coach.email}>") for coach in coaches
    )
    if form.validate_on_submit():
        employee = user_by_email(form.employee_email.data or "")
        coach = db.session.get(User, form.coach_id.data)
        if employee is None or employee.role is not Role.EMPLOYEE:
            form.employee_email.errors = [_("No employee account has this e-mail address.")]
        elif coach is None:
            form.coach_id.errors = [_("Choose a coach.")]
        else:
            before = {link.id for link in links.open_links(employee.id, LinkKind.COACH)}
            link = links.assign_coach(employee, coach)
            if link.id is None or link.id not in before:
                coach_change.tell_employee(employee, link, current_user._get_current_object())
            db.session.commit()
            flash(_("The coach is assigned."), "success")
            return redirect(url_for("admin.coach_links"))
    return render_template(
        "admin/links.html",
        form=form,
        assignments=links.coach_assignments(),
    )


@bp.route("/koppelingen/<int:link_id>/beeindigen", methods=["POST"])
@roles(Role.ADMIN)
def end_coach_link(link_id: int) -> Response:
    """Unassign a coach; the coach's access ends on their next request."""
    link = db.session.get(CareLink, link_id)
    if link is None or link.kind is not LinkKind.COACH or link.status is LinkStatus.ENDED:
        abort(404)
    if ActionForm().validate_on_submit():
        links.end_link(link)
        db.session.commit()
        flash(_("The coach is no longer assigned."), "success")
    return redirect(url_for("admin.coach_links"))
