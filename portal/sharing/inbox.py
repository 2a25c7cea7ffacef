"""What a recipient's inbox shows to match a share to their own file.

Frozen with the share (sealed), chosen by the employee: the week of absence on the day of
sharing, the date of the talk the summary is for, and, only when the employee added them,
their date of birth and the employer's name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from portal.logbook import services as logbook


def week_of_absence(sick_since: dt.date | None, on: dt.date) -> int | None:
    """Return the week of absence on a day (the first sick day is in week 1)."""
    if sick_since is None or on < sick_since:
        return None
    return (on - sick_since).days // 7 + 1


def details(employee_id: int, content: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """Return the inbox details of a share made today from the draft's content."""
    return {
        "week_of_absence": week_of_absence(logbook.sick_since(employee_id), on),
        "talk_date": content.get("talk_date"),
        "birth_date": content.get("birth_date"),
        "employer_name": content.get("employer_name") or None,
    }
