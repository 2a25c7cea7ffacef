"""Forms for account and link management."""

from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Optional

from portal.auth.forms import email_field, name_field
from portal.forms import (
    INVALID_CHOICE,
    BaseForm,
    MaxLength,
    options,
)
from portal.i18n import _l

STAFF_ROLES = options(
    [
        ("coach", _l("Coach (ervaringsdeskundige)")),
        ("professional", _l("Professional (bedrijfsarts or other arbo professional)")),
        ("admin", _l("Administrator")),
    ]
)


class CreateAccountForm(BaseForm):
    """Create a coach, professional or admin account; they set their own password."""

    name = name_field(_l("Name"), message=_l("Fill in a name."))
    email = email_field()
    role = SelectField(
        _l("Role"),
        choices=STAFF_ROLES,
        validators=[InputRequired(message=_l("Choose a role."))],
        invalid_choice_message=INVALID_CHOICE,
    )


class AssignCoachForm(BaseForm):
    """Assign a coach to an employee, found by the employee's e-mail address."""

    employee_email = email_field()
    coach_id = SelectField(
        _l("Coach"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a coach."))],
        invalid_choice_message=INVALID_CHOICE,
    )


class SearchForm(BaseForm):
    """Search accounts by name or e-mail address (GET, no CSRF needed)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), validators=[Optional(), MaxLength(100)])
