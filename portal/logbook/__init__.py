"""Reintegration logbook: daily self-observation with trends and a pacing signal."""

from flask import Blueprint

bp = Blueprint("logbook", __name__, url_prefix="/logboek")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.logbook import (  # noqa: F401 - their routes join the blueprint
        views,
        views_buildup,
        views_capacity,
    )

    return (bp,)
