"""Reintegration logbook: daily self-observation with trends and a pacing signal."""

from flask import Blueprint

bp = Blueprint("logbook", __name__, url_prefix="/logboek")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.logbook import views, views_buildup  # noqa: F401 - their routes join the blueprint

    return (bp,)
