"""What the summary macro (sharing/_share.html) needs to render a snapshot.

Used by every page that shows a summary: the employee's preview and own share, the
recipient's page and PDF, and the page and PDF of a person who opens a share with a code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.i18n import _, number
from portal.sharing.evidence import per_heading
from portal.sharing.figures import overview_lines, period_hours_lines, setback_load_line
from portal.sharing.sections import SECTION_LABELS


def as_date(value: str) -> dt.date:
    """Read an ISO date from a snapshot."""
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


def share_helpers() -> dict[str, Any]:
    """Return the section headings and the number and date helpers of the summary macro."""
    return {
        "section_labels": SECTION_LABELS,
        "as_date": as_date,
        "number": number,
        "hours_lines": period_hours_lines,
        "crash_confidence": crash_confidence,
        "overview_lines": overview_lines,
        "setback_load_line": setback_load_line,
        "capacity_evidence": per_heading,
    }
