"""Forms for the account pages."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    Field,
    PasswordField,
    RadioField,
    StringField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, Optional

from portal.auth.forms import email_field, name_field, new_password_fields
from portal.auth.models import Theme
from portal.auth.passwords import MAX_LENGTH
from portal.bounds import date_in_range
from portal.forms import (
    INVALID_CHOICE,
    BaseForm,
    MaxLength,
    options,
)
from portal.i18n import _l


class DisplayForm(BaseForm):
    """Language and display options."""

    name = name_field()
    locale = RadioField(
        _l("Language"),
        choices=options([("nl", "Nederlands"), ("en", "English")]),
        validators=[InputRequired(message=_l("Choose a language."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    is_text_large = BooleanField(_l("Larger text"))
    theme = RadioField(
        _l("Colours"),
        choices=options(
            [
                (Theme.AUTO.value, _l("Follow my device")),
                (Theme.CALM.value, _l("Calm: fewer colours and lines")),
                (Theme.DARK.value, _l("Dark background")),
            ]
        ),
        validators=[InputRequired(message=_l("Choose how the colours look."))],
        invalid_choice_message=INVALID_CHOICE,
    )


class InviteProfessionalForm(BaseForm):
    """Link a bedrijfsarts or other arbo professional by e-mail address."""

    email = email_field()


class ChangePasswordForm(BaseForm):
    """Change the password after typing the current one again."""

    current = PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(message=_l("Fill in your current password.")),
            Length(max=MAX_LENGTH, message=_l("This is not your current password.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields()


class PeriodForm(BaseForm):
    """Choose a period (GET, no CSRF needed); empty means the last 90 days."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("Up to and including"), validators=[Optional()])

    def validate_start(self, field: Field) -> None:
        """Refuse a date the portal cannot deal with (for example year 1 or 9999)."""
        if not date_in_range(field.data):
            raise ValidationError(_l("Choose a date between 1900 and 2199."))

    def validate_end(self, field: Field) -> None:
        """Refuse a period that ends before it starts, or a date out of range."""
        if not date_in_range(field.data):
            raise ValidationError(_l("Choose a date between 1900 and 2199."))
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date is before the start date."))


def app_code_field(label: Any = None, required: bool = True) -> StringField:
    """Return the field for a code from the authenticator app."""
    validators: list[Any] = [MaxLength(20)]
    validators.insert(0, InputRequired(message=_l("Fill in the code.")) if required else Optional())
    return StringField(
        label or _l("Code from the app"),
        validators=validators,
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


def current_password_field() -> PasswordField:
    """Return the field for typing the current password again."""
    return PasswordField(
        _l("Your password"),
        validators=[
            InputRequired(message=_l("Fill in your password.")),
            Length(max=MAX_LENGTH, message=_l("This is not your current password.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class ConfirmCodeForm(BaseForm):
    """The first code from the authenticator app, to confirm the setup."""

    code = app_code_field()


class ReauthForm(BaseForm):
    """Password and a current code again, before changing two-step login."""

    password = current_password_field()
    code = app_code_field()


class ReauthOptionalCodeForm(BaseForm):
    """Password again (and a code when two-step login is on) before a big step."""

    password = current_password_field()
    code = app_code_field(_l("Code from the app (only if you use two-step login)"), required=False)


class ChangeEmailForm(ReauthOptionalCodeForm):
    """A new e-mail address, with the password (and code) again."""

    email = email_field(_l("New e-mail address"))


class DeleteAccountForm(ReauthOptionalCodeForm):
    """Deleting the account: re-authentication and an explicit yes."""

    confirm = BooleanField(
        _l("I understand that everything I wrote is deleted and cannot be brought back."),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )
