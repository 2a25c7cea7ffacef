"""The organisation's figures page and its CSV export: aggregates only, never a person."""

from __future__ import annotations

from flask import Response, current_app, render_template, request

from portal.auth.models import Role
from portal.consults.services import local_today
from portal.evaluation import bp, report
from portal.evaluation.figures import RECOMMEND_FROM, figures
from portal.evaluation.forms import PeriodForm
from portal.evaluation.services import min_group, parse_period
from portal.i18n import current_language
from portal.security import roles


def asked_figures() -> tuple[PeriodForm, bool, report.Table]:
    """Read the period from the query string and compute the table for it."""
    form = PeriodForm(request.args)
    period, is_valid = parse_period(
        request.args.get("van", "")[:20], request.args.get("tot", "")[:20], local_today()
    )
    if not is_valid:
        form.van.data, form.tot.data = "", ""
    result = figures(period, min_group(current_app.config))
    return form, is_valid, report.table(result, current_language())


@bp.route("/")
@roles(Role.ADMIN)
def index() -> str:
    """Show the pilot's measures for this portal, beside the pilot's own figures."""
    form, is_valid, table = asked_figures()
    return render_template(
        "evaluation/index.html",
        form=form,
        is_valid=is_valid,
        table=table,
        recommend_from=RECOMMEND_FROM,
    )


@bp.route("/export.csv")
@roles(Role.ADMIN)
def export() -> Response:
    """Download the same aggregate table as CSV; withheld cells stay withheld."""
    _form, _is_valid, table = asked_figures()
    period = table.figures.period
    name = f"evaluatie-{period.first_month or 'begin'}-{period.last_month}.csv"
    return Response(
        report.to_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
