"""The messages blueprint, shared by the view modules of this feature."""

from __future__ import annotations

from flask import Blueprint

from portal.messages.text import message_html

bp = Blueprint("messages", __name__, url_prefix="/berichten")
bp.add_app_template_filter(message_html, "message_html")
