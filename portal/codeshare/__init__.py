"""Sharing with someone without an account: a link plus a separate code, time-limited."""

from flask import Blueprint

bp = Blueprint("codeshare", __name__, url_prefix="/delen/code")
public_bp = Blueprint("viewer", __name__, url_prefix="/inzien")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprints with every route module loaded."""
    from portal.codeshare import views, views_public  # noqa: F401 - their routes join the blueprint

    return (
        bp,
        public_bp,
    )
