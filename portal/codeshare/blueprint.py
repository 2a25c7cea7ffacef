"""Two blueprints: the employee's side under /delen/code, the recipient's under /inzien."""

from flask import Blueprint

bp = Blueprint("codeshare", __name__, url_prefix="/delen/code")
public_bp = Blueprint("viewer", __name__, url_prefix="/inzien")
