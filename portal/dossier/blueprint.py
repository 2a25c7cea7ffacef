"""The dossier blueprint; uploads may be larger than the portal's general request limit."""

from __future__ import annotations

from flask import Blueprint, request
from flask.sansio.blueprints import BlueprintSetupState

bp = Blueprint("dossier", __name__, url_prefix="/dossier")

#: Largest attached file, and the request limit on the pages that take one.
MAX_FILE_BYTES = 5 * 1024 * 1024
UPLOAD_REQUEST_LIMIT = MAX_FILE_BYTES + 64 * 1024
UPLOAD_ENDPOINTS = frozenset({"dossier.new_entry", "dossier.edit_entry"})


def _raise_upload_limit() -> None:
    """Allow a 5 MB file on the upload pages only (before CSRF reads the form)."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = UPLOAD_REQUEST_LIMIT


@bp.record_once
def _first(state: BlueprintSetupState) -> None:
    state.app.before_request_funcs.setdefault(None, []).insert(0, _raise_upload_limit)
