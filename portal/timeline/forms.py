"""Form for the first sick day, the date every step of the timeline is counted from."""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import BooleanField, DateField, Field, ValidationError
from wtforms.validators import InputRequired, Optional

from portal import clock
from portal.forms import BaseForm
from portal.i18n import _l
from portal.timeline.services import EARLIEST_FIRST_DAY, validate_first_day

#: Message per error code of :func:`portal.timeline.services.validate_first_day`.
FIRST_DAY_ERRORS = {
    "future": _l("Your first sick day cannot be in the future."),
    "too_old": _l("Fill in a date from 1 January 1990 onwards."),
}


class FirstDayField(DateField):
    """A date field that leaves an empty value to InputRequired and accepts 05-01-2026 too."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the posted text; empty means no date, not an invalid one."""
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata([str(value).strip() for value in valuelist])


class SickDateForm(BaseForm):
    """Set or change the first day of sick leave."""

    sick_since = FirstDayField(
        _l("First sick day"),
        format=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[InputRequired(message=_l("Fill in the date of your first sick day."))],
        invalid_value_message=_l(
            "This is not a date we can read. Use day-month-year, for example 05-01-2026."
        ),
        description=_l("The first day you were sick, even if it was a weekend day."),
        render_kw={"min": EARLIEST_FIRST_DAY.isoformat()},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.sick_since.render_kw = {**(self.sick_since.render_kw or {}), "max": today.isoformat()}

    def validate_sick_since(self, field: Field) -> None:
        """Refuse a first sick day in the future or before 1990."""
        if field.data is None:
            return  # not a date: the field already says so
        problem = validate_first_day(field.data, self.today)
        if problem:
            raise ValidationError(FIRST_DAY_ERRORS[problem])


class StepForm(BaseForm):
    """Mark a step as done and, if it differs, note the date it actually happened."""

    is_done = BooleanField(_l("Done"))
    own_date = FirstDayField(
        _l("Actual date, if it differs"),
        format=["%Y-%m-%d", "%d-%m-%Y"],
        validators=[Optional()],
        invalid_value_message=_l(
            "This is not a date we can read. Use day-month-year, for example 05-01-2026."
        ),
    )

    def validate_own_date(self, field: Field) -> None:
        """Keep dates within the years a reintegration can span."""
        if field.data is not None and not (
            EARLIEST_FIRST_DAY <= field.data <= date(clock.today().year + 5, 12, 31)
        ):
            raise ValidationError(_l("Fill in a date between 1990 and five years from now."))
