"""Messages between an employee and their coach, check-ins and coach support."""

from flask import Blueprint

bp = Blueprint("messages", __name__, url_prefix="/berichten")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.messages import views, views_coach, views_settings  # noqa: F401 - their routes join the blueprint

    return (bp,)
