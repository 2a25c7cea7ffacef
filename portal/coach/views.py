"""The coach's pages: the caseload of assigned employees."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.auth.models import Role
from portal.links import services as links
from portal.security import roles

bp = Blueprint("coach", __name__, url_prefix="/coach")


@bp.route("/")
@roles(Role.COACH)
def index() -> str:
    """List the employees assigned to this coach (names only, nothing of their content)."""
    return render_template("coach/index.html", caseload=links.linked_employees(current_user.id))
