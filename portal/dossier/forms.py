"""Forms of the dossier: a contact, a document, a note, the plan, a revision, the export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    Field,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import InputRequired, Optional, StopValidation

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
