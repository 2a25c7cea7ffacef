"""Log in, log out, register, forgotten password."""

from __future__ import annotations

import logging
from time import monotonic, sleep

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth import bp, pending, services, throttle, twofactor
from portal.auth.forms import (
    CodeForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from portal.auth.models import Role, User, user_by_email
from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.auth.services import DuplicateEmail, create_user
from portal.db import db, utcnow
from portal.forms import ActionForm
from portal.i18n import _, current_language
from portal.ratelimit import LOGIN_LIMIT, SEND_LIMIT, limiter
from portal.security import authenticated, end_session, public, safe_next, start_session

log = logging.getLogger(__name__)

Page = str | Response


@bp.route("/inloggen", methods=["GET", "POST"])
@public
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login() -> Page:
    """Show the login form and log a user in."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = user_by_email(form.email.data or "")
        now = utcnow()
        usable = user is not None and user.is_active and throttle.may_try(user, now)
        # Unknown, inactive, locked and wrong all look the same and cost the same time.
        ok = verify_password(
            user.password_hash if usable and user else None, form.password.data or ""
        )
        if ok and user is not None:
            throttle.reset(user)
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data or "")
            target = safe_next(request.args.get("next"))
            if twofactor.is_enabled(user.id):
                ask_second_step(user, target)
                db.session.commit()
                return redirect(url_for("auth.second_step"))
            start_session(user)
            db.session.commit()
            log.info("user %s logged in", user.id)
            return redirect(target or url_for("home.index"))
        if usable and user is not None:
            throttle.register_failure(user, now)
            db.session.commit()
        else:
            throttle.ip_register_failure()
        failed = True
        log.info("failed login")
    reason = request.args.get("reason")
    return render_template("auth/login.html", form=form, failed=failed, expired=reason == "expired")


def ask_second_step(user: User, target: str | None) -> None:
    """Remember, server-side, who passed the password step (the cookie holds a token)."""
    pending.begin(user, target)


@bp.route("/inloggen/code", methods=["GET", "POST"])
@public
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def second_step() -> Page:
    """Ask for the authenticator code (or a recovery code) after the password."""
    found = pending.current()
    now = utcnow()
    if found is None:
        flash(_("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    waiting, user = found
    form = CodeForm()
    if form.validate_on_submit():
        state = twofactor.of(user.id)
        code = form.code.data or ""
        usable = state is not None and throttle.may_try(user, now)
        if (
            usable
            and state
            and (twofactor.check_code(state, code) or twofactor.use_recovery_code(user.id, code))
        ):
            target = waiting.next_url or None
            pending.finish(waiting)
            throttle.reset(user)
            start_session(user)  # a new session id after the second step too
            db.session.commit()
            log.info("user %s logged in with two steps", user.id)
            return redirect(safe_next(target) or url_for("home.index"))
        if usable:
            throttle.register_failure(user, now)
            db.session.commit()
        else:
            throttle.ip_register_failure()
        form.code.errors = [_("This code is not correct, or was used already.")]
    return render_template("auth/second_step.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
@authenticated
def logout() -> Response:
    """End the session (POST with a CSRF token, so no other site can log you out)."""
    form = ActionForm()
    if form.validate_on_submit():
        user_id = current_user.id
        end_session()
        db.session.commit()
        log.info("user %s logged out", user_id)
        flash(_("You are logged out. Take good care of yourself."), "success")
        return redirect(url_for("auth.login"))
    return redirect(url_for("home.index"))


@bp.route("/registreren", methods=["GET", "POST"])
@public
@limiter.limit(SEND_LIMIT, methods=["POST"])
def register() -> Page:
    """Let an employee create an account and log them in."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data or "",
                form.name.data or "",
                form.password.data or "",
                Role.EMPLOYEE,
                locale=current_language(),
            )
        except DuplicateEmail:
            form.email.errors = [
                _(
                    "There is already an account with this e-mail address. "
                    "Log in, or ask for a new password."
                )
            ]
        else:
            start_session(user)
            db.session.commit()
            log.info("user %s registered", user.id)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@public
@limiter.limit(SEND_LIMIT, methods=["POST"])
def forgot_password() -> Page:
    """Send a reset link; the answer is the same whether the account exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = monotonic()
        user = user_by_email(form.email.data or "")
        if user is not None and user.is_active:
            services.send_reset_link(user)  # queued; `flask mail send` sends it
            db.session.commit()
        answer_after(started, current_app.config["RESET_ANSWER_SECONDS"])
        return render_template("auth/forgot_sent.html")
    return render_template("auth/forgot.html", form=form)


def answer_after(started: float, seconds: float) -> None:
    """Hold the answer until a fixed time has passed since started.

    A known address costs a token, a queued e-mail and a commit; an unknown one nothing.
    Answering both after the same fixed time keeps the difference from showing.
    """
    left = seconds - (monotonic() - started)
    if left > 0:
        sleep(left)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@public
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reset_password(token: str) -> Page:
    """Choose a new password with a valid, unused reset link."""
    record = services.usable_reset_token(token) if len(token) < 100 else None
    if record is None:
        return render_template("auth/reset_invalid.html"), 400  # type: ignore[return-value]
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user = services.reset_password(record, form.password.data or "")
        db.session.commit()
        g.pop("_login_user", None)
        log.info("user %s reset their password", user.id)
        flash(_("Your new password is set. You can log in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)
