"""The weekly belastbaarheid self-rating: about a minute, in the headings a bedrijfsarts uses.

The six headings follow the public structure of the rubrics doctors and UWV use to describe
functional capacity (personal and social functioning, the physical environment, dynamic
and static demands, working hours), in our own words; no licensed questionnaire is copied.
Per heading the employee says how it goes (3 well, 2 with limits, 1 not yet) and may add
an example or a duration in their own words. One rating per week (Monday), sealed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from portal.db import db
from portal.i18n import _l
from portal.logbook.models import CapacityRating

#: The headings, in the order of the form and the summary, with a short explanation.
RUBRICS: dict[str, tuple[Any, Any]] = {
    "personal": (
        _l("Personal functioning"),
        _l("Attention, remembering, handling pressure, working on your own."),
    ),
    "social": (
        _l("Social functioning"),
        _l("Dealing with people: colleagues, customers, meetings, conflicts."),
    ),
    "environment": (
        _l("Physical environment"),
        _l("Noise, light, screens, temperature, busy places."),
    ),
    "dynamic": (
        _l("Moving (dynamic demands)"),
        _l("Walking, lifting, bending, climbing stairs, travelling."),
    ),
    "static": (
        _l("Staying in one position (static demands)"),
        _l("Sitting, standing or looking at a screen for a long time."),
    ),
    "hours": (
        _l("Working hours"),
        _l("Hours a day, days a week, breaks, evenings."),
    ),
}
#: How it goes, from best to worst: the value stored per heading.
LEVELS: dict[int, Any] = {
    3: _l("Goes well"),
    2: _l("Goes, with limits"),
    1: _l("Does not go yet"),
}
MAX_EXAMPLE = 300


def monday(day: dt.date) -> dt.date:
    """Return the Monday of a day's week."""
    return day - dt.timedelta(days=day.weekday())


def rating_of(user_id: int, week_of: dt.date) -> CapacityRating | None:
    """Return the employee's rating of one week, if any."""
    return db.session.scalar(
        select(CapacityRating).where(
            CapacityRating.user_id == user_id, CapacityRating.week_of == week_of
        )
    )


def latest(user_id: int, on_or_before: dt.date | None = None) -> CapacityRating | None:
    """Return the most recent rating, optionally of a week starting on or before a day."""
    query = select(CapacityRating).where(CapacityRating.user_id == user_id)
    if on_or_before is not None:
        query = query.where(CapacityRating.week_of <= on_or_before)
    return db.session.scalar(query.order_by(CapacityRating.week_of.desc()).limit(1))


def since_talk(user_id: int, talk_day: dt.date | None, this_week: dt.date) -> CapacityRating | None:
    """Return the rating to compare with: the last one up to the last talk, before this week."""
    if talk_day is None:
        return None
    return latest(user_id, min(talk_day, this_week - dt.timedelta(days=1)))


def trend(now: dict[str, Any], then: dict[str, Any] | None) -> dict[str, str]:
    """Return per heading "better", "same" or "worse" compared with an earlier rating."""
    result = {}
    for key in RUBRICS:
        level, earlier = (
            (now.get(key) or {}).get("level"),
            ((then or {}).get(key) or {}).get("level"),
        )
        if level is None or earlier is None:
            continue
        result[key] = "better" if level > earlier else "worse" if level < earlier else "same"
    return result
