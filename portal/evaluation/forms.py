"""Forms: the period filter, the quarterly question, and the outcome questions (choices only)."""

from __future__ import annotations

from typing import Any

from wtforms import IntegerField, RadioField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional

from portal.evaluation.models import Helped, TreatmentChange, WorkingStatus
from portal.forms import INVALID_CHOICE, BaseForm, int_or_none, options
from portal.i18n import _l

HELPED_LABELS = {
    Helped.YES: _l("Yes"),
    Helped.PARTLY: _l("Partly"),
    Helped.NO: _l("No"),
}
WORKING_LABELS = {
    WorkingStatus.FULL: _l("Yes, my full hours"),
    WorkingStatus.PARTLY: _l("Yes, part of my hours"),
    WorkingStatus.NOT: _l("No, not at the moment"),
}
TREATMENT_LABELS = {
    TreatmentChange.NEW: _l("Yes, I got a new treatment"),
    TreatmentChange.ADJUSTED: _l("Yes, my treatment was adjusted"),
    TreatmentChange.NO: _l("No"),
    TreatmentChange.DONT_KNOW: _l("I don't know"),
}
HOURS_MESSAGE = _l("Fill in a number of hours from 0 to 60.")


class HoursField(IntegerField):
    """Whole hours, with our own message when the text is not a number."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the number; a text that is not one gets a clear message."""
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(HOURS_MESSAGE)) from exc


SEVEN_POINT = options(
    [(1, _l("1 - very little")), *((n, str(n)) for n in range(2, 7)), (7, _l("7 - very much"))]
)


class PeriodForm(BaseForm):
    """From month to month (YYYY-MM), read from the query string."""

    class Meta:
        csrf = False

    van = StringField(
        _l("From month"), description=_l("For example 2026-01. Empty: from the start.")
    )
    tot = StringField(_l("To month"), description=_l("For example 2026-03. Empty: last month."))


class HelpedForm(BaseForm):
    """ "Did Eigen Regie help you reach your goals?" with three answers."""

    answer = RadioField(
        _l("Did Eigen Regie help you reach your goals?"),
        choices=options((h.value, label) for h, label in HELPED_LABELS.items()),
        validators=[InputRequired(message=_l("Choose an answer, or choose 'Not now'."))],
        invalid_choice_message=INVALID_CHOICE,
    )


class OutcomeForm(BaseForm):
    """One round of the optional outcome questions; every question may be left open."""

    working_status = RadioField(
        _l("Are you working at the moment?"),
        description=_l("Being on a contract but fully absent counts as not working."),
        choices=options((w.value, label) for w, label in WORKING_LABELS.items()),
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    hours_per_week = HoursField(
        _l("If you work part of your hours: how many hours a week?"),
        validators=[Optional(), NumberRange(0, 60, message=HOURS_MESSAGE)],
    )
    insight_complaints = RadioField(
        _l("How much insight do you have into your own complaints?"),
        choices=SEVEN_POINT,
        coerce=int_or_none,
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    insight_capacity = RadioField(
        _l("How much insight do you have into what you can do (your capacity)?"),
        choices=SEVEN_POINT,
        coerce=int_or_none,
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )
    treatment_changed = RadioField(
        _l("Has your treatment changed since you started with Eigen Regie?"),
        choices=options((t.value, label) for t, label in TREATMENT_LABELS.items()),
        validators=[Optional()],
        invalid_choice_message=INVALID_CHOICE,
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """Also ask for at least one answer, and for hours only when working part-time."""
        if not super().validate(extra_validators):
            return False
        if self.hours_per_week.data is not None and self.working_status.data != "partly":
            self.hours_per_week.errors = [
                _l("Hours are only asked when you work part of your hours. Leave this empty.")
            ]
            return False
        fields = (self.working_status, self.insight_complaints, self.insight_capacity)
        if not any(f.data for f in (*fields, self.treatment_changed)):
            self.working_status.errors = [_l("Answer at least one question, or go back.")]
            return False
        return True
