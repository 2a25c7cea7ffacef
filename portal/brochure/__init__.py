"""The Werkwijzer brochure: chapters, obstacles table, search, print view and PDF."""

from flask import Blueprint

bp = Blueprint("brochure", __name__, url_prefix="/werkwijzer")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.brochure import views  # noqa: F401 - their routes join the blueprint

    return (bp,)
