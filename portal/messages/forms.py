"""Forms of the messages feature: write, plan and close a check-in, choices, away notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Optional

from portal.forms import (
    INVALID_CHOICE,
    BaseForm,
    MaxLength,
    MultiCheckboxField,
    NoControlCharacters,
    options,
)
from portal.i18n import _l
from portal.messages.models import (
    MAX_AWAY_NOTE_LENGTH,
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    CheckInForm,
    Delivery,
    Topic,
)

FORM_LABELS: dict[str, Any] = {
    CheckInForm.CHAT.value: _l("Chat in this portal"),
    CheckInForm.PHONE.value: _l("Phone call"),
    CheckInForm.VIDEO.value: _l("Video call"),
}
TOPIC_LABELS: dict[str, Any] = {
    Topic.PLAN.value: _l("Your plan of approach"),
    Topic.AGREEMENTS.value: _l("The agreements since last time"),
    Topic.TALK.value: _l("Preparing or looking back on a talk with the bedrijfsarts"),
}
DELIVERY_LABELS: dict[str, Any] = {
    Delivery.IMMEDIATE.value: _l("At once (not while you are using the portal)"),
    Delivery.DAILY.value: _l("At most once a day"),
    Delivery.NEVER.value: _l("Never"),
}
HOURS = options((hour, f"{hour:02d}:00") for hour in range(24))


class NotBlank:
    """Reject text that is empty or only spaces, with a clear message."""

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, _form: Any, field: Any) -> None:
        if not (field.data or "").strip():
            raise ValidationError(self.message)


NOT_A_DATE = _l("This is not a date we can read. Use day-month-year, for example 05-01-2026.")
DATE_NEEDED = _l("Fill in a date, for example 14-05-2026.")


class DayField(DateField):
    """A date field that accepts 2026-05-14 (date pickers) and 14-05-2026 (typed)."""

    data: dt.date | None

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(
            label,
            format=["%Y-%m-%d", "%d-%m-%Y"],
            validators=[InputRequired(message=DATE_NEEDED)],
            invalid_value_message=NOT_A_DATE,
            **kwargs,
        )

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the posted text; empty means no date, not an invalid one."""
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata([str(value).strip() for value in valuelist])


class MessageForm(BaseForm):
    """One new message: plain text, line breaks kept."""

    body = TextAreaField(
        _l("Your message"),
        validators=[
            NotBlank(_l("Write a message first.")),
            MaxLength(MAX_MESSAGE_LENGTH),
            NoControlCharacters(),
        ],
    )


class PlanCheckInForm(BaseForm):
    """The coach plans the next check-in (the rhythm is checked in the view)."""

    planned_on = DayField(_l("Date of the next check-in"))
    topics = MultiCheckboxField(
        _l("What do you want to talk about?"),
        choices=options(TOPIC_LABELS.items()),
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )


class DoneCheckInForm(BaseForm):
    """The coach closes a check-in with a short note the employee can read."""

    note = TextAreaField(
        _l("Short note for the employee"),
        description=_l("What did you talk about, and what did you agree? The employee reads this."),
        validators=[Optional(), MaxLength(MAX_NOTE_LENGTH), NoControlCharacters()],
    )


class NotificationForm(BaseForm):
    """When someone wants an e-mail about messages and check-ins."""

    messages = RadioField(
        _l("E-mail me about new messages"),
        choices=options(DELIVERY_LABELS.items()),
        validators=[InputRequired(message=INVALID_CHOICE)],
        invalid_choice_message=INVALID_CHOICE,
    )
    quiet_start = SelectField(
        _l("No e-mails from"), choices=HOURS, coerce=int, invalid_choice_message=INVALID_CHOICE
    )
    quiet_end = SelectField(
        _l("No e-mails until"), choices=HOURS, coerce=int, invalid_choice_message=INVALID_CHOICE
    )
    is_checkin_reminder_on = BooleanField(_l("Remind me by e-mail the day before a check-in"))


class EmployeeSettingsForm(NotificationForm):
    """The employee also chooses how often and how they meet their coach."""

    checkin_every_weeks = RadioField(
        _l("How often do you want a check-in with your coach?"),
        choices=options((n, _l("Every %(weeks)d weeks", weeks=n)) for n in (2, 4, 6)),
        coerce=int,
        validators=[InputRequired(message=INVALID_CHOICE)],
        invalid_choice_message=INVALID_CHOICE,
    )
    checkin_form = RadioField(
        _l("How do you want to talk?"),
        choices=options(FORM_LABELS.items()),
        validators=[InputRequired(message=INVALID_CHOICE)],
        invalid_choice_message=INVALID_CHOICE,
    )


class AwayForm(BaseForm):
    """A coach's "away until" notice."""

    away_until = DayField(_l("Away until (and including)"))
    note = StringField(
        _l("Short note for your employees"),
        description=_l("For example when you answer again, or who they can contact meanwhile."),
        validators=[Optional(), MaxLength(MAX_AWAY_NOTE_LENGTH), NoControlCharacters()],
    )
