"""One clock for the whole portal: UTC moments, Dutch calendar days, frozen once in tests.

Every page and command asks this module for "now" and "today", so that around midnight all
pages agree on the date (the Netherlands' date, whatever the server's time zone is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

#: The portal's users live in the Netherlands: days, talks and reminders follow this zone.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """Return the current moment as an aware UTC datetime."""
    return _frozen if _frozen is not None else dt.datetime.now(dt.UTC)


def local_date(moment: dt.datetime) -> dt.date:
    """Return the Dutch calendar date of an aware moment."""
    return moment.astimezone(AMSTERDAM).date()


def today() -> dt.date:
    """Return today's date in the Netherlands."""
    return local_date(now())


def to_utc(day: dt.date, time: dt.time) -> dt.datetime:
    """Combine a Dutch local date and time into an aware UTC datetime."""
    return dt.datetime.combine(day, time, tzinfo=AMSTERDAM).astimezone(dt.UTC)


@contextmanager
def frozen(moment: dt.datetime) -> Iterator[dt.datetime]:
    """Stop the clock at an aware moment for the duration of the block (tests only)."""
    global _frozen
    if moment.tzinfo is None:
        raise ValueError("freeze the clock with an aware datetime")
    previous, _frozen = _frozen, moment.astimezone(dt.UTC)
    try:
        yield _frozen
    finally:
        _frozen = previous
