"""Pacing signal: a dip in energy one or two days after a busier day than usual.

Pure functions over the days the employee logged. A day that was not logged is not data:
it is never counted as a quiet day, a good day or a zero.

The method, in the words the page uses:

* Your *baseline* is your average energy and your average hours worked over the last 28 days
  you filled in (at least 7 are needed).
* A day is *busier than usual* when you worked at least a quarter more hours than your
  baseline, and at least one hour more.
* A *dip* is a day, one or two days later, with an energy at least 2 points below your
  baseline.
* We only mention the pattern when it happened at least twice in the period.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

#: How many logged days make up the baseline.
BASELINE_DAYS = 28
#: Fewer logged days than this: no baseline, so no signal.
MIN_BASELINE_DAYS = 7
#: Busier than usual: hours at least this factor of the baseline ...
BUSY_FACTOR = 1.25
#: ... and at least this many hours above it.
BUSY_MARGIN_HOURS = 1.0
#: A dip: energy at least this many points below the baseline.
DIP_POINTS = 2
#: The pattern is mentioned only from this many occurrences in the period.
MIN_OCCURRENCES = 2


@dataclass(frozen=True)
class DayPoint:
    """One logged day: its energy and hours worked (None when the hours were not given)."""

    day: dt.date
    energy: int
    hours_worked: float | None


@dataclass(frozen=True)
class Baseline:
    """The personal average over the last logged days."""

    energy: float
    #: None when no hours were given on any of those days.
    hours: float | None
    days: int


@dataclass(frozen=True)
class Crash:
    """A busier day than usual followed by a dip in energy."""

    busy_day: dt.date
    dip_day: dt.date
    hours: float
    dip_energy: int
    baseline: Baseline


@dataclass(frozen=True)
class PacingSignal:
    """What the pacing check found in a period."""

    baseline: Baseline | None
    busy_days: tuple[dt.date, ...]
    crashes: tuple[Crash, ...]

    @property
    def is_shown(self) -> bool:
        """Say something only when the pattern occurred often enough."""
        return len(self.crashes) >= MIN_OCCURRENCES


def baseline(points: Sequence[DayPoint], before: dt.date) -> Baseline | None:
    """Return the average of the last BASELINE_DAYS logged days before a date.

    ``points`` must be sorted by day, one per day. None with fewer than MIN_BASELINE_DAYS.
    """
    end = bisect.bisect_left([p.day for p in points], before)
    return _average(points[max(0, end - BASELINE_DAYS) : end])


def _average(recent: Sequence[DayPoint]) -> Baseline | None:
    if len(recent) < MIN_BASELINE_DAYS:
        return None
    hours = [p.hours_worked for p in recent if p.hours_worked is not None]
    return Baseline(
        energy=sum(p.energy for p in recent) / len(recent),
        hours=sum(hours) / len(hours) if hours else None,
        days=len(recent),
    )


def is_busy(hours: float | None, base: Baseline) -> bool:
    """Tell whether a day's hours are well above the baseline hours."""
    if hours is None or base.hours is None:
        return False
    return hours >= base.hours * BUSY_FACTOR and hours >= base.hours + BUSY_MARGIN_HOURS


def is_dip(energy: int, base: Baseline) -> bool:
    """Tell whether an energy score is clearly below the baseline energy."""
    return energy <= base.energy - DIP_POINTS


def find_pattern(
    points: Sequence[DayPoint], start: dt.date, end: dt.date, today: dt.date
) -> PacingSignal:
    """Look for busier days in start..end followed by a dip one or two days later.

    ``points`` holds every logged day (also before start, for the baseline), sorted by day.
    Each day is compared with the baseline of the logged days before it. The current
    baseline (all logged days up to and including today) is reported too.
    """
    by_day = {p.day: p for p in points}
    busy: list[dt.date] = []
    crashes: list[Crash] = []
    for index, point in enumerate(points):
        if not start <= point.day <= end:
            continue
        base = _average(points[max(0, index - BASELINE_DAYS) : index])
        if base is None or not is_busy(point.hours_worked, base):
            continue
        busy.append(point.day)
        for offset in (1, 2):
            later = by_day.get(point.day + dt.timedelta(days=offset))
            if later is not None and is_dip(later.energy, base):
                hours = point.hours_worked or 0.0
                crashes.append(Crash(point.day, later.day, hours, later.energy, base))
                break
    current = baseline(points, today + dt.timedelta(days=1))
    return PacingSignal(current, tuple(busy), tuple(crashes))
