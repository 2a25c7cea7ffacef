"""The user's own account: display options, language, links, password."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import clock
from portal.account import bp, rights
from portal.account.forms import (
    ChangePasswordForm,
    ConfirmCodeForm,
    DeleteAccountForm,
    DisplayForm,
    InviteProfessionalForm,
    PeriodForm,
    ReauthForm,
    ReauthOptionalCodeForm,
)
from portal.audit.labels import EVENT_LABELS, ROLE_LABELS
from portal.audit.services import count_for, events_for
from portal.auth import throttle, twofactor
from portal.auth.models import Role, Theme, User
from portal.auth.passwords import hash_password, verify_password
from portal.auth.services import cancel_email_changes
from portal.codeshare.models import names_by_id
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _
from portal.links import coach_change
from portal.links import services as links
from portal.links.models import CareLink, LinkStatus
from portal.security import (
    authenticated,
    end_all_sessions,
    end_session,
    get_owned_or_404,
    roles,
    sessions_of,
    start_session,
)

log = logging.getLogger(__name__)

Page = str | Response
ONE_DAY = dt.timedelta(days=1)
LOCAL = clock.AMSTERDAM


def local_midnight(day: dt.date) -> dt.datetime:
    """Return the start of a day in Dutch time, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LOCAL)


LINK_ERRORS = {
    "self": lambda: _("You cannot link your own e-mail address."),
    "duplicate": lambda: _("You have already invited this address."),
}


@bp.route("/", methods=["GET", "POST"])
@authenticated
def index() -> Page:
    """Show and change name, language and display options."""
    form = DisplayForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = (form.name.data or "").strip()
        current_user.locale = form.locale.data
        current_user.is_text_large = bool(form.is_text_large.data)
        current_user.theme = Theme(form.theme.data)
        session["lang"] = current_user.locale
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("account.index"))
    if not form.is_submitted():
        form.locale.data = current_user.locale
        form.theme.data = current_user.theme.value
    return render_template("account/index.html", form=form)


@bp.route("/koppelingen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def links_page() -> Page:
    """List the employee's coach and professionals; invite a bedrijfsarts by e-mail."""
    form = InviteProfessionalForm()
    if form.validate_on_submit():
        try:
            links.invite_professional(current_user, form.email.data or "")
        except links.LinkError as error:
            form.email.errors = [LINK_ERRORS[str(error)]()]
        else:
            db.session.commit()
            flash(
                _("The invitation is sent. The link works once the professional accepts it."),
                "success",
            )
            return redirect(url_for("account.links_page"))
    return render_template(
        "account/links.html",
        form=form,
        links=links.open_links(current_user.id),
        history=coach_change.coach_history(current_user.id),
    )


@bp.route("/koppelingen/<int:link_id>/beeindigen", methods=["POST"])
@roles(Role.EMPLOYEE)
def end_link(link_id: int) -> Response:
    """End a link with a coach or professional; their access stops at once."""
    link = get_owned_or_404(CareLink, link_id, owner_attr="employee_id")
    if link.status is LinkStatus.ENDED:
        abort(404)
    if ActionForm().validate_on_submit():
        links.end_link(link)
        db.session.commit()
        flash(_("The link has ended. This person can no longer see anything of yours."), "success")
    return redirect(url_for("account.links_page"))


@bp.route("/toegang")
@roles(Role.EMPLOYEE)
def access_log() -> str:
    """Show who opened the employee's data ("Wie heeft mijn gegevens bekeken"), by period."""
    form = PeriodForm(request.args)
    today = clock.today()
    start, end = today - dt.timedelta(days=90), today
    if form.validate():
        start, end = form.start.data or start, form.end.data or end
    rows = events_for(current_user.id, local_midnight(start), local_midnight(end + ONE_DAY))
    return render_template(
        "account/access_log.html",
        form=form,
        rows=rows,
        start=start,
        end=end,
        total=count_for(current_user.id),
        event_labels=EVENT_LABELS,
        role_labels=ROLE_LABELS,
        code_names=names_by_id(current_user.id),
    )


@bp.route("/sessies")
@authenticated
def sessions() -> str:
    """List the devices where this account is logged in."""
    return render_template(
        "account/sessions.html",
        sessions=sessions_of(current_user.id),
        current_id=g.get("user_session_id"),
    )


@bp.route("/sessies/anderen-beeindigen", methods=["POST"])
@authenticated
def end_other_sessions() -> Response:
    """Log out everywhere else; this session goes on."""
    if ActionForm().validate_on_submit():
        ended = end_all_sessions(db.session, current_user.id, keep=g.get("user_session_id"))
        db.session.commit()
        log.info("user %s ended %s other session(s)", current_user.id, ended)
        flash(_("You are logged out on every other device."), "success")
    return redirect(url_for("account.sessions"))


@bp.route("/tweestaps", methods=["GET", "POST"])
@authenticated
def two_factor() -> Page:
    """Set up, check and change two-step login (required for staff)."""
    user = current_user._get_current_object()
    state = twofactor.of(user.id)
    if state is None or state.confirmed_at is None:
        return two_factor_setup(user, state)
    form = ReauthForm()
    action = request.form.get("action")
    if form.validate_on_submit() and action in {"codes", "off"}:
        if not reauthenticated(form, code_required=True):
            form.code.errors = [refusal()]
            db.session.commit()
        elif action == "codes":
            codes = twofactor.new_recovery_codes(user.id)
            db.session.commit()
            return render_template("account/recovery_codes.html", codes=codes)
        elif not twofactor.required(user):
            twofactor.reset(user.id)
            db.session.commit()
            flash(_("Two-step login is switched off."), "success")
            return redirect(url_for("account.two_factor"))
    return render_template(
        "account/two_factor.html",
        form=form,
        required=twofactor.required(user),
        codes_left=twofactor.unused_recovery_codes(user.id),
    )


def two_factor_setup(user: User, state: twofactor.TwoFactor | None) -> Page:
    """Show the QR code of a new secret and switch two-step login on with a first code."""
    form = ConfirmCodeForm()
    if request.method == "POST" and request.form.get("action") == "begin":
        if ActionForm().validate_on_submit():
            twofactor.begin_setup(user)
            db.session.commit()
        return redirect(url_for("account.two_factor"))
    if state is not None and form.validate_on_submit():
        codes = twofactor.confirm(state, form.code.data or "")
        if codes is not None:
            end_all_sessions(db.session, user.id)
            cancel_email_changes(user.id)
            start_session(user)
            db.session.commit()
            return render_template("account/recovery_codes.html", codes=codes, first=True)
        form.code.errors = [
            _("This code is not correct. Check the time on your phone and try the new code.")
        ]
    secret = state.secret if state is not None else None
    return render_template(
        "account/two_factor_setup.html",
        form=form,
        secret=secret,
        qr=twofactor.qr_code(user, secret) if secret else None,
        required=twofactor.required(user),
    )


@bp.route("/mijn-gegevens")
@roles(Role.EMPLOYEE)
def my_data() -> str:
    """Explain the employee's rights: download everything, or delete the account."""
    return render_template(
        "account/my_data.html",
        export_form=ReauthOptionalCodeForm(prefix="export"),
        delete_form=DeleteAccountForm(prefix="delete"),
        uses_two_step=twofactor.is_enabled(current_user.id),
    )


def reauthenticated(form: Any, code_required: bool = False) -> bool:
    """Check the password again, and a code when two-step login is on, through the throttle.

    A locked account (or an address with too many failed checks) is refused even with the
    right password, so a stolen session cannot guess its way to an export or a deletion.
    The caller commits: a failure is counted, a used code stays used.
    """
    user = current_user._get_current_object()
    if not throttle.may_try(user):
        return False
    passed = verify_password(user.password_hash, form.password.data or "")
    state = twofactor.of(user.id)
    if passed and (code_required or (state is not None and state.confirmed_at is not None)):
        passed = state is not None and twofactor.check_code(state, form.code.data or "")
    return throttle.check(user, passed)


def refusal() -> str:
    """Return why a re-authentication failed: wrong, or too many wrong attempts."""
    if not throttle.may_try(current_user._get_current_object()):
        return _("Too many wrong attempts. Wait a few minutes and try again.")
    return _("The password or the code is not correct.")


@bp.route("/mijn-gegevens/download", methods=["POST"])
@roles(Role.EMPLOYEE)
def export_data() -> Page:
    """Send a ZIP with everything the employee owns, after re-authentication."""
    form = ReauthOptionalCodeForm(prefix="export")
    if form.validate_on_submit() and reauthenticated(form):
        body = rights.export_zip(current_user._get_current_object())
        db.session.commit()  # a used two-step code stays used
        name = f"eigen-regie-{clock.today().isoformat()}.zip"
        return Response(
            body,
            mimetype="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    db.session.commit()
    if form.is_submitted() and not form.errors:
        form.password.errors = [refusal()]
    return render_template(
        "account/my_data.html",
        export_form=form,
        delete_form=DeleteAccountForm(prefix="delete"),
        uses_two_step=twofactor.is_enabled(current_user.id),
    )


@bp.route("/mijn-gegevens/verwijderen", methods=["POST"])
@roles(Role.EMPLOYEE)
def delete_account() -> Page:
    """Delete the account and everything in it, after re-authentication and a clear yes."""
    form = DeleteAccountForm(prefix="delete")
    if form.validate_on_submit() and reauthenticated(form):
        user_id = current_user.id
        end_session()
        rights.delete_account(user_id)
        flash(
            _("Your account and everything you wrote are deleted. Take good care of yourself."),
            "success",
        )
        return redirect(url_for("home.index"))
    db.session.commit()
    if form.is_submitted() and not form.errors:
        form.password.errors = [refusal()]
    return render_template(
        "account/my_data.html",
        export_form=ReauthOptionalCodeForm(prefix="export"),
        delete_form=form,
        uses_two_step=twofactor.is_enabled(current_user.id),
    )


@bp.route("/wachtwoord", methods=["GET", "POST"])
@authenticated
def change_password() -> Page:
    """Change the password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not throttle.may_try(user):
            form.current.errors = [refusal()]
        elif not throttle.check(user, verify_password(user.password_hash, form.current.data or "")):
            db.session.commit()
            form.current.errors = [
                refusal() if not throttle.may_try(user) else _("This is not your current password.")
            ]
        else:
            user.password_hash = hash_password(form.password.data or "")
            end_all_sessions(db.session, user.id)
            cancel_email_changes(user.id)
            start_session(user)
            db.session.commit()
            log.info("user %s changed their password", user.id)
            flash(_("Your password is changed. Other devices are logged out."), "success")
            return redirect(url_for("account.index"))
    return render_template("account/password.html", form=form)
