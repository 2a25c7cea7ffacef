"""The employee's own reintegration dossier: contacts, documents, notes, the plan van aanpak
and their treatment status."""

from flask import Blueprint

bp = Blueprint("dossier", __name__, url_prefix="/dossier")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.dossier import views, views_export, views_plan, views_treatment  # noqa: F401 - their routes join the blueprint

    return (bp,)
