"""Account creation and password reset."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from sqlalchemy import select, update

from portal import mail
from portal.auth.models import (
    EmailChange,
    EmployeeProfile,
    PasswordResetToken,
    Role,
    User,
    normalise_email,
)
from portal.auth.passwords import hash_password
from portal.db import db, utcnow


class DuplicateEmail(ValueError):
    """An account with this e-mail address exists already."""


def create_user(email: str, name: str, password: str, role: Role, locale: str = "nl") -> User:
    """Add a new account (and an employee profile for employees); the caller commits."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise DuplicateEmail(email)
    user = User(
        email=email,
        name=name.strip(),
        role=role,
        locale=locale,
        password_hash=hash_password(password),
        is_active=True,
    )
    if role is Role.EMPLOYEE:
        user.profile = EmployeeProfile()
    db.session.add(user)
    db.session.flush()
    if role is Role.PROFESSIONAL:
        from portal.links.services import attach_invitations

        attach_invitations(user)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def send_reset_link(user: User, template: str = "password_reset") -> None:
    """Create a single-use reset token for user and e-mail the link; the caller commits."""
    token = secrets.token_urlsafe(32)
    setting = "INVITATION_TTL" if template == "account_created" else "PASSWORD_RESET_TTL"
    ttl = dt.timedelta(seconds=current_app.config[setting])
    db.session.add(
        PasswordResetToken(
            token_hash=_token_hash(token), user_id=user.id, expires_at=utcnow() + ttl
        )
    )
    link = mail.absolute_url("auth.reset_password", token=token)
    mail.send(
        template,
        user.email,
        user.locale,
        user_id=user.id,
        link=link,
        hours=int(ttl.total_seconds() // 3600),
    )


def usable_reset_token(token: str) -> PasswordResetToken | None:
    """Return the reset token if it exists, is unused and has not expired."""
    record = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _token_hash(token))
    )
    if record is None or record.used_at is not None or record.expires_at < utcnow():
        return None
    return record


def reset_password(record: PasswordResetToken, new_password: str) -> User:
    """Set a new password, spend every open reset token and end all sessions."""
    from portal.security import end_all_sessions

    user = db.session.get_one(User, record.user_id)
    user.password_hash = hash_password(new_password)
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    end_all_sessions(db.session, user.id)
    cancel_email_changes(user.id)
    return user


def cancel_email_changes(user_id: int) -> None:
    """Spend every open e-mail change of this account (after a password change)."""
    db.session.execute(
        update(EmailChange)
        .where(EmailChange.user_id == user_id, EmailChange.used_at.is_(None))
        .values(used_at=utcnow())
    )


def request_email_change(user: User, new_email: str) -> int:
    """Replace open requests, store a new one, mail the link and warn the old address.

    Return how many hours the link works. The caller has re-authenticated the user and
    commits.
    """
    cancel_email_changes(user.id)
    token = secrets.token_urlsafe(32)
    ttl = dt.timedelta(seconds=current_app.config["PASSWORD_RESET_TTL"])
    db.session.add(
        EmailChange(
            token_hash=_token_hash(token),
            user_id=user.id,
            new_email=normalise_email(new_email),
            expires_at=utcnow() + ttl,
        )
    )
    link = mail.absolute_url("account.confirm_email", token=token)
    hours = int(ttl.total_seconds() // 3600)
    mail.send(
        "email_change_confirm", new_email, user.locale, user_id=user.id, link=link, hours=hours
    )
    mail.send("email_change_notice", user.email, user.locale, user_id=user.id)
    return hours


def usable_email_change(token: str) -> EmailChange | None:
    """Return the open, unexpired e-mail change for this link, or None."""
    if len(token) > 100:
        return None
    record = db.session.scalar(
        select(EmailChange).where(EmailChange.token_hash == _token_hash(token))
    )
    if record is None or record.used_at is not None or record.expires_at < utcnow():
        return None
    return record
