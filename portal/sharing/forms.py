"""Forms of the three compose steps, the reply note with advice, and the expiry choice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from portal import clock
from portal.codeshare.forms import EMPLOYER_MESSAGE, names_employer
from portal.consults.forms import DayField, InRange
from portal.dossier.services import KIND_LABELS
from portal.forms import (
    INVALID_CHOICE,
    BaseForm,
    MaxLength,
    MultiCheckboxField,
    NoControlCharacters,
    int_or_none,
    options,
)
from portal.i18n import _l
from portal.logbook.forms import HoursField
from portal.sharing.sections import DAY_FIELDS, MAX_SECTION_TEXT, SECTION_LABELS

#: Longest period of logbook figures in one summary.
MAX_PERIOD_DAYS = 366
#: Expiry choices: days until the share stops by itself ("" = no end date).
EXPIRY_CHOICES = [
    ("", _l("No end date (until I stop sharing)")),
    ("7", _l("1 week")),
    ("30", _l("30 days")),
    ("90", _l("90 days")),
]
NOT_A_RECIPIENT = _l("You can only share with your coach or a professional you are linked with.")
UNKNOWN_SECTION = _l("Choose from the parts on this page.")
#: The recipient choice for someone without an account: they get a link and a code.
NO_ACCOUNT = "code"


def recipient_value(value: Any) -> int | str | None:
    """Read the posted recipient: a linked person's id, or "code" for someone without an account."""
    if isinstance(value, str) and value.strip() == NO_ACCOUNT:
        return NO_ACCOUNT
    return int_or_none(value)


def person_line(label: Any, description: Any = "") -> StringField:
    """Return a line about the person without an account (required only when they are chosen)."""
    return StringField(
        label, description=description, validators=[MaxLength(100), NoControlCharacters()]
    )


class ChooseForm(BaseForm):
    """Step 1: who, which parts, which period and which talk."""

    recipient = RadioField(
        _l("Share with"),
        coerce=recipient_value,
        validators=[DataRequired(message=_l("Choose who you want to share with."))],
        invalid_choice_message=NOT_A_RECIPIENT,
    )
    code_name = person_line(_l("Their name"))
    code_role = person_line(
        _l("Their role"),
        _l("For example verzekeringsarts UWV, huisarts, arbeidsdeskundige, lawyer."),
    )
    code_org = person_line(_l("Organisation (optional)"))
    sections = MultiCheckboxField(
        _l("What do you want to share?"),
        choices=options(SECTION_LABELS.items()),
        invalid_choice_message=UNKNOWN_SECTION,
    )
    start = DateField(_l("Logbook from"), validators=[Optional()])
    end = DateField(_l("Logbook up to and including"), validators=[Optional()])
    consult = SelectField(
        _l("Which talk preparation?"),
        coerce=int_or_none,
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    day_fields = MultiCheckboxField(
        _l("Also share day by day"),
        choices=options(DAY_FIELDS.items()),
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    dossier_start = DateField(_l("Dossier from"), validators=[Optional()])
    dossier_end = DateField(_l("Dossier up to and including"), validators=[Optional()])
    dossier_kinds = MultiCheckboxField(
        _l("Which kinds of entries (none chosen: all)"),
        choices=options(KIND_LABELS.items()),
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    #: Items the employee left out in "my view" (keys such as "entry-12"); unticked ones go back.
    dossier_left_out = MultiCheckboxField(
        _l("Left out, as you chose in My view (untick one to put it back)"),
        choices=[],
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    title = StringField(
        _l("Title (optional)"),
        validators=[Optional(), MaxLength(120), NoControlCharacters()],
    )

    birth_date = DateField(_l("My date of birth (optional)"), validators=[Optional()])
    employer_name = StringField(
        _l("My employer's name (optional)"),
        validators=[Optional(), MaxLength(120), NoControlCharacters()],
    )

    def validate_birth_date(self, field: DateField) -> None:
        """A date of birth lies in the past, and not absurdly far."""
        if field.data is not None and not dt.date(1900, 1, 1) <= field.data < clock.today():
            raise ValidationError(_l("Fill in your date of birth, for example 14-03-1980."))

    def validate_code_name(self, field: StringField) -> None:
        """Someone without an account needs a name: the access log shows it."""
        if self.recipient.data == NO_ACCOUNT and not (field.data or "").strip():
            raise ValidationError(_l("Fill in the name of the person."))

    def validate_code_role(self, field: StringField) -> None:
        """Ask for the role, and refuse the employer side."""
        if self.recipient.data != NO_ACCOUNT:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Fill in the role."))
        if names_employer(field.data):
            raise ValidationError(EMPLOYER_MESSAGE)

    def validate_code_org(self, field: StringField) -> None:
        """Refuse the employer, also when named as the organisation."""
        if self.recipient.data == NO_ACCOUNT and "werkgever" in (field.data or "").lower():
            raise ValidationError(EMPLOYER_MESSAGE)

    def validate_dossier_end(self, field: DateField) -> None:
        """The dossier period cannot end before it starts."""
        if field.data and self.dossier_start.data and field.data < self.dossier_start.data:
            raise ValidationError(_l("The end date is before the start date."))

    def validate_sections(self, field: MultiCheckboxField) -> None:
        """Ask for at least one part (no "required" on each checkbox)."""
        if not field.data:
            raise ValidationError(_l("Choose at least one part."))

    def check_period(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """Return the logbook period (last 4 weeks when empty), or None with an error set."""
        end = self.end.data or today
        start = self.start.data or end - dt.timedelta(days=27)
        if end > today:
            self.end.errors = [_l("Choose an end date that is not in the future.")]
        elif start > end:
            self.start.errors = [_l("The start date must be on or before the end date.")]
        elif (end - start).days >= MAX_PERIOD_DAYS:
            self.start.errors = [_l("Choose a period of at most one year.")]
        else:
            return start, end
        return None


def texts_form(sections: list[str]) -> type[BaseForm]:
    """Return the form of step 2: one text per chosen part, each optional and editable."""
    fields = {
        key: TextAreaField(
            SECTION_LABELS[key],
            validators=[Optional(), MaxLength(MAX_SECTION_TEXT), NoControlCharacters()],
        )
        for key in sections
    }
    return type("TextsForm", (BaseForm,), fields)


class ShareForm(BaseForm):
    """Step 3: how long the recipient may open it, then share."""

    expires_in = RadioField(
        _l("How long may they open it?"),
        choices=options(EXPIRY_CHOICES),
        default="",
        validators=[Optional()],
        invalid_choice_message=_l(
            "Choose one of the offered periods; a date in the past is not possible."
        ),
    )


class ReplyForm(BaseForm):
    """A note from the recipient back to the employee."""

    body = TextAreaField(
        _l("Your note to the employee"),
        validators=[
            DataRequired(message=_l("Write a note first.")),
            MaxLength(2000),
            NoControlCharacters(),
        ],
    )


class CrashSentenceForm(BaseForm):
    """Approve the sentence about setbacks: as it is, in my own words, or left out."""

    choice = RadioField(
        _l("May this sentence be shared?"),
        choices=options(
            [
                ("as_is", _l("Yes, share it as it is")),
                ("own", _l("Share it in my own words (below)")),
                ("out", _l("No, leave it out")),
            ]
        ),
        validators=[InputRequired(message=_l("Choose whether this sentence is shared."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    text = TextAreaField(
        _l("In my own words"),
        validators=[Optional(), MaxLength(500), NoControlCharacters()],
        render_kw={"rows": 3},
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """Check the fields, then that my own words are there when I chose them."""
        if not super().validate(extra_validators):
            return False
        if self.choice.data == "own" and not (self.text.data or "").strip():
            self.text.errors.append(
                _l("Write the sentence in your own words, or choose another option.")
            )
            return False
        return True


#: Rows for agreements on the advice form (no script adds rows), and treater questions.
ADVICE_ROWS = 3
MAX_TREATER_QUESTIONS = 5
MAX_ADVICE_TEXT = 500
NOTHING_SENT = _l("Write a note or fill in at least one piece of advice.")


class FromToday:
    """Refuse a date in the past: advice is about what comes next."""

    def __call__(self, _form: Any, field: Any) -> None:
        if field.data is not None and field.data < clock.today():
            raise ValidationError(_l("Choose today or a later date."))


def advice_text(label: Any) -> StringField:
    """Return an optional one-line advice field with the declared maximum length."""
    return StringField(
        label,
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[Optional(), MaxLength(MAX_ADVICE_TEXT), NoControlCharacters()],
    )


def advice_day(label: Any) -> DayField:
    """Return an optional date field for a due date or the next talk."""
    return DayField(label, validators=[Optional(), InRange(), FromToday()])


class AdviceForm(BaseForm):
    """A professional's reply: a note and structured advice the employee can take over."""

    body = TextAreaField(
        _l("Your note to the employee (optional)"),
        validators=[Optional(), MaxLength(2000), NoControlCharacters()],
    )
    what_1 = advice_text(_l("Agreement 1"))
    due_1 = advice_day(_l("Agreement 1 done by (optional)"))
    what_2 = advice_text(_l("Agreement 2"))
    due_2 = advice_day(_l("Agreement 2 done by (optional)"))
    what_3 = advice_text(_l("Agreement 3"))
    due_3 = advice_day(_l("Agreement 3 done by (optional)"))
    next_talk_on = advice_day(_l("Date of the next talk (optional)"))
    treater = TextAreaField(
        _l("What to ask the treater (optional, one question per line)"),
        validators=[Optional(), MaxLength(2000), NoControlCharacters()],
        render_kw={"rows": 3},
    )
    buildup_from = advice_day(_l("Build-up: from"))
    buildup_hours = HoursField(_l("Hours a day"))
    buildup_days = IntegerField(
        _l("Days a week"),
        validators=[
            Optional(),
            NumberRange(0, 7, message=_l("Fill in a number of days from 0 to 7.")),
        ],
    )

    def buildup(self) -> tuple[dt.date, int, int] | None:
        """Return the build-up period as (from, minutes a day, days a week), or None."""
        starts_on, hours, days = (
            self.buildup_from.data,
            self.buildup_hours.data,
            self.buildup_days.data,
        )
        if starts_on is None or hours is None or days is None:
            return None
        return starts_on, round(hours * 60), days

    def agreements(self) -> list[tuple[str, dt.date | None]]:
        """Return the filled-in agreement rows as (what, due date)."""
        rows = []
        for n in range(1, ADVICE_ROWS + 1):
            what = getattr(self, f"what_{n}").data
            if what:
                rows.append((what, getattr(self, f"due_{n}").data))
        return rows

    def treater_questions(self) -> list[str]:
        """Return the questions for the treater, one per non-empty line."""
        raw = self.treater.data or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]

    def validate(self, extra_validators: Any = None) -> bool:
        """Check the fields, then that a due date has its agreement and something is sent."""
        if not super().validate(extra_validators):
            return False
        ok = True
        for n in range(1, ADVICE_ROWS + 1):
            due = getattr(self, f"due_{n}")
            if due.data is not None and not getattr(self, f"what_{n}").data:
                due.errors.append(_l("Write the agreement that belongs to this date."))
                ok = False
        questions = self.treater_questions()
        if len(questions) > MAX_TREATER_QUESTIONS:
            self.treater.errors.append(
                _l("Write at most %(max)d questions.", max=MAX_TREATER_QUESTIONS)
            )
            ok = False
        if any(len(q) > MAX_ADVICE_TEXT for q in questions):
            self.treater.errors.append(
                _l("Use at most %(max)d characters per question.", max=MAX_ADVICE_TEXT)
            )
            ok = False
        ok = self.buildup_complete() and ok
        has_body = bool((self.body.data or "").strip())
        sends = self.agreements() or questions or self.next_talk_on.data or self.buildup()
        if ok and not (has_body or sends):
            self.body.errors.append(NOTHING_SENT)
            ok = False
        return ok

    def buildup_complete(self) -> bool:
        """A build-up period needs all three: from, hours a day and days a week."""
        parts = (self.buildup_from, self.buildup_hours, self.buildup_days)
        filled = [f.data is not None for f in parts]
        if all(filled) or not any(filled):
            return True
        missing = {
            "buildup_from": _l("Fill in the date the build-up period starts."),
            "buildup_hours": _l("Fill in the hours a day, for example 3 or 2,5."),
            "buildup_days": _l("Fill in a number of days from 0 to 7."),
        }
        for f, is_filled in zip(parts, filled, strict=True):
            if not is_filled:
                f.errors.append(missing[f.name])
        return False
