"""Logging in and out, two-step login, passwords and invitations."""

from flask import Blueprint

bp = Blueprint("auth", __name__)


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.auth import views  # noqa: F401 - their routes join the blueprint

    return (bp,)
