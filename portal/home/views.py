"""Landing page, the home page of each role, and the health check."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.consults.services import home_summary as consults_summary
from portal.evaluation.services import home_prompt
from portal.home import bp
from portal.i18n import current_language
from portal.learning.services import continue_where_left, last_selfcheck
from portal.links import services as links
from portal.links.models import LinkKind
from portal.logbook.services import home_status as logbook_status
from portal.messages.services import home_summary as messages_summary
from portal.security import public
from portal.sharing.services import home_summary as sharing_summary
from portal.timeline.services import home_summary

ROLE_HOME = {
    Role.COACH: "coach.index",
    Role.PROFESSIONAL: "professional.index",
    Role.ADMIN: "admin.index",
}


@bp.route("/")
@public
def index() -> str | Response:
    """Show the landing page, the employee's home, or send staff to theirs."""
    if not current_user.is_authenticated:
        return render_template("home/landing.html")
    if current_user.role in ROLE_HOME:
        return redirect(url_for(ROLE_HOME[current_user.role]))
    user = current_user._get_current_object()  # the user itself: read some 20 times below
    care = links.open_links(user.id)
    return render_template(
        "home/employee.html",
        logbook=logbook_status(user.id),
        consults=consults_summary(user.id),
        learning=continue_where_left(user.id, current_language()),
        last_check=last_selfcheck(user.id),
        timeline=home_summary(user),
        messages=messages_summary(user),
        sharing=sharing_summary(user.id),
        evaluation_prompt=home_prompt(user),
        coach=next((link for link in care if link.kind is LinkKind.COACH), None),
        professionals=[link for link in care if link.kind is LinkKind.PROFESSIONAL],
    )


@bp.route("/privacy")
@public
def privacy() -> str:
    """Explain in plain words what the portal keeps and who sees what."""
    return render_template("home/privacy.html")


@bp.route("/hulp")
@public
def crisis() -> str:
    """Show where to find help at once (also linked in every footer)."""
    return render_template("home/crisis.html")


@bp.route("/healthz")
@public
def healthz() -> tuple[Response, int]:
    """Answer ok when the database answers at the code's schema (and Redis, when used)."""
    from portal.health import health_response

    return health_response()
