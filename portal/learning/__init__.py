"""The e-learning 'Mijn Re-integratieplan' and the self-checks."""

from flask import Blueprint

bp = Blueprint("learning", __name__, url_prefix="/leren")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.learning import views, views_selfchecks  # noqa: F401 - their routes join the blueprint

    return (bp,)
