"""Forms for the account pages."""

from __future__ import annotations

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

from portal.auth.forms import email_field, new_password_fields
from portal.auth.models import Theme
from portal.auth.passwords import MAX_LENGTH
from portal.forms import INVALID_CHOICE, BaseForm, MaxLength, NoControlCharacters, options
from portal.i18n import _l


class DisplayForm(BaseForm):
    """Language and display options."""

    name = StringField(
        _l("Your name"),
        validators=[
            InputRequired(message=_l("Fill in your name.")),
            MaxLength(100),
            NoControlCharacters(),
        ],
    )
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

    def validate_end(self, field: Field) -> None:
        """Refuse a period that ends before it starts."""
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date is before the start date."))


class ConfirmCodeForm(BaseForm):
    """The first code from the authenticator app, to confirm the setup."""

    code = StringField(
        _l("Code from the app"),
        validators=[InputRequired(message=_l("Fill in the code.")), MaxLength(20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ReauthForm(BaseForm):
    """Password and a current code again, before changing two-step login."""

    password = PasswordField(
        _l("Your password"),
        validators=[
            InputRequired(message=_l("Fill in your password.")),
            Length(max=MAX_LENGTH, message=_l("This is not your current password.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code from the app"),
        validators=[InputRequired(message=_l("Fill in the code.")), MaxLength(20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ReauthOptionalCodeForm(BaseForm):
    """Password again (and a code when two-step login is on) before a big step."""

    password = PasswordField(
        _l("Your password"),
        validators=[
            InputRequired(message=_l("Fill in your password.")),
            Length(max=MAX_LENGTH, message=_l("This is not your current password.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    code = StringField(
        _l("Code from the app (only if you use two-step login)"),
        validators=[Optional(), MaxLength(20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class DeleteAccountForm(ReauthOptionalCodeForm):
    """Deleting the account: re-authentication and an explicit yes."""

    confirm = BooleanField(
        _l("I understand that everything I wrote is deleted and cannot be brought back."),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )
