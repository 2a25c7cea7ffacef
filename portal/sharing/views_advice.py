"""The employee decides on advice sent with a reply: take it over into my agreements, or not."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles
from portal.sharing import advice, bp
from portal.sharing.models import AdviceState, ShareAdvice


def own_item(advice_id: int) -> ShareAdvice:
    """Load advice on one of the current employee's shares; anything else answers 404."""
    item = advice.own_advice(advice_id, current_user.id)
    if item is None:
        abort(404)
    return item


def back_to(item: ShareAdvice) -> Response:
    """Return to the agreements page or to the share the advice came with."""
    if request.args.get("terug") == "afspraken":
        return redirect(url_for("consults.agreements"))
    return redirect(url_for("sharing.detail", share_id=item.share_id))


@bp.route("/advies/<int:advice_id>/overnemen", methods=["POST"])
@roles(Role.EMPLOYEE)
def advice_accept(advice_id: int) -> Response:
    """Take a piece of advice over as my own agreement, with its date."""
    item = own_item(advice_id)
    if ActionForm().validate_on_submit():
        if item.state is not AdviceState.OPEN:
            flash(_("You already decided on this advice."), "info")
        else:
            advice.accept(item, current_user.id)
            db.session.commit()
            flash(_("Taken over into your agreements."), "success")
    return back_to(item)


@bp.route("/advies/<int:advice_id>/afwijzen", methods=["POST"])
@roles(Role.EMPLOYEE)
def advice_decline(advice_id: int) -> Response:
    """Leave a piece of advice out of my agreements."""
    item = own_item(advice_id)
    if ActionForm().validate_on_submit():
        if item.state is not AdviceState.OPEN:
            flash(_("You already decided on this advice."), "info")
        else:
            advice.decline(item)
            db.session.commit()
            flash(_("Not taken over. The advice stays visible with the note."), "success")
    return back_to(item)
