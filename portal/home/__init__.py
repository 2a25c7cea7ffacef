"""The start page: what matters today, in one screen."""

from flask import Blueprint

bp = Blueprint("home", __name__)


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.home import views  # noqa: F401 - their routes join the blueprint

    return (bp,)
