"""Readable names for access-log events and roles, in the user's language."""

from __future__ import annotations

from typing import Any

from portal.i18n import _l

#: Every event the portal writes; a feature that logs a new kind adds its label here.
EVENT_LABELS: dict[str, Any] = {
    "share.opened": _l("opened a summary you shared"),
    "share.pdf": _l("downloaded a summary you shared as PDF"),
    "conversation.read": _l("read your messages"),
    "coach.assigned": _l("linked a new coach to you"),
    "codeshare.opened": _l("opened with the code what you shared"),
    "codeshare.pdf": _l("downloaded with the code what you shared, as PDF"),
    "coach_context.read": _l("saw your week of absence or the date of your next talk"),
    "coach_notes.read": _l("read their notes about you"),
    "rulers.read": _l("saw your numbers on the importance and confidence rulers"),
    "suggestions.read": _l("saw whether you added the questions they suggested"),
    "access_log.read": _l("read this list of who looked at your data, for example at your request"),
}

ROLE_LABELS: dict[str, Any] = {
    "coach": _l("coach"),
    "professional": _l("bedrijfsarts or arbo professional"),
    "admin": _l("administrator"),
    "employee": _l("employee"),
    "code": _l("without an account, with the code"),
}
