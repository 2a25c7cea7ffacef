"""The organisation's administration: users, links between people, content feedback."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.admin import views  # noqa: F401 - their routes join the blueprint

    return (bp,)
