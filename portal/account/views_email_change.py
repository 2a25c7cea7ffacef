"""Changing the e-mail address: re-authenticate, then confirm from the new inbox.

The old address is told, without details, so a stolen session cannot quietly move the
account away. Confirming ends every session: the next login uses the new address.
"""

from __future__ import annotations

import logging

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user

from portal.account import bp
from portal.account.forms import ChangeEmailForm
from portal.account.views import Page, reauthenticated, refusal
from portal.auth import twofactor
from portal.auth.models import User, normalise_email, user_by_email
from portal.auth.services import request_email_change, usable_email_change
from portal.db import db, utcnow
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import authenticated, end_all_sessions, public

log = logging.getLogger(__name__)


@bp.route("/e-mailadres", methods=["GET", "POST"])
@authenticated
def change_email() -> Page:
    """Ask for a new e-mail address, with the password (and code) again."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        if normalise_email(form.email.data or "") == current_user.email:
            form.email.errors = [_("This is already your e-mail address.")]
        elif reauthenticated(form):
            user = current_user._get_current_object()
            hours = request_email_change(user, form.email.data or "")
            db.session.commit()
            log.info("user %s asked to change their e-mail address", user.id)
            flash(
                _(
                    "We sent a link to your new address. It works for %(hours)d hour(s).",
                    hours=hours,
                ),
                "success",
            )
            return redirect(url_for("account.index"))
        else:
            form.password.errors = [refusal()]
    db.session.commit()  # a used two-step code stays used
    return render_template(
        "account/email.html", form=form, uses_two_step=twofactor.is_enabled(current_user.id)
    )


@bp.route("/e-mailadres/bevestigen/<token>", methods=["GET", "POST"])
@public
def confirm_email(token: str) -> Page:
    """Show the confirm button (GET); move the account to the new address (POST)."""
    record = usable_email_change(token)
    if record is None:
        return render_template("account/email_invalid.html"), 400  # type: ignore[return-value]
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("account/email_confirm.html", form=form, email=record.new_email)
    record.used_at = utcnow()
    if user_by_email(record.new_email) is not None:
        db.session.commit()
        flash(_("This address already belongs to an account. Nothing was changed."), "error")
        return redirect(url_for("auth.login"))
    user = db.session.get_one(User, record.user_id)
    user.email = record.new_email
    end_all_sessions(db.session, user.id)
    db.session.commit()
    g.pop("_login_user", None)
    log.info("user %s changed their e-mail address", user.id)
    flash(_("Your e-mail address is changed. Log in with your new address."), "success")
    return redirect(url_for("auth.login"))
