"""The coach's pages: the caseload of assigned employees."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.auth.models import Role
from portal.i18n import current_language
from portal.links import services as links
from portal.messages import services as messages
from portal.messages.text import coach_content
from portal.security import roles
from portal.sharing import services as sharing

bp = Blueprint("coach", __name__, url_prefix="/coach")


@bp.route("/")
@roles(Role.COACH)
def index() -> str:
    """List the assigned employees with unread messages and the next check-in, nothing more.

    A constant number of queries, whatever the caseload: links, unread counts and check-in
    dates are each one query (grouped per link).
    """
    lang = current_language()
    return render_template(
        "coach/index.html",
        caseload=links.linked_employees(current_user.id),
        unread=messages.unread_by_link(current_user.id),
        checkins=messages.next_checkin_by_link(current_user.id),
        away=messages.away_notice(current_user.id, messages.local_today()),
        mi_card=coach_content("mi-card", lang),
        crisis=coach_content("crisis", lang),
        shared=sharing.received_for(current_user.id),
    )
