"""The employee's account: profile, settings, privacy rights and sessions."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.account import views, views_email_change  # noqa: F401 - their routes join the blueprint

    return (bp,)
