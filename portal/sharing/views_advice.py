"""The employee decides on advice sent with a reply: take it over into my agreements, or not."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles
from portal.sharing import advice, bp
from portal.sharing.models import AdviceKind, AdviceState, ShareAdvice


def own_item(advice_id: int) -> ShareAdvice:
    """Load advice on one of the current employee's shares; anything else answers 404."""
    item = advice.own_advice(advice_id, current_user.id)
    if item is None:
        abort(404)
    return item


def back_url(item: ShareAdvice) -> str:
    """Return the address of the agreements page or of the share the advice came with."""
    if request.args.get("terug") == "afspraken":
        return url_for("consults.agreements")
    return url_for("sharing.detail", share_id=item.share_id)


def back_to(item: ShareAdvice) -> Response:
    """Return to the agreements page or to the share the advice came with."""
    return redirect(back_url(item))


@bp.route("/advies/<int:advice_id>/overnemen", methods=["POST"])
@roles(Role.EMPLOYEE)
def advice_accept(advice_id: int) -> str | Response:
    """Take a piece of advice over as my own agreement, or a build-up period into my plan."""
    item = own_item(advice_id)
    if ActionForm().validate_on_submit():
        if item.state is not AdviceState.OPEN:
            flash(_("You already decided on this advice."), "info")
        elif item.kind is AdviceKind.BUILD_UP:
            mine = advice.period_in_the_way(item, current_user.id)
            if mine is not None and request.form.get("vervangen") != "ja":
                # A period of my own starts that day: ask before its numbers change.
                return render_template(
                    "sharing/advice_replace.html",
                    item=item,
                    mine=mine,
                    back=back_url(item),
                    form=ActionForm(),
                )
            advice.accept_buildup(item, current_user.id)
            db.session.commit()
            flash(_("Taken over into your build-up plan."), "success")
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
