"""Personal Poortwachter timeline: legal dates worked out from the first sick day."""

from flask import Blueprint

bp = Blueprint("timeline", __name__, url_prefix="/tijdlijn")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.timeline import views  # noqa: F401 - their routes join the blueprint

    return (bp,)
