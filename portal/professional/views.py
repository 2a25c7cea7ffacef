"""The professional's pages: invitations to accept and the employees linked."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _
from portal.links import services as links
from portal.links.models import LinkStatus
from portal.professional import bp
from portal.security import roles
from portal.sharing import services as sharing


@bp.route("/")
@roles(Role.PROFESSIONAL)
def index() -> str:
    """Show waiting invitations, the summaries shared with me, and my linked employees."""
    return render_template(
        "professional/index.html",
        invitations=links.pending_invitations(current_user.id),
        linked=links.linked_employees(current_user.id),
        shared=sharing.received_for(current_user.id),
    )


@bp.route("/uitnodigingen/<int:link_id>/<any(accepteren, weigeren):answer>", methods=["POST"])
@roles(Role.PROFESSIONAL)
def answer_invitation(link_id: int, answer: str) -> Response:
    """Accept or decline an employee's invitation addressed to this professional."""
    link = links.link_for_carer_or_none(link_id, current_user.id, LinkStatus.INVITED)
    if link is None:
        abort(404)
    if ActionForm().validate_on_submit():
        if answer == "accepteren":
            links.accept(link)
            flash(_("The link is active."), "success")
        else:
            links.end_link(link)
            flash(_("The invitation is declined."), "info")
        db.session.commit()
    return redirect(url_for("professional.index"))
