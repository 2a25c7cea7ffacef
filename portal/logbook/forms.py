"""Logbook forms: the day entry, choosing a day, and choosing a period."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from flask_babel import format_decimal
from wtforms import BooleanField, DateField, Field, RadioField, TextAreaField, ValidationError
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import TextInput

from portal.forms import (
    INVALID_CHOICE,
    BaseForm,
    MaxLength,
    NoControlCharacters,
    int_or_none,
    options,
)
from portal.i18n import _l
from portal.logbook.models import MAX_TEXT, TEXT_FIELDS, LogEntry
from portal.logbook.services import set_hours, to_minutes

ENERGY_MESSAGE = _l("Choose your energy: a number from 0 to 10.")
COMPLAINT_MESSAGE = _l("Choose a number from 0 to 10, or leave it empty.")
HOURS_RANGE_MESSAGE = _l("Fill in a number of hours from 0 to 24.")
DATE_MESSAGE = _l("This is not a date we can read. Use day-month-year, for example 05-01-2026.")

SLEEP_LABELS = [
    ("1", _l("Very badly")),
    ("2", _l("Badly")),
    ("3", _l("So-so")),
    ("4", _l("Well")),
    ("5", _l("Very well")),
]


class HoursField(Field):
    """Hours as a number: 2,5 and 2.5 and 2:30 all mean two and a half hours."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the posted text; empty means not filled in (None), never 0."""
        self.data = None
        text = str(valuelist[0]).strip() if valuelist else ""
        if not text:
            return
        try:
            if ":" in text:
                whole, _, minutes = text.partition(":")
                value = int(whole) + int(minutes) / 60
            else:
                value = float(text.replace(",", "."))
        except ValueError as exc:
            raise ValueError(_l("Fill in hours as a number, for example 2,5.")) from exc
        if not math.isfinite(value):
            raise ValueError(HOURS_RANGE_MESSAGE)
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else format_decimal(self.data, format="0.##")

    def pre_validate(self, form: Any) -> None:
        """Refuse hours below 0 or above 24."""
        if self.data is not None and not 0 <= self.data <= 24:
            raise ValidationError(HOURS_RANGE_MESSAGE)


def _text(label: Any, description: Any = None) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        filters=[lambda value: value.strip() if value else None],
        validators=[Optional(), MaxLength(MAX_TEXT), NoControlCharacters()],
        render_kw={"rows": 3, "maxlength": MAX_TEXT},
    )


class EntryForm(BaseForm):
    """One day in the logbook: energy and hours first, everything else optional."""

    energy = RadioField(
        _l("Energy (0 = none at all, 10 = plenty)"),
        choices=options((str(n), str(n)) for n in range(11)),
        validators=[InputRequired(message=ENERGY_MESSAGE)],
        invalid_choice_message=ENERGY_MESSAGE,
    )
    hours_worked = HoursField(
        _l("Hours worked"),
        description=_l("For example 2,5. Leave empty if you do not want to say."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    is_not_worked = BooleanField(_l("I did not work"))
    hours_planned = HoursField(
        _l("Hours planned"),
        description=_l("The hours in your plan or schedule for this day, if you have one."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    complaint_level = RadioField(
        _l("How much did your complaints bother you? (0 = not at all, 10 = very much)"),
        description=_l("Optional. Skip it if thinking about it does not help you."),
        choices=options([("", _l("No answer")), *((str(n), str(n)) for n in range(11))]),
        default="",
        validators=[Optional()],
        invalid_choice_message=COMPLAINT_MESSAGE,
    )
    sleep_quality = RadioField(
        _l("How did you sleep last night?"),
        choices=options([("", _l("No answer")), *SLEEP_LABELS]),
        default="",
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    work_activities = _text(_l("What did you do at work?"))
    home_activities = _text(_l("What did you do at home?"))
    helped = _text(_l("What helped you?"))
    hindered = _text(_l("What made it harder?"))
    note = _text(_l("Note"))
    is_note_shareable = BooleanField(
        _l("My note may go into a summary that I choose to share"),
        description=_l("Nothing is shared unless you make a summary and share it yourself."),
    )

    #: The names of the day's fields (what the shortcut buttons carry along).
    FIELD_NAMES = (
        "energy",
        "hours_worked",
        "is_not_worked",
        "hours_planned",
        "complaint_level",
        "sleep_quality",
        *TEXT_FIELDS,
        "is_note_shareable",
    )

    def validate_hours_worked(self, field: Field) -> None:
        """Hours worked and "did not work" cannot both be true."""
        if self.is_not_worked.data and field.data:
            raise ValidationError(
                _l('You ticked "I did not work". Then leave hours worked empty or 0.')
            )

    def apply_to(self, entry: LogEntry, skip: frozenset[str] = frozenset()) -> None:
        """Copy the checked values onto an entry (the caller commits).

        ``skip`` names fields to leave as they are (those a one-tap shortcut filled in).
        """
        if "energy" not in skip:
            entry.energy = int(self.energy.data)
        if "complaint_level" not in skip:
            entry.complaint_level = int_or_none(self.complaint_level.data)
        if "sleep_quality" not in skip:
            entry.sleep_quality = int_or_none(self.sleep_quality.data)
        if "hours_worked" not in skip:
            worked, not_worked = self.hours_worked.data, self.is_not_worked.data
            set_hours(entry, worked, self.hours_planned.data, not_worked)
        elif "hours_planned" not in skip:
            entry.minutes_planned = to_minutes(self.hours_planned.data)
        for name in TEXT_FIELDS:
            setattr(entry, name, self[name].data or None)
        entry.is_note_shareable = bool(self.is_note_shareable.data)

    def changed_from(self, entry: LogEntry | None) -> set[str]:
        """Return the names of the posted fields that differ from what is saved."""
        saved = EntryForm(formdata=None, data=initial(entry))
        return {
            field.name
            for field in self
            if field.name != "csrf_token"
            and (field.process_errors or compared(field) != compared(saved[field.name]))
        }


def compared(field: Field) -> Any:
    """Return a field's value as saved (hours as whole minutes, so 1,67 equals 100 minutes)."""
    return to_minutes(field.data) if isinstance(field, HoursField) else field.data


def initial(entry: LogEntry | None) -> dict[str, Any]:
    """Return form data showing an existing entry (empty for a new day)."""
    if entry is None:
        return {}
    data: dict[str, Any] = {
        "energy": str(entry.energy),
        "hours_worked": None if entry.is_not_worked else entry.hours_worked,
        "is_not_worked": entry.is_not_worked,
        "hours_planned": entry.hours_planned,
        "complaint_level": _str_or_none(entry.complaint_level),
        "sleep_quality": _str_or_none(entry.sleep_quality),
        "is_note_shareable": entry.is_note_shareable,
    }
    data.update({name: getattr(entry, name) for name in TEXT_FIELDS})
    return data


def _str_or_none(value: int | None) -> str:
    return "" if value is None else str(value)


class _QueryForm(BaseForm):
    """A form read from the query string (GET): it changes nothing, so it needs no token."""

    class Meta:
        csrf = False


def _date(label: Any, **kwargs: Any) -> DateField:
    return DateField(
        label, format=["%Y-%m-%d", "%d-%m-%Y"], invalid_value_message=DATE_MESSAGE, **kwargs
    )


class DayForm(_QueryForm):
    """Go to a day to fill it in or change it."""

    dag = _date(_l("Day"), validators=[InputRequired(message=_l("Fill in a date."))])


PERIODS = ("4w", "3m", "1j", "eigen")
PERIOD_DAYS = {"4w": 28, "3m": 91, "1j": 365}
#: The longest period the trends and the export show at once.
MAX_PERIOD_DAYS = 2 * 366


class PeriodForm(_QueryForm):
    """Choose the period of the trends or the export."""

    periode = RadioField(
        _l("Period"),
        choices=options(
            [
                ("4w", _l("Last 4 weeks")),
                ("3m", _l("Last 3 months")),
                ("1j", _l("Last year")),
                ("eigen", _l("Choose dates")),
            ]
        ),
        default="4w",
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    van = _date(_l("From"), validators=[Optional()])
    tot = _date(_l("To"), validators=[Optional()])

    def period(self, now: dt.date) -> tuple[dt.date, dt.date] | None:
        """Return the chosen start and end, or None (with errors on the form) when invalid."""
        if not self.validate():
            return None
        choice = self.periode.data or "4w"
        if choice != "eigen":
            return now - dt.timedelta(days=PERIOD_DAYS[choice] - 1), now
        start, end = self.van.data, self.tot.data
        if start is None or end is None:
            self.van.errors = [_l("Fill in both dates.")]
            return None
        if start > end:
            self.tot.errors = [_l("The end date must be on or after the start date.")]
            return None
        if end > now:
            self.tot.errors = [_l("The end date cannot be in the future.")]
            return None
        if (end - start).days >= MAX_PERIOD_DAYS or start.year < 1990:
            self.van.errors = [_l("Choose a period of at most two years.")]
            return None
        return start, end
