"""Goal-setting before talks: plan, prepare, take a card along, evaluate, keep agreements."""

from flask import Blueprint

bp = Blueprint("consults", __name__, url_prefix="/gesprekken")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.consults import views, views_cards, views_lookback  # noqa: F401 - their routes join the blueprint

    return (bp,)
