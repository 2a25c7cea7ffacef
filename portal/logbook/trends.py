"""Everything the trends page shows for a period: charts, weekly figures, the pacing signal."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.db import db
from portal.i18n import _, format_date, ngettext, number
from portal.logbook import charts, services
from portal.logbook.models import DayFigures, LogEntry, figure_columns
from portal.logbook.pacing import (
    BASELINE_DAYS,
    ENERGY,
    MARKED,
    Crash,
    PacingSignal,
    find_pattern,
)

#: Periods longer than about a quarter get their figures per month, not per week.
MONTH_ROWS_AFTER_DAYS = 92


@dataclass(frozen=True)
class Trends:
    """The trends of one period."""

    start: dt.date
    end: dt.date
    days_in_period: int
    days_logged: int
    energy: charts.Chart
    hours: charts.Chart
    #: None when the complaint level was never filled in during the period.
    complaint: charts.Chart | None
    #: None when sleep was never filled in during the period.
    sleep: charts.Chart | None
    #: One row per week, or per month when the period is longer than MONTH_ROWS_AFTER_DAYS.
    weeks: list[services.WeekRow]
    by_month: bool
    pacing: PacingSignal
    mean_energy: float | None
    mean_complaint: float | None
    mean_sleep: float | None = None


def is_rest_day(entry: DayFigures | LogEntry) -> bool:
    """Tell whether a day was a planned rest day: no hours planned and none worked."""
    return entry.hours_planned == 0 and not entry.hours_worked


def history(user_id: int, start: dt.date, end: dt.date, today: dt.date) -> list[DayFigures]:
    """Return the figures the trends of start..end read: the period and the days before it.

    Before the period only the BASELINE_DAYS entries that the pacing check compares with
    (see pacing_history), looked for back to HISTORY_DAYS before start; one statement: the
    oldest day needed is a subquery. A year of trends reads about 330 rows instead of 620,
    four weeks about 50 instead of 330 (bench/).
    """
    first = min(start, today + dt.timedelta(days=1))
    oldest = first - dt.timedelta(days=services.HISTORY_DAYS)
    needed_from = (
        select(LogEntry.day)
        .where(LogEntry.user_id == user_id, LogEntry.day >= oldest, LogEntry.day < first)
        .order_by(LogEntry.day.desc())
        .limit(1)
        .offset(BASELINE_DAYS - 1)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(*figure_columns())
        .where(
            LogEntry.user_id == user_id,
            LogEntry.day >= func.coalesce(needed_from, oldest),
            LogEntry.day <= end,
        )
        .order_by(LogEntry.day)
    )
    return [DayFigures(*row) for row in rows]


def once(label: Callable[[dt.date], str]) -> Callable[[dt.date], str]:
    """Return label remembering what it said for each day (within one build)."""
    said: dict[dt.date, str] = {}

    def remembered(day: dt.date) -> str:
        found = said.get(day)
        if found is None:
            found = said[day] = label(day)
        return found

    return remembered


def pacing_history(
    entries: Sequence[DayFigures | LogEntry], first: dt.date
) -> Sequence[DayFigures | LogEntry]:
    """Return the entries the pacing check reads: from BASELINE_DAYS entries before first on.

    find_pattern compares each day from the period's start with the BASELINE_DAYS entries
    before it, and the usual day of today with the last ones; older entries change nothing
    it says, so they are not turned into points (half the work for a year: bench/).
    """
    index = bisect.bisect_left(entries, first, key=lambda e: e.day)
    return entries[max(0, index - BASELINE_DAYS) :]


def build(
    entries: Sequence[DayFigures | LogEntry],
    start: dt.date,
    end: dt.date,
    now: dt.date,
    label: Callable[[dt.date], str],
    plan: Mapping[dt.date, float] | None = None,
    crash_days: frozenset[dt.date] = frozenset(),
) -> Trends:
    """Build the trends of start..end from entries sorted by day (history included)."""
    period = [e for e in entries if start <= e.day <= end]
    energy = {e.day: float(e.energy) for e in period}
    # A planned rest day is rest, not "0 hours worked" like a sick day: its own marks.
    worked = {
        e.day: e.hours_worked for e in period if e.hours_worked is not None and not is_rest_day(e)
    }
    rest = {e.day: 0.0 for e in period if is_rest_day(e)}
    sleep = {e.day: float(e.sleep_quality) for e in period if e.sleep_quality is not None}
    planned = {e.day: e.hours_planned for e in period if e.hours_planned is not None}
    complaint = {e.day: float(e.complaint_level) for e in period if e.complaint_level is not None}
    label = once(label)  # four charts share their date marks
    hours_top = charts.hours_axis([*worked.values(), *planned.values(), *(plan or {}).values()])
    by_month = (end - start).days + 1 > MONTH_ROWS_AFTER_DAYS
    return Trends(
        start=start,
        end=end,
        days_in_period=(end - start).days + 1,
        days_logged=len(period),
        energy=charts.chart(
            [("chart__line--energy", _("Energy"), energy)], start, end, 10, 2, label
        ),
        hours=charts.chart(
            [
                ("chart__line--worked", _("Hours worked"), worked),
                *([("chart__line--rest", _("Planned rest day"), rest)] if rest else []),
                *(
                    [("chart__line--plan", _("Build-up plan (hours a working day)"), plan)]
                    if plan
                    else []
                ),
                # Drawn last, dashed, so it stays visible where it equals the hours worked.
                ("chart__line--planned", _("Hours planned"), planned),
            ],
            start,
            end,
            hours_top,
            2,
            label,
        ),
        complaint=charts.chart(
            [("chart__line--complaint", _("Complaints"), complaint)], start, end, 10, 2, label
        )
        if complaint
        else None,
        sleep=charts.chart(
            [("chart__line--sleep", _("Sleep (1 very bad to 5 very good)"), sleep)],
            start,
            end,
            5,
            1,
            label,
        )
        if sleep
        else None,
        weeks=(services.monthly if by_month else services.weekly)(period, start, end),
        by_month=by_month,
        pacing=find_pattern(
            services.to_points(pacing_history(entries, min(start, now + dt.timedelta(days=1)))),
            start,
            end,
            now,
            services.pacing_delay(),
            crash_days,
        ),
        mean_energy=services.mean(list(energy.values())),
        mean_complaint=services.mean(list(complaint.values())),
        mean_sleep=services.mean(list(sleep.values())),
    )


def setback_lines(crashes: Sequence[Crash]) -> list[str]:
    """Return the sentence of each setback in the list "Which days?" of the trends page.

    Each names what made the day a setback (see pacing.signal_of). Put together here, not
    in the template: a year can hold dozens, and a sentence with four values costs several
    times as much through the template's translation functions (docs/performance.md).
    """
    lines = []
    weekday = once(lambda day: format_date(day, "EEEE d MMMM"))  # a dip is often the busy day
    for crash in crashes:
        busy, day = weekday(crash.busy_day), weekday(crash.dip_day)
        hours = number(crash.hours)
        if crash.signal == ENERGY:
            what = _(
                "%(busy)s: %(hours)s hours worked. %(dip)s: energy %(energy)d.",
                busy=busy,
                hours=hours,
                dip=day,
                energy=crash.dip_energy,
            )
            when = (
                ngettext(
                    "The dip came %(num)d day later.",
                    "The dip came %(num)d days later.",
                    crash.delay,
                )
                if crash.delay
                else _("The dip came the same day.")
            )
        else:
            what = _("%(busy)s: %(hours)s hours worked.", busy=busy, hours=hours)
            when = (
                _("%(day)s: you marked it as a setback.", day=day)
                if crash.signal == MARKED
                else _("%(day)s: you did not work, though work was planned.", day=day)
            )
        line = f"{what} {when}"
        if crash.recovery_days is not None:
            line += " " + ngettext(
                "Back near your usual energy after %(num)d day.",
                "Back near your usual energy after %(num)d days.",
                crash.recovery_days,
            )
        lines.append(line)
    return lines
