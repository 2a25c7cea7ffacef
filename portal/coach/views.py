"""The coach's pages: the caseload of assigned employees."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from portal.audit.services import logged_reads
from portal.auth.models import Role
from portal.coach import bp
from portal.coach import services as coach
from portal.i18n import current_language
from portal.links import services as links
from portal.messages import services as messages
from portal.messages.text import coach_content
from portal.security import roles
from portal.sharing import services as sharing


@bp.route("/")
@roles(Role.COACH)
def index() -> str:
    """List the assigned employees with unread messages and the next check-in, nothing more.

    A constant number of queries, whatever the caseload: links, unread counts, check-in
    dates and the context strips are each one query (grouped per link); only an access-log
    row per person whose shared week or talk date is shown is written on top.
    """
    lang = current_language()
    caseload = links.linked_employees(current_user.id)
    strips = coach.contexts(caseload)
    with logged_reads():  # what the employee chose to share is a read of their data
        for link in caseload:
            if strips[link.id].has_shared_data:
                coach.log_read(coach.CONTEXT_READ, link, "context")
    return render_template(
        "coach/index.html",
        caseload=caseload,
        strips=strips,
        unread=messages.unread_by_link(current_user.id),
        checkins=messages.next_checkin_by_link(current_user.id),
        away=messages.away_notice(current_user.id, messages.local_today()),
        mi_card=coach_content("mi-card", lang),
        crisis=coach_content("crisis", lang),
        shared=sharing.received_for(current_user.id),
    )
