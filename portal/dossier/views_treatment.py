"""The employee's treatment status: who treats them, recorded once, used in summaries."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.db import db
from portal.dossier import bp, treatment
from portal.dossier.forms import TreatmentForm
from portal.dossier.models import Treatment, treatment_of
from portal.forms import pad_rows
from portal.i18n import _, current_language
from portal.security import roles
from portal.timeline.services import get_timeline

log = logging.getLogger(__name__)


@bp.route("/behandeling", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def treatment_page() -> str | Response | tuple[str, int]:
    """Show and record who treats the employee; bad input changes nothing."""
    current = treatment_of(current_user.id)
    if request.method == "POST":
        form = TreatmentForm()
    else:
        form = TreatmentForm(data={"treaters": saved_rows(current)})
    if form.validate_on_submit():
        kept = form.kept()
        if not kept and current is not None:
            db.session.delete(current)
        elif kept:
            if current is None:
                current = Treatment(employee_id=current_user.id)
                db.session.add(current)
            current.content = {"treaters": kept}
        db.session.commit()
        log.info("treatment status saved by employee %s", current_user.id)
        flash(_("Your treatment is saved."), "success")
        return redirect(url_for("dossier.treatment_page"))
    pad(form)
    page = render_template(
        "dossier/treatment.html",
        form=form,
        saved=current,
        consent=get_timeline().get(treatment.CONSENT_STEP),
        lang=current_language(),
        max_treaters=treatment.MAX_TREATERS,
    )
    return (page, 400) if request.method == "POST" else page


def saved_rows(current: Treatment | None) -> list[dict[str, str | None]]:
    """Return the stored treaters as the form shows them."""
    if current is None:
        return []
    return [row | {"since": treatment.since_for_form(row.get("since"))} for row in current.treaters]


def pad(form: TreatmentForm) -> None:
    """Offer one empty row after the filled ones: at least two rows, at most the maximum."""
    filled = sum(1 for entry in form.treaters if not entry.form.is_blank())
    pad_rows(form.treaters, filled, 2, treatment.MAX_TREATERS)
