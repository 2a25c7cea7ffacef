"""Forms of the dossier: a contact, a document, a note, the plan, a revision, the export,
and the treatment status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import InputRequired, Optional, StopValidation

from portal import clock
from portal.dossier import treatment
from portal.dossier.services import GOAL_LABELS, HOW_LABELS, KIND_LABELS, sniff
from portal.forms import INVALID_CHOICE, BaseForm, MaxLength, NoControlCharacters, options
from portal.i18n import _l

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]
BAD_DATE = _l("This is not a date we can read. Use day-month-year, for example 05-01-2026.")
EARLIEST = dt.date(1990, 1, 1)

#: Largest attached file, and the request limit on the pages that take one.
MAX_FILE_BYTES = 5 * 1024 * 1024
UPLOAD_REQUEST_LIMIT = MAX_FILE_BYTES + 64 * 1024


def yes_no() -> list[Any]:
    """Return the yes/no choices."""
    return options([("yes", _l("Yes")), ("no", _l("No"))])


class DayField(DateField):
    """A date field that leaves an empty value to the validators and accepts 05-01-2026 too."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the posted text; empty means no date, not an invalid one."""
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata([str(value).strip() for value in valuelist])


class DateRequired:
    """Require a date; a blank or whitespace-only value counts as missing (not as a date)."""

    field_flags = {"required": True}

    def __call__(self, _form: Any, field: Field) -> None:
        if field.data is None and not field.process_errors:
            raise StopValidation(_l("Fill in a date."))


def day_field(label: Any, required: bool = True) -> DayField:
    """Return a date field with the dossier's messages."""
    first = DateRequired() if required else Optional()
    return DayField(label, format=DATE_FORMATS, validators=[first], invalid_value_message=BAD_DATE)


def line(label: Any, required: bool = False, maximum: int = 200) -> StringField:
    """Return a one-line text field."""
    first = InputRequired(message=_l("Fill this in.")) if required else Optional()
    return StringField(label, validators=[first, MaxLength(maximum), NoControlCharacters()])


def text(label: Any, maximum: int = 4000, description: Any = None) -> TextAreaField:
    """Return a free-text field (sealed when stored)."""
    return TextAreaField(
        label, validators=[Optional(), MaxLength(maximum)], description=description or ""
    )


class PastDateMixin:
    """Refuse a date in the future or before 1990 (these are things that happened)."""

    today: dt.date

    def validate_happened_on(self, field: Field) -> None:
        """Refuse a date in the future: this records what happened."""
        if field.data is None:
            return
        if field.data > self.today:
            raise ValidationError(_l("This date is in the future. Record it once it happened."))
        if field.data < EARLIEST:
            raise ValidationError(_l("Fill in a date from 1 January 1990 onwards."))


class ContactForm(PastDateMixin, BaseForm):
    """A contact: when, with whom, how, what was said and agreed, what follows."""

    happened_on = day_field(_l("Date"))
    how = RadioField(
        _l("How"),
        choices=options(HOW_LABELS.items()),
        validators=[InputRequired(message=_l("Choose how you had contact."))],
        validate_choice=True,
    )
    who_role = line(_l("Role, for example casemanager or bedrijfsarts"), required=True, maximum=100)
    who_name = line(_l("Name (optional)"), maximum=100)
    said = text(_l("What was said"))
    agreed = text(_l("What was agreed"))
    follows = text(_l("What follows, and when"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.how.choices = options(HOW_LABELS.items())
        self.happened_on.render_kw = {"max": today.isoformat()}


class DocumentForm(PastDateMixin, BaseForm):
    """A document received or sent, with an optional PDF or image."""

    title = line(_l("Title, for example Letter from UWV"), required=True)
    happened_on = day_field(_l("Date received or sent"))
    is_sent = BooleanField(_l("I sent this document (leave empty when you received it)"))
    who_name = line(_l("From whom, or to whom"), maximum=100)
    said = text(_l("What it is about (optional)"))
    upload = FileField(
        _l("Attach a file (optional)"),
        description=_l("A PDF, PNG or JPEG file of at most 5 MB. It is stored encrypted."),
    )
    remove_file = BooleanField(_l("Remove the attached file"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.happened_on.render_kw = {"max": today.isoformat()}
        self.file_content: bytes | None = None
        self.file_type: tuple[str, str] | None = None

    def validate_upload(self, field: Field) -> None:
        """Accept only a non-empty PDF, PNG or JPEG up to 5 MB, recognised by its bytes."""
        storage = field.data
        if storage is None or not getattr(storage, "filename", ""):
            return
        content = storage.read(MAX_FILE_BYTES + 1)
        if not content:
            raise ValidationError(_l("This file is empty. Choose another file."))
        if len(content) > MAX_FILE_BYTES:
            raise ValidationError(_l("This file is larger than 5 MB. Choose a smaller file."))
        found = sniff(content)
        if found is None:
            raise ValidationError(_l("Only PDF, PNG and JPEG files can be attached."))
        self.file_content, self.file_type = content, found


class NoteForm(PastDateMixin, BaseForm):
    """A note: what the employee did or wants to remember."""

    happened_on = day_field(_l("Date"))
    title = line(_l("Short title (optional)"))
    said = text(_l("Note"), maximum=8000)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.happened_on.render_kw = {"max": today.isoformat()}

    def validate_said(self, field: Field) -> None:
        """A note needs some text."""
        if not (field.data or "").strip():
            raise ValidationError(_l("Write your note."))


class FilterForm(BaseForm):
    """Choose a period and kinds (GET, no CSRF needed to read one's own list)."""

    class Meta:
        csrf = False

    start = day_field(_l("From"), required=False)
    end = day_field(_l("Until"), required=False)
    kinds = SelectMultipleField(
        _l("Kinds"),
        choices=options(KIND_LABELS.items()),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validators=[Optional()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds.choices = options(KIND_LABELS.items())

    def validate_kinds(self, field: Field) -> None:
        """Refuse kinds that are not offered."""
        if any(value not in KIND_LABELS for value in field.data or []):
            raise ValidationError(INVALID_CHOICE)

    def validate_end(self, field: Field) -> None:
        """The end of the period cannot come before its start."""
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date is before the start date."))


class PlanForm(BaseForm):
    """The plan van aanpak: date, goal, steps, whether I agreed and my own view."""

    drawn_up_on = day_field(_l("Date of the plan"))
    goal = RadioField(
        _l("Agreed goal"),
        choices=options(GOAL_LABELS.items()),
        validators=[InputRequired(message=_l("Choose the goal of the plan."))],
    )
    steps = TextAreaField(
        _l("Steps"),
        validators=[Optional(), MaxLength(4000)],
        description=_l(
            "One step per line: what; who; when. For example: Start with 2 hours a day; "
            "me and my manager; 01-03-2026"
        ),
    )
    is_agreed = RadioField(
        _l("Did you agree with the plan?"),
        choices=yes_no(),
        validators=[InputRequired(message=_l("Say whether you agreed."))],
    )
    own_view = text(_l("My own view, when I did not agree"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.goal.choices = options(GOAL_LABELS.items())
        self.is_agreed.choices = yes_no()
        self.parsed_steps: list[tuple[str, str, dt.date | None]] = []

    def validate_drawn_up_on(self, field: Field) -> None:
        """A plan is drawn up on or before today."""
        if field.data is not None and not EARLIEST <= field.data <= self.today:
            raise ValidationError(_l("The date of the plan cannot be in the future."))

    def validate_steps(self, field: Field) -> None:
        """Read each line as what; who; when, with a readable date."""
        self.parsed_steps = []
        for number, raw in enumerate((field.data or "").splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [part.strip() for part in raw.split(";")]
            if len(parts) > 3 or not parts[0]:
                raise ValidationError(_l("Line %(line)d: write what; who; when.", line=number))
            when = None
            if len(parts) == 3 and parts[2]:
                when = parse_day(parts[2])
                if when is None:
                    raise ValidationError(
                        _l("Line %(line)d: the date is not readable.", line=number)
                    )
            who = parts[1] if len(parts) > 1 else ""
            if len(parts[0]) > 500 or len(who) > 200:
                raise ValidationError(_l("Line %(line)d is too long.", line=number))
            self.parsed_steps.append((parts[0], who, when))


def parse_day(value: str) -> dt.date | None:
    """Read a date as 2026-03-01 or 01-03-2026; None when it is not one."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


class RevisionForm(BaseForm):
    """A bijstelling of the plan: date, reason, whether I agreed, my own view."""

    revised_on = day_field(_l("Date of the revision"))
    reason = TextAreaField(
        _l("Reason"),
        validators=[InputRequired(message=_l("Write why the plan was changed.")), MaxLength(4000)],
    )
    is_agreed = RadioField(
        _l("Did you agree with the revision?"),
        choices=yes_no(),
        validators=[InputRequired(message=_l("Say whether you agreed."))],
    )
    own_view = text(_l("My own view, when I did not agree"))

    def __init__(self, *args: Any, today: dt.date, plan_date: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.plan_date = today, plan_date
        self.is_agreed.choices = yes_no()

    def validate_reason(self, field: Field) -> None:
        """A reason of only spaces is no reason."""
        if not (field.data or "").strip():
            raise ValidationError(_l("Write why the plan was changed."))

    def validate_revised_on(self, field: Field) -> None:
        """A revision comes after the plan and not in the future."""
        if field.data is None:
            return
        if field.data < self.plan_date:
            raise ValidationError(_l("A revision cannot be dated before the plan itself."))
        if field.data > self.today:
            raise ValidationError(_l("This date is in the future. Record it once it happened."))


class TreaterForm(Form):
    """One treater: what kind, since when, how often, a waiting list, and contact by the doctor.

    A row left empty is no treater; a row marked "remove" is left out without checks.
    """

    kind = SelectField(
        _l("Who treats you?"),
        choices=[],
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    own_words = line(_l("In your own words (optional)"), maximum=200)
    since = line(_l("Since when? (optional)"), maximum=20)
    how_often = line(_l("How often? (optional)"), maximum=200)
    waiting = RadioField(
        _l("Are you on a waiting list for this treatment?"),
        choices=[],
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    waiting_for = line(_l("For what, and for how long? (optional)"), maximum=300)
    contact = RadioField(
        _l("May your bedrijfsarts contact this treater?"),
        choices=[],
        default="undecided",  # not sent (a forged form) reads as not decided, never as yes
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    remove = BooleanField(_l("Remove this treater"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = options([("", _l("Choose…")), *treatment.KIND_LABELS.items()])
        self.waiting.choices = yes_no()
        self.contact.choices = options(treatment.CONTACT_LABELS.items())
        self.since_iso: str | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        """Check the row, unless it is marked to be removed.

        The two checks across fields run here, after the field checks: an optional field
        left empty stops its own inline check.
        """
        if self.remove.data:
            return True
        valid = super().validate(extra_validators)
        if not self.kind.data and not self.is_blank():
            self.kind.errors.append(_l("Choose who treats you, or empty this row."))
        if self.kind.data == "other" and not (self.own_words.data or "").strip():
            self.own_words.errors.append(_l("Write who treats you, for example haptotherapist."))
        return valid and not self.kind.errors and not self.own_words.errors

    def is_blank(self) -> bool:
        """Tell whether nothing was chosen or typed in this row (the contact choice aside)."""
        texts = (self.own_words, self.since, self.how_often, self.waiting_for)
        return (
            not self.kind.data
            and not self.waiting.data
            and not any((field.data or "").strip() for field in texts)
        )

    def validate_since(self, field: Field) -> None:
        """Read a month or a day, not in the future."""
        text = (field.data or "").strip()
        if not text:
            return
        found = treatment.parse_since(text)
        if found is None:
            raise ValidationError(_l("Write a month or a date, for example 03-2026 or 15-03-2026."))
        day = treatment.since_date(found)
        if day > clock.today():
            raise ValidationError(
                _l("This is in the future. On a waiting list? Fill that in below.")
            )
        if day.year < 1900:
            raise ValidationError(_l("Fill in a year from 1900 onwards."))
        self.since_iso = found

    def validate_waiting_for(self, field: Field) -> None:
        """What you wait for belongs with "yes" (an empty choice becomes yes)."""
        if (field.data or "").strip() and self.waiting.data == "no":
            raise ValidationError(
                _l("You chose 'No' for the waiting list. Choose 'Yes', or empty this field.")
            )

    def value(self) -> dict[str, str | None]:
        """Return the row as stored (text trimmed, empty as None)."""

        def clean(field: Field) -> str | None:
            return (field.data or "").strip() or None

        waiting_for = clean(self.waiting_for)
        return {
            "kind": self.kind.data,
            "own_words": clean(self.own_words),
            "since": self.since_iso,
            "how_often": clean(self.how_often),
            "waiting": "yes" if waiting_for else (self.waiting.data or None),
            "waiting_for": waiting_for,
            "contact": self.contact.data or "undecided",
        }


class TreatmentForm(BaseForm):
    """The employee's treaters, a few rows on one page."""

    treaters = FieldList(FormField(TreaterForm), max_entries=treatment.MAX_TREATERS)

    def kept(self) -> list[dict[str, str | None]]:
        """Return the rows to store: not blank, not marked to be removed."""
        return [
            entry.form.value()
            for entry in self.treaters
            if not entry.form.remove.data and not entry.form.is_blank()
        ]
