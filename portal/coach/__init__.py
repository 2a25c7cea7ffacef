"""The coach's side: the people they support, and their working day."""

from flask import Blueprint

bp = Blueprint("coach", __name__, url_prefix="/coach")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.coach import views  # noqa: F401 - their routes join the blueprint

    return (bp,)
