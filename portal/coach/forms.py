"""Forms of the coach's side: what the coach may see, notes, rulers and suggested questions."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, HiddenField, RadioField, TextAreaField, ValidationError
from wtforms.validators import InputRequired

from portal.coach.models import MAX_COACH_NOTE, MAX_SUGGESTION, RULER_MAX, RULER_MIN
from portal.forms import (
    INVALID_CHOICE,
    BaseForm,
    MaxLength,
    NoControlCharacters,
    int_or_none,
    options,
)
from portal.i18n import _l
from portal.messages.forms import NotBlank

RULER_OUT_OF_RANGE = _l("Choose a number from 0 to 10.")
SCORES = options((n, str(n)) for n in range(RULER_MIN, RULER_MAX + 1))


class VisibilityForm(BaseForm):
    """The employee chooses what their coach may see next to their name."""

    shows_week = BooleanField(_l("My week of absence"))
    shows_next_talk = BooleanField(_l("The date of my next talk with the bedrijfsarts"))


class NoteForm(BaseForm):
    """A coach's own note between contacts."""

    coach_note = TextAreaField(
        _l("New note"),
        validators=[
            NotBlank(_l("Write the note first.")),
            MaxLength(MAX_COACH_NOTE),
            NoControlCharacters(),
        ],
    )


class RulerScore(RadioField):
    """A 0-10 score; anything else gets one clear message."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(
            label,
            choices=SCORES,
            coerce=int_or_none,
            validators=[InputRequired(message=RULER_OUT_OF_RANGE)],
            invalid_choice_message=RULER_OUT_OF_RANGE,
            **kwargs,
        )

    def pre_validate(self, form: Any) -> None:
        """Refuse a score outside 0-10 with the same clear message."""
        if self.data is None or not (RULER_MIN <= self.data <= RULER_MAX):
            raise ValidationError(RULER_OUT_OF_RANGE)


class RulerForm(BaseForm):
    """The employee's answer to the importance and confidence rulers."""

    importance = RulerScore(_l("How important is it for you right now to work on your return?"))
    confidence = RulerScore(_l("How confident are you that you can take the next step?"))


class SuggestionForm(BaseForm):
    """The coach suggests one question for the employee's talk preparation."""

    text = TextAreaField(
        _l("Question to suggest"),
        description=_l(
            "For example: Can I take this up step by step? The employee decides whether it goes "
            "into their preparation."
        ),
        validators=[
            NotBlank(_l("Write the question first.")),
            MaxLength(MAX_SUGGESTION),
            NoControlCharacters(),
        ],
    )
    #: Read with talk_id(): anything that is not a whole number is no talk.
    consult_id = HiddenField()


class AnswerSuggestionForm(BaseForm):
    """The employee accepts a suggested question into one of their talks, or declines it.

    Several of these share the conversation page's one form, so each has its own prefix
    (answer_prefix); the page's CSRF token is checked for every POST by CSRFProtect.
    """

    class Meta:
        csrf = False

    decision = RadioField(
        _l("What do you want to do with this question?"),
        choices=options(
            (("accept", _l("Add it to my preparation")), ("decline", _l("No, thank you")))
        ),
        validators=[InputRequired(message=INVALID_CHOICE)],
        invalid_choice_message=INVALID_CHOICE,
    )
    #: Read with talk_id(): anything that is not a whole number is no talk.
    consult_id = HiddenField()


def answer_prefix(suggestion_id: int) -> str:
    """Return the field-name prefix of one suggestion's answer on the conversation page."""
    return f"vraag{suggestion_id}-"


def talk_id(raw: Any) -> int | None:
    """Return the posted talk id as a number, or None when it is missing or not a number."""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None
