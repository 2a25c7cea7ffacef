"""The arbo professional's side: the people linked to them and what was shared."""

from flask import Blueprint

bp = Blueprint("professional", __name__, url_prefix="/professional")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.professional import views  # noqa: F401 - their routes join the blueprint

    return (bp,)
