"""The consults blueprint and the helpers its view modules share."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint
from flask_babel import format_date, format_time

from portal.consults.models import Agreement, Consult
from portal.consults.services import load_goals
from portal.i18n import _
from portal.security import get_owned_or_404

bp = Blueprint("consults", __name__, url_prefix="/gesprekken")


def own_talk(consult_id: int) -> Consult:
    """Load one of the current employee's talks with its goals; anything else is 404."""
    return load_goals(get_owned_or_404(Consult, consult_id))


def own_agreement(agreement_id: int) -> Agreement:
    """Load one of the current employee's agreements; anything else is 404."""
    return get_owned_or_404(Agreement, agreement_id)


@bp.app_template_filter("talk_when")
def talk_when(moment: dt.datetime) -> str:
    """Format the start of a talk in Dutch local time: weekday, date and time."""
    day, time = format_date(moment, "full"), format_time(moment, "HH:mm")
    return _("%(date)s at %(time)s", date=day, time=time)
