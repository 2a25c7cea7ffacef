"""The employee's side: the shares by code, their use, revoke (made in /delen/nieuw)."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import clock
from portal.auth.models import Role
from portal.codeshare import bp
from portal.codeshare import services as codes
from portal.codeshare.models import CodeShare, code_shares_of
from portal.db import db
from portal.dossier.services import KIND_LABELS
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles
from portal.sharing.rendering import share_helpers as sharing_helpers

log = logging.getLogger(__name__)


@bp.context_processor
def share_helpers() -> dict[str, Any]:
    """Give the employee's page of a code share the helpers of the summary macro."""
    return sharing_helpers()


def own_code_share(share_id: int) -> CodeShare:
    """Load one of the current employee's shares by code; anyone else's answers 404."""
    share = db.session.get(CodeShare, share_id)
    if share is None or share.employee_id != current_user.id:
        abort(404)
    return share


@bp.route("/")
@roles(Role.EMPLOYEE)
def index() -> str:
    """List what the employee shared by code: with whom, until when, whether it was used."""
    return render_template(
        "codeshare/index.html",
        shares=code_shares_of(current_user.id),
        now=clock.now(),
        action_form=ActionForm(),
    )


@bp.route("/<int:share_id>")
@roles(Role.EMPLOYEE)
def detail(share_id: int) -> str:
    """Show one share by code: status and use; the link and code only right after making it."""
    share = own_code_share(share_id)
    once = session.pop(codes.ONCE, None)
    fresh = once if isinstance(once, dict) and once.get("id") == share.id else None
    link = url_for("viewer.open_share", token=fresh["token"], _external=True) if fresh else None
    return render_template(
        "codeshare/detail.html",
        share=share,
        link=link,
        code=fresh["code"] if fresh else None,
        status=share.status(clock.now()),
        action_form=ActionForm(),
        items=codes.thaw(share.snapshot),
        kind_labels=KIND_LABELS,
    )


@bp.route("/<int:share_id>/intrekken", methods=["POST"])
@roles(Role.EMPLOYEE)
def revoke(share_id: int) -> Response:
    """Stop the link in one click; it cannot be opened any more."""
    share = own_code_share(share_id)
    if ActionForm().validate_on_submit():
        if share.revoked_at is None:
            share.revoked_at = clock.now()
            db.session.commit()
            log.info("code share %s revoked by employee %s", share.id, current_user.id)
            flash(_("You stopped this link. It cannot be opened any more."), "success")
        else:
            flash(_("You had already stopped this link."), "info")
    return redirect(url_for("codeshare.detail", share_id=share.id))
