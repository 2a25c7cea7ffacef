"""The two questions of the pilot, as scales a person answers with one tap each."""

from __future__ import annotations

from wtforms import RadioField
from wtforms.validators import InputRequired

from portal.forms import INVALID_CHOICE, BaseForm, options
from portal.i18n import _l


class FeedbackForm(BaseForm):
    """Rating 1-10 and would-recommend 0-10."""

    rating = RadioField(
        _l("How useful was this for you? (1 = not at all, 10 = very useful)"),
        choices=options((n, str(n)) for n in range(1, 11)),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a number from 1 to 10."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    recommend = RadioField(
        _l("Would you recommend it to others in your situation? (0 = no, 10 = certainly)"),
        choices=options((n, str(n)) for n in range(0, 11)),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a number from 0 to 10."))],
        invalid_choice_message=INVALID_CHOICE,
    )
