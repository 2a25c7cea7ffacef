"""Evaluation: the pilot's measures as anonymous figures, and the employee's outcome questions."""

from flask import Blueprint

bp = Blueprint("evaluation", __name__, url_prefix="/admin/evaluatie")
outcomes_bp = Blueprint("outcomes", __name__, url_prefix="/account/evaluatie")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprints with every route module loaded."""
    from portal.evaluation import views, views_outcomes  # noqa: F401 - their routes join the blueprint

    return (
        bp,
        outcomes_bp,
    )
