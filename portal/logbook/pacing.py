"""Pacing signal: a dip in energy on the day of, or up to three days after, a busier day.

Pure functions over the days the employee logged. A day that was not logged is not data:
it is never counted as a quiet day, a good day or a zero.

The method, in the words the page uses:

* Your *usual day* is your average energy and your average hours worked over the last 28
  days you filled in (at least 7 are needed for the page to call it your usual day).
* To compare a day with, crash detection already works from the first week: the days you
  filled in before it (at least 3) make its baseline. With fewer days it is less sure.
* A day is *busier than usual* when you worked at least a quarter more hours than that
  baseline, and at least one hour more.
* A *dip* is a day, on the busy day itself or 1 to 3 days later (configurable: the setback
  of post-exertional malaise often comes a day or more later), with an energy at least
  2 points below the baseline. The first such day counts; its distance is the *delay*.
* A day with work planned on which you did not work at all (*missed work*), 0 to 3 days
  after a busy day, is a setback too, whatever the energy; so is a day you marked as a
  setback. Each setback says which of the three it was (its *signal*), so no sentence
  calls a missed or marked day a dip in energy.
* *Recovery* is the number of days from the dip until the first logged day with energy
  back within 1 point of the baseline (unknown while that has not happened yet).
* *Per kind of load*: a setback takes the kind of load the employee marked (cognitive,
  social, sensory, physical) on a day from the busy day up to the dip. A day marked as a
  setback counts once, and only when that day was filled in: a mark on a day without a
  logbook entry is not a dip and is not counted.
* How sure: *low* with one occurrence or a baseline of fewer than 7 days, *medium* from two
  occurrences, *high* from three occurrences when at least half the busy days led to a dip
  and every baseline had 14 days or more.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

#: How many logged days make up the baseline.
BASELINE_DAYS = 28
#: Fewer logged days than this: no "usual day" on the page (and no "usual day" shortcut).
MIN_BASELINE_DAYS = 7
#: Crash detection compares with the days before from this many logged days on.
MIN_CRASH_BASELINE_DAYS = 3
#: Baselines of at least this many days count as solid for the "high" certainty.
SOLID_BASELINE_DAYS = 14
#: Busier than usual: hours at least this factor of the baseline ...
BUSY_FACTOR = 1.25
#: ... and at least this many hours above it.
BUSY_MARGIN_HOURS = 1.0
#: A dip: energy at least this many points below the baseline.
DIP_POINTS = 2
#: Recovered: energy back within this many points of the baseline.
RECOVERED_POINTS = 1
#: Look this many days after a busy day for a dip (0 = the same day only).
MAX_DELAY_DAYS = 3
#: The pattern is mentioned only from this many occurrences in the period.
MIN_OCCURRENCES = 2

LOW, MEDIUM, HIGH = "low", "medium", "high"
#: What made a day a setback: an energy dip, a day the employee marked, or missed work.
ENERGY, MARKED, MISSED_WORK = "energy", "marked", "missed_work"
#: The key of setbacks whose kind of load was not said.
UNKNOWN_LOAD = "unknown"


@dataclass(frozen=True)
class DayPoint:
    """One logged day: its energy and hours worked (None when the hours were not given)."""

    day: dt.date
    energy: int
    hours_worked: float | None
    #: Work was planned (more than 0 hours) and none was done.
    missed_work: bool = False


@dataclass(frozen=True)
class Baseline:
    """The personal average over the last logged days."""

    energy: float
    #: None when no hours were given on any of those days.
    hours: float | None
    days: int


@dataclass(frozen=True)
class Crash:
    """A busier day than usual followed (after ``delay`` days) by a dip in energy."""

    busy_day: dt.date
    dip_day: dt.date
    hours: float
    dip_energy: int
    baseline: Baseline
    #: Days from the dip until energy was back near the baseline; None when not (yet) known.
    recovery_days: int | None = None
    #: What made the later day a setback: ENERGY, MARKED or MISSED_WORK.
    signal: str = ENERGY

    @property
    def delay(self) -> int:
        """Return the days between the busy day and the dip (0 = the same day)."""
        return (self.dip_day - self.busy_day).days


@dataclass(frozen=True)
class PacingSignal:
    """What the pacing check found in a period."""

    baseline: Baseline | None
    busy_days: tuple[dt.date, ...]
    crashes: tuple[Crash, ...]
    max_delay: int = MAX_DELAY_DAYS

    @property
    def is_shown(self) -> bool:
        """Say something only when the pattern occurred often enough."""
        return len(self.crashes) >= MIN_OCCURRENCES

    @property
    def confidence(self) -> str | None:
        """Return how sure the pattern is: "low", "medium", "high", or None without crashes."""
        if not self.crashes:
            return None
        smallest = min(c.baseline.days for c in self.crashes)
        if len(self.crashes) < MIN_OCCURRENCES or smallest < MIN_BASELINE_DAYS:
            return LOW
        share = len(self.crashes) / max(1, len(self.busy_days))
        if len(self.crashes) >= 3 and share >= 0.5 and smallest >= SOLID_BASELINE_DAYS:
            return HIGH
        return MEDIUM


def baseline(points: Sequence[DayPoint], before: dt.date) -> Baseline | None:
    """Return the average of the last BASELINE_DAYS logged days before a date.

    ``points`` must be sorted by day, one per day. None with fewer than MIN_BASELINE_DAYS.
    """
    end = bisect.bisect_left([p.day for p in points], before)
    return _average(points[max(0, end - BASELINE_DAYS) : end])


def _average(recent: Sequence[DayPoint], least: int = MIN_BASELINE_DAYS) -> Baseline | None:
    if len(recent) < least:
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


def recovery(points: Sequence[DayPoint], dip_index: int, base: Baseline) -> int | None:
    """Return the days from the dip to the first logged day back near the baseline."""
    for later in points[dip_index + 1 :]:
        if later.energy >= base.energy - RECOVERED_POINTS:
            return (later.day - points[dip_index].day).days
    return None


def signal_of(point: DayPoint, base: Baseline, crash_days: Collection[dt.date]) -> str | None:
    """Return what makes a day a setback (an energy dip first), or None when nothing does."""
    if is_dip(point.energy, base):
        return ENERGY
    if point.day in crash_days:
        return MARKED
    if point.missed_work:
        return MISSED_WORK
    return None


def find_pattern(
    points: Sequence[DayPoint],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    max_delay: int = MAX_DELAY_DAYS,
    crash_days: frozenset[dt.date] = frozenset(),
) -> PacingSignal:
    """Look for busier days in start..end followed by a dip 0..max_delay days later.

    ``points`` holds every logged day (also before start, for the baseline), sorted by day.
    Each day is compared with the baseline of the logged days before it (at least
    MIN_CRASH_BASELINE_DAYS). A day in ``crash_days`` (marked by the employee), or a day of
    missed work, is a setback whatever its energy (see ``signal_of``). The current baseline
    (up to and including today) is reported.
    """
    max_delay = max(0, min(int(max_delay), 7))
    index_of = {p.day: n for n, p in enumerate(points)}
    busy: list[dt.date] = []
    crashes: list[Crash] = []
    for index, point in enumerate(points):
        if not start <= point.day <= end:
            continue
        base = _average(points[max(0, index - BASELINE_DAYS) : index], MIN_CRASH_BASELINE_DAYS)
        if base is None or not is_busy(point.hours_worked, base):
            continue
        busy.append(point.day)
        for offset in range(max_delay + 1):
            later_index = index_of.get(point.day + dt.timedelta(days=offset))
            if later_index is None:
                continue
            later = points[later_index]
            signal = signal_of(later, base, crash_days)
            if signal is not None:
                hours = point.hours_worked or 0.0
                crashes.append(
                    Crash(
                        point.day,
                        later.day,
                        hours,
                        later.energy,
                        base,
                        recovery(points, later_index, base),
                        signal,
                    )
                )
                break
    current = baseline(points, today + dt.timedelta(days=1))
    return PacingSignal(current, tuple(busy), tuple(crashes), max_delay)


@dataclass(frozen=True)
class Setback:
    """One setback of a period: a crash, or a marked day that is no part of one."""

    #: The dip day, or the marked day.
    day: dt.date
    #: One of the kinds of load, or None when not said.
    kind: str | None
    #: The crash (busy day, delay, recovery), or None for a marked day on its own.
    crash: Crash | None = None


def setbacks(
    crashes: Sequence[Crash],
    marks: Mapping[dt.date, str | None],
    logged: Collection[dt.date],
    start: dt.date,
    end: dt.date,
) -> list[Setback]:
    """Return the setbacks of start..end, each with its kind of load, oldest first.

    Each crash counts once, with the kind marked on its dip day or a day before it back to
    the busy day. A marked day that is no part of a crash counts on its own, but only when
    it was filled in: a mark on a day without a logbook entry is not a dip.
    """
    found: list[Setback] = []
    covered: set[dt.date] = set()
    for crash in crashes:
        days = [crash.busy_day + dt.timedelta(days=n) for n in range(crash.delay + 1)]
        covered.update(days)
        kind = next((marks[day] for day in reversed(days) if marks.get(day)), None)
        found.append(Setback(crash.dip_day, kind, crash))
    for day, kind in sorted(marks.items()):
        if day not in covered and day in logged and start <= day <= end:
            found.append(Setback(day, kind))
    return sorted(found, key=lambda s: s.day)


def setbacks_by_load(
    crashes: Sequence[Crash],
    marks: Mapping[dt.date, str | None],
    logged: Collection[dt.date],
    start: dt.date,
    end: dt.date,
) -> dict[str, int]:
    """Count the setbacks of start..end per kind of load (UNKNOWN_LOAD when not said)."""
    counts = Counter(s.kind or UNKNOWN_LOAD for s in setbacks(crashes, marks, logged, start, end))
    return dict(counts)
