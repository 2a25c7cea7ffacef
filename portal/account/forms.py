"""Forms for the account pages."""

from __future__ import annotations

from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.validators import InputRequired, Length

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


__all__ = ["ChangePasswordForm", "DisplayForm", "InviteProfessionalForm", "email_field"]
