"""Forms for planning a talk, each preparation step, the evaluation and agreements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Optional

from portal import clock
from portal.consults.models import MAX_GOAL, MAX_TEXT, AgreementWho, WithWhom
from portal.consults.suggestions import (
    AGREEMENT_WHO_LABELS,
    BRING_ITEMS,
    GOAL_RESULT_LABELS,
    QUESTIONS,
    WITH_WHOM_LABELS,
)
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

#: Dates before this are surely a typing error.
EARLIEST_DAY = dt.date(1990, 1, 1)
#: How far ahead a talk or due date may lie.
MAX_YEARS_AHEAD = 2
#: Rows offered on the lists of the preparation (filled rows plus one, within these bounds).
MIN_ROWS, MAX_ROWS = 3, 6

NOT_A_DATE = _l("This is not a date we can read. Use day-month-year, for example 05-01-2026.")
DATE_RANGE = _l("Fill in a date between 1990 and two years from now.")


def latest_day(today: dt.date) -> dt.date:
    """Return the last date a talk or due date may have: two years from today."""
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def text(label: Any, maximum: int = MAX_TEXT, **kwargs: Any) -> TextAreaField:
    """Return an optional text area with the declared maximum length."""
    return TextAreaField(
        label, validators=[Optional(), MaxLength(maximum), NoControlCharacters()], **kwargs
    )


def line(label: Any, maximum: int = MAX_GOAL) -> StringField:
    """Return an optional one-line text field with the declared maximum length."""
    return StringField(label, validators=[Optional(), MaxLength(maximum), NoControlCharacters()])


class DayField(DateField):
    """A date field that accepts 2026-01-05 and 05-01-2026 and leaves empty to the validators."""

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(
            label, format=["%Y-%m-%d", "%d-%m-%Y"], invalid_value_message=NOT_A_DATE, **kwargs
        )

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the posted text; empty means no date, not an invalid one."""
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata([str(value).strip() for value in valuelist])


class InRange:
    """Refuse a date before 1990 or more than two years ahead."""

    def __call__(self, _form: Any, field: Field) -> None:
        if field.data is not None and not (EARLIEST_DAY <= field.data <= latest_day(clock.today())):
            raise ValidationError(DATE_RANGE)


class OptionalRadioField(RadioField):
    """A radio group that may be left empty; a value that is not offered is refused."""

    def pre_validate(self, form: Any) -> None:
        """Skip the choice check when nothing was chosen."""
        if not self.raw_data or self.raw_data == [""]:
            return
        super().pre_validate(form)


def scale(label: Any) -> OptionalRadioField:
    """Return an optional 1-5 scale."""
    return OptionalRadioField(
        label,
        choices=options((n, str(n)) for n in range(1, 6)),
        coerce=int_or_none,
        invalid_choice_message=INVALID_CHOICE,
    )


class PlanForm(BaseForm):
    """Plan a talk: when, with whom, where."""

    day = DayField(
        _l("Date"),
        validators=[InputRequired(message=_l("Fill in the date of the talk.")), InRange()],
    )
    time = TimeField(
        _l("Time"),
        validators=[InputRequired(message=_l("Fill in the time of the talk."))],
        invalid_value_message=_l("This is not a time we can read. Use for example 09:30."),
        description=_l("Don't know the exact time yet? Fill in an estimate; you can change it."),
    )
    with_whom = RadioField(
        _l("With whom?"),
        choices=options((kind.value, label) for kind, label in WITH_WHOM_LABELS.items()),
        validators=[InputRequired(message=_l("Choose who the talk is with."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    with_whom_other = line(_l("Who, if someone else? (optional)"), 200)
    place = line(_l("Place or video link (optional)"), 500)


class GoalsForm(BaseForm):
    """Step 1: up to three goals; empty is fine, a draft is saved as it is."""

    goal_1 = text(_l("Goal 1"), MAX_GOAL, render_kw={"rows": 2})
    goal_2 = text(_l("Goal 2"), MAX_GOAL, render_kw={"rows": 2})
    goal_3 = text(_l("Goal 3"), MAX_GOAL, render_kw={"rows": 2})


class ChangedForm(BaseForm):
    """Step 2: what changed since the last talk."""

    changed = text(
        _l("What changed since the last talk?"),
        description=_l(
            "For example your complaints, your energy, your work or your treatment. Did a "
            "treatment start or stop? What does it do for you? Is it aimed at building up "
            "what you can do?"
        ),
        render_kw={"rows": 6},
    )


class AbilityForm(Form):
    """One line of the can/cannot lists: what, with a concrete example."""

    what = line(_l("What"))
    example = line(_l("Example"))


class AbilitiesForm(BaseForm):
    """Step 3: what I can and what I cannot do, each with an example."""

    can_do = FieldList(FormField(AbilityForm), max_entries=MAX_ROWS)
    cannot_do = FieldList(FormField(AbilityForm), max_entries=MAX_ROWS)


class ProposalsForm(BaseForm):
    """Step 4: my proposals and a step plan I think is feasible."""

    proposals = text(
        _l("My proposals"),
        description=_l("Your own ideas: tasks, hours, adjustments, support."),
        render_kw={"rows": 5},
    )
    step_plan = FieldList(line(_l("Step")), max_entries=MAX_ROWS)


class QuestionsForm(BaseForm):
    """Step 5: suggested questions to tick, and my own."""

    suggested = MultiCheckboxField(
        _l("Suggested questions"),
        choices=options((key, label) for key, label in QUESTIONS.items()),
        invalid_choice_message=INVALID_CHOICE,
    )
    own = FieldList(line(_l("Question")), max_entries=MAX_ROWS)


class PrivateForm(BaseForm):
    """Step 6: what I keep to myself."""

    private_note = text(
        _l("What do I want to keep to myself?"),
        description=_l(
            "Only you see this. It is not on the talk card or the werkgeversversie, "
            "and it is never shared."
        ),
        render_kw={"rows": 4},
    )


class BringForm(BaseForm):
    """Step 7: the bring-along checklist."""

    bring = MultiCheckboxField(
        _l("What I bring along"),
        choices=options((key, label) for key, label in BRING_ITEMS.items()),
        invalid_choice_message=INVALID_CHOICE,
    )


class EvaluationForm(BaseForm):
    """Looking back: the two scales and two texts; goal questions are added per talk."""

    went_well = scale(_l("Did the talk go well? (1 = not at all, 5 = completely)"))
    felt_understood = scale(_l("Did you feel understood? (1 = not at all, 5 = completely)"))
    eval_good = text(_l("What went well?"), render_kw={"rows": 3})
    eval_differently = text(_l("What would you do differently next time?"), render_kw={"rows": 3})


def evaluation_form(goal_ids: list[int], **kwargs: Any) -> EvaluationForm:
    """Return an evaluation form with one reached/partly/not question per goal."""

    class TalkEvaluationForm(EvaluationForm):
        pass

    for goal_id in goal_ids:
        field = OptionalRadioField(
            _l("How far did you reach this goal?"),
            choices=options((r.value, label) for r, label in GOAL_RESULT_LABELS.items()),
            invalid_choice_message=INVALID_CHOICE,
        )
        setattr(TalkEvaluationForm, f"goal_{goal_id}", field)
    return TalkEvaluationForm(**kwargs)


class AgreementForm(BaseForm):
    """Note an agreement: what, who, by when."""

    what = TextAreaField(
        _l("What was agreed?"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            DataRequired(message=_l("Write down what was agreed.")),
            MaxLength(MAX_TEXT),
            NoControlCharacters(),
        ],
        render_kw={"rows": 2},
    )
    who = RadioField(
        _l("Who does it?"),
        choices=options((who.value, label) for who, label in AGREEMENT_WHO_LABELS.items()),
        default=AgreementWho.ME.value,
        validators=[InputRequired(message=_l("Choose who does it."))],
        invalid_choice_message=INVALID_CHOICE,
    )
    due_on = DayField(_l("By when? (optional)"), validators=[Optional(), InRange()])


class PreferencesForm(BaseForm):
    """Reminder e-mails: opt-in, with quiet hours."""

    wants_reminders = BooleanField(
        _l("Yes, send me a short e-mail 3 days before a talk and the day after it")
    )
    quiet_from = SelectField(
        _l("No e-mails from"),
        choices=options((h, f"{h:02d}:00") for h in range(24)),
        coerce=int,
        invalid_value_message=INVALID_CHOICE,
        invalid_choice_message=INVALID_CHOICE,
    )
    quiet_until = SelectField(
        _l("Until"),
        choices=options((h, f"{h:02d}:00") for h in range(24)),
        coerce=int,
        invalid_value_message=INVALID_CHOICE,
        invalid_choice_message=INVALID_CHOICE,
    )


def with_whom_of(form: PlanForm) -> WithWhom:
    """Return the chosen kind of talk."""
    return WithWhom(form.with_whom.data)
