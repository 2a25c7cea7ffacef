""" "My view": the dossier for a chosen period and chosen items, previewed and as one PDF."""

from __future__ import annotations

import logging

from flask import render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.dossier import bp
from portal.dossier import services as dossier
from portal.dossier.forms import FilterForm
from portal.security import roles
from portal.sharing.services import render_pdf

log = logging.getLogger(__name__)


def chosen_items() -> tuple[FilterForm, list[dossier.Item], list[dossier.Item]]:
    """Return the filter form, the items in the chosen period, and those left in."""
    form, items, kept = dossier.chosen(current_user.id, request.args)
    return form, items, kept


@bp.route("/mijn-kijk")
@roles(Role.EMPLOYEE)
def my_view() -> str:
    """Choose period and items for "my view" and preview it exactly as it will be printed."""
    form, items, kept = chosen_items()
    kept_keys = {item.key for item in kept}
    return render_template(
        "dossier/my_view.html",
        form=form,
        items=items,
        kept=kept,
        kept_keys=kept_keys,
        left_out=[item.key for item in items if item.key not in kept_keys],
        kind_labels=dossier.KIND_LABELS,
        pdf_args=request.args.to_dict(flat=False),
    )


@bp.route("/mijn-kijk.pdf")
@roles(Role.EMPLOYEE)
def my_view_pdf() -> Response:
    """Download "my view" as one PDF, with the same choice as the preview."""
    _form, _items, kept = chosen_items()
    html = render_template(
        "dossier/my_view_pdf.html",
        kept=kept,
        kind_labels=dossier.KIND_LABELS,
        name=current_user.name,
    )
    response = Response(render_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="mijn-kijk.pdf"'
    response.headers["Cache-Control"] = "no-store"
    log.info("employee %s downloaded my view (%s items)", current_user.id, len(kept))
    return response
