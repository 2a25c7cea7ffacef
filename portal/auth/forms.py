"""Forms for logging in, registering and resetting a password."""

from __future__ import annotations

from typing import Any

from wtforms import EmailField, PasswordField, StringField, ValidationError
from wtforms.validators import Email, EqualTo, InputRequired, Length

from portal.auth.passwords import MAX_LENGTH, MIN_LENGTH, is_common
from portal.forms import BaseForm, MaxLength, NoControlCharacters, NoInvisibleCharacters
from portal.i18n import _l

EMAIL_MAX = 254


def email_field(label: Any = None) -> EmailField:
    """Return the e-mail field used on every form, with one set of messages."""
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            InputRequired(message=_l("Fill in your e-mail address.")),
            MaxLength(EMAIL_MAX),
            NoInvisibleCharacters(),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def name_field(
    label: Any = None,
    message: Any = None,
    description: Any = "",
    render_kw: dict[str, Any] | None = None,
) -> StringField:
    """Return the name field used on every form: required, one line, 100 characters."""
    return StringField(
        label or _l("Your name"),
        validators=[
            InputRequired(message=message or _l("Fill in your name.")),
            MaxLength(100),
            NoControlCharacters(),
            NoInvisibleCharacters(),
        ],
        description=description,
        render_kw=render_kw,
    )


class NewPassword:
    """Password policy: 12 to 128 characters, not on the list of common passwords."""

    def __call__(self, _form: BaseForm, field: PasswordField) -> None:
        value = field.data or ""
        if len(value) < MIN_LENGTH:
            raise ValidationError(_l("Use at least %(min)d characters.", min=MIN_LENGTH))
        if len(value) > MAX_LENGTH:
            raise ValidationError(_l("Use at most %(max)d characters.", max=MAX_LENGTH))
        if is_common(value):
            raise ValidationError(
                _l("This password is used by many people. Choose one that is harder to guess.")
            )


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    """Return the password and confirmation fields for choosing a new password."""
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Choose a password.")), NewPassword()],
        description=_l(
            "At least 12 characters. A sentence of a few words is easy to remember and strong."
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[
            InputRequired(message=_l("Type the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class LoginForm(BaseForm):
    """E-mail and password."""

    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(message=_l("Fill in your password.")),
            # Over-long input is refused before it is hashed.
            Length(max=MAX_LENGTH, message=_l("E-mail address or password is not correct.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class RegisterForm(BaseForm):
    """Sign-up for employees."""

    name = name_field(
        description=_l("Your first name is enough. Your coach and bedrijfsarts see this name."),
        render_kw={"autocomplete": "name"},
    )
    email = email_field()
    password, confirm = new_password_fields()


class ForgotPasswordForm(BaseForm):
    """Ask for a reset link."""

    email = email_field()


class ResetPasswordForm(BaseForm):
    """Choose a new password from a reset link."""

    password, confirm = new_password_fields()


class CodeForm(BaseForm):
    """The 6-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[InputRequired(message=_l("Fill in the code.")), MaxLength(20)],
        description=_l("The 6 digits in your authenticator app, or one of your recovery codes."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"},
    )
