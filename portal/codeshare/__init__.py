"""Sharing with someone without an account: a link plus a separate code, time-limited."""

from portal.codeshare import views, views_public  # noqa: F401 - their routes join the blueprints
from portal.codeshare.blueprint import bp, public_bp

__all__ = ["bp", "public_bp"]
