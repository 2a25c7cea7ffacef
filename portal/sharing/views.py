"""The employee's shares: the list, one share with replies, revoke, and share again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from portal import clock
from portal.auth.models import Role
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles
from portal.sharing import bp
from portal.sharing import services as sharing
from portal.sharing.advice import advice_by_reply, kind_labels
from portal.sharing.models import Share
from portal.sharing.rendering import share_helpers
from portal.sharing.sections import OWN_WORDS


def own_share(share_id: int) -> Share:
    """Load one of the current employee's shares with recipient and link; else 404."""
    share = db.session.scalar(
        select(Share)
        .options(joinedload(Share.recipient), joinedload(Share.link))
        .where(Share.id == share_id, Share.employee_id == current_user.id)
    )
    if share is None:
        abort(404)
    return share


@bp.route("/")
@roles(Role.EMPLOYEE)
def index() -> str:
    """List what the employee shared: with whom, when, which parts, read or not, replies."""
    return render_template(
        "sharing/index.html",
        shares=sharing.shares_of(current_user.id),
        replies=sharing.reply_counts(current_user.id),
        has_draft=sharing.draft_of(current_user.id) is not None,
        now=clock.now(),
        status_of=sharing.status_of,
        action_form=ActionForm(),
    )


@bp.route("/<int:share_id>")
@roles(Role.EMPLOYEE)
def detail(share_id: int) -> str:
    """Show one share as the recipient sees it, whether it was read, and the replies."""
    share = own_share(share_id)
    return render_template(
        "sharing/detail.html",
        share=share,
        snapshot=share.snapshot,
        replies=sharing.replies_to(share.id),
        advice=advice_by_reply(share.id),
        advice_labels=kind_labels(),
        action_form=ActionForm(),
        status=sharing.status_of(share, clock.now()),
    )


@bp.route("/<int:share_id>/intrekken", methods=["POST"])
@roles(Role.EMPLOYEE)
def revoke(share_id: int) -> Response:
    """Stop sharing in one click; the recipient's next request answers 404."""
    share = own_share(share_id)
    if ActionForm().validate_on_submit():
        if sharing.revoke(share):
            db.session.commit()
            flash(_("You stopped sharing this summary. It cannot be opened any more."), "success")
        else:
            flash(_("You had already stopped sharing this summary."), "info")
    if request.args.get("terug") == "lijst":
        return redirect(url_for("sharing.index"))
    return redirect(url_for("sharing.detail", share_id=share.id))


@bp.route("/<int:share_id>/opnieuw", methods=["POST"])
@roles(Role.EMPLOYEE)
def again(share_id: int) -> Response:
    """Start an updated version: the same choices, fresh data, and my own words kept."""
    share = own_share(share_id)
    if ActionForm().validate_on_submit():
        sharing.save_draft(current_user.id, again_content(share))
        db.session.commit()
        flash(_("Check your choices. The figures and texts are filled in again."), "info")
    return redirect(url_for("sharing.new"))


def again_content(share: Share) -> dict[str, Any]:
    """Return a draft with the choices of an earlier share; the logbook period ends today."""
    parts = {part["key"]: part for part in share.snapshot.get("sections", [])}
    content: dict[str, Any] = {
        "recipient_id": share.recipient_id,
        "sections": share.sections,
        "title": share.title or "",
        "keep": {key: parts[key]["text"] for key in OWN_WORDS if parts.get(key, {}).get("text")},
    }
    chosen = parts.get("dossier", {}).get("dossier")
    if chosen:  # the same period, kinds and left-out items, the rest as it is now
        content.update(
            dossier_start=chosen.get("start"),
            dossier_end=chosen.get("end"),
            dossier_kinds=chosen.get("kinds", []),
            dossier_left_out=chosen.get("left_out", []),
        )
    # The same length of period, for the logbook figures or else the capacity facts.
    figures = parts.get("logbook", {}).get("figures") or parts.get("capacity", {}).get("evidence")
    if figures:
        length = dt.date.fromisoformat(figures["end"]) - dt.date.fromisoformat(figures["start"])
        end = clock.today()
        content.update(start=(end - length).isoformat(), end=end.isoformat())
    return content


@bp.app_template_filter("iso_date")
def iso_date(value: str) -> dt.date:
    """Read an ISO date stored in a share's details (the inbox lists of every recipient)."""
    return dt.date.fromisoformat(value)


@bp.context_processor
def helpers() -> dict[str, Any]:
    """Give the sharing pages the section headings and the number and date helpers."""
    return share_helpers()
