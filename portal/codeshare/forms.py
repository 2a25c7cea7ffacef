"""Forms for sharing by code: whom and how long (employee), the code (recipient)."""

from __future__ import annotations

import re
from typing import Any

from wtforms import BooleanField, HiddenField, RadioField, StringField
from wtforms.validators import InputRequired

from portal.codeshare.services import DEFAULT_DAYS, MAX_DAYS
from portal.forms import BaseForm, MaxLength, options
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


#: How long a link may work: required, at most 30 days, a week unless chosen otherwise.
DAY_CHOICES = [
    ("1", _l("1 day")),
    ("7", _l("1 week")),
    ("14", _l("2 weeks")),
    (str(MAX_DAYS), _l("30 days")),
]


class CodeShareForm(BaseForm):
    """The last step for someone without an account: how long, and once or more often."""

    days = RadioField(
        _l("How long may the link work?"),
        choices=options(DAY_CHOICES),
        default=str(DEFAULT_DAYS),
        validators=[InputRequired(message=_l("Choose how long the link works (at most 30 days)."))],
        invalid_choice_message=_l("Choose one of the offered periods, at most 30 days."),
    )
    is_one_time = BooleanField(_l("The link works only once"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days.choices = options(DAY_CHOICES)


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
