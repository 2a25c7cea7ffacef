"""The sharing blueprint and the template helpers its pages share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint

from portal.i18n import _, number
from portal.sharing.figures import overview_lines, period_hours_lines, setback_load_line
from portal.sharing.sections import SECTION_LABELS

bp = Blueprint("sharing", __name__, url_prefix="/delen")


def as_date(value: str) -> dt.date:
    """Read an ISO date from a snapshot."""
    return dt.date.fromisoformat(value)


@bp.app_template_filter("iso_date")
def iso_date(value: str) -> dt.date:
    """Read an ISO date stored in a share's details (the inbox lists of every recipient)."""
    return dt.date.fromisoformat(value)


def crash_confidence(level: str | None, crashes: int, busy: int) -> str:
    """Say how sure the crash pattern is, in words."""
    if level == "high":
        return _(
            "fairly sure: after %(crashes)d of %(busy)d busier days", crashes=crashes, busy=busy
        )
    if level == "medium":
        return _(
            "a possible pattern: after %(crashes)d of %(busy)d busier days",
            crashes=crashes,
            busy=busy,
        )
    return _("not yet sure: still few days to compare with")


@bp.context_processor
def helpers() -> dict[str, Any]:
    """Give the sharing pages the section headings and the number and date helpers."""
    return {
        "section_labels": SECTION_LABELS,
        "as_date": as_date,
        "number": number,
        "hours_lines": period_hours_lines,
        "crash_confidence": crash_confidence,
        "overview_lines": overview_lines,
        "setback_load_line": setback_load_line,
    }
