"""Forms for sharing by code: whom and how long (employee), the code (recipient)."""

from __future__ import annotations

import re
from typing import Any

from wtforms import BooleanField, Field, HiddenField, IntegerField, StringField, ValidationError
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.codeshare.services import DEFAULT_DAYS, MAX_DAYS
from portal.forms import BaseForm, MaxLength, NoControlCharacters
from portal.i18n import _l

#: Words that name the employer side; the employer may never receive health data.
EMPLOYER_WORDS = {
    "werkgever",
    "werkgeefster",
    "leidinggevende",
    "employer",
    "manager",
    "teamleider",
    "baas",
    "boss",
    "hr",
    "p&o",
    "personeelszaken",
    "directeur",
    "director",
}
EMPLOYER_MESSAGE = _l(
    "Your employer may not receive health information, not even with your consent. "
    "Share with the bedrijfsarts or another professional instead."
)


def names_employer(value: str) -> bool:
    """Return whether a typed role or organisation names the employer side."""
    words = set(re.split(r"[\s,;/()\-]+", value.lower()))
    return bool(words & EMPLOYER_WORDS) or "werkgever" in value.lower()


class CodeShareForm(BaseForm):
    """Who gets the link and code, for how long, and once or more often."""

    name = StringField(
        _l("Name of the person"),
        validators=[
            InputRequired(message=_l("Fill in the name.")),
            MaxLength(100),
            NoControlCharacters(),
        ],
    )
    role = StringField(
        _l("Their role"),
        description=_l("For example verzekeringsarts UWV, huisarts, arbeidsdeskundige, lawyer."),
        validators=[
            InputRequired(message=_l("Fill in the role.")),
            MaxLength(100),
            NoControlCharacters(),
        ],
    )
    organisation = StringField(
        _l("Organisation (optional)"),
        validators=[Optional(), MaxLength(100), NoControlCharacters()],
    )
    days = IntegerField(
        _l("Days the link works"),
        default=DEFAULT_DAYS,
        description=_l("At most 30 days."),
        validators=[
            InputRequired(message=_l("Choose how many days the link works.")),
            NumberRange(min=1, max=MAX_DAYS, message=_l("Choose from 1 to 30 days.")),
        ],
    )
    is_one_time = BooleanField(_l("The link works only once"))
    title = StringField(
        _l("Title"),
        validators=[InputRequired(message=_l("Fill in a title.")), MaxLength(120)],
        default=_l("My reintegration dossier"),
    )
    # The choice made on the "my view" page, carried along.
    start = HiddenField()
    end = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days.render_kw = {"min": 1, "max": MAX_DAYS, "inputmode": "numeric"}

    def validate_role(self, field: Field) -> None:
        """Refuse the employer as recipient."""
        if field.data and names_employer(field.data):
            raise ValidationError(EMPLOYER_MESSAGE)

    def validate_organisation(self, field: Field) -> None:
        """Refuse the employer as recipient, also when named as the organisation."""
        if field.data and "werkgever" in field.data.lower():
            raise ValidationError(EMPLOYER_MESSAGE)


class CodeForm(BaseForm):
    """The code the recipient was given by another channel."""

    code = StringField(
        _l("Code"),
        validators=[InputRequired(message=_l("Fill in the code.")), MaxLength(40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class PassForm(BaseForm):
    """Carries the short-lived pass for the PDF download."""

    view_pass = HiddenField()
