"""Sharing chosen summaries: a frozen, revocable snapshot for one linked recipient."""

from flask import Blueprint

bp = Blueprint("sharing", __name__, url_prefix="/delen")


def blueprints() -> tuple[Blueprint, ...]:
    """Return the feature's blueprint with every route module loaded."""
    from portal.sharing import (  # noqa: F401 - their routes join the blueprint
        views,
        views_advice,
        views_compose,
        views_crash_sentence,
        views_received,
    )

    return (bp,)
