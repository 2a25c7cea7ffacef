"""The pacing signal on hand-made series: baseline, busy days, dips, and saying nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.logbook.pacing import (
    ENERGY,
    MARKED,
    MISSED_WORK,
    UNKNOWN_LOAD,
    Baseline,
    DayPoint,
    baseline,
    find_pattern,
    is_busy,
    is_dip,
    setbacks_by_load,
)

START = dt.date(2026, 1, 1)


def series(values: list[tuple[int, float | None] | None]) -> list[DayPoint]:
    """Day n of the list is START + n; None is a day that was not filled in."""
    return [
        DayPoint(START + dt.timedelta(days=n), value[0], value[1])
        for n, value in enumerate(values)
        if value is not None
    ]


def usual(days: int) -> list[tuple[int, float | None] | None]:
    """Quiet days: energy 6, two hours worked."""
    return [(6, 2.0)] * days


def test_no_baseline_before_seven_logged_days() -> None:
    points = series([*usual(6), None, None, None])
    assert baseline(points, START + dt.timedelta(days=30)) is None
    assert baseline(series(usual(7)), START + dt.timedelta(days=7)) == Baseline(6.0, 2.0, 7)


def test_baseline_uses_the_last_28_logged_days_and_skips_missing_days() -> None:
    # 10 old days of energy 2, then 28 logged days of energy 8 with gaps in between.
    values: list[tuple[int, float | None] | None] = [(2, 0.0)] * 10
    for _ in range(28):
        values += [(8, 4.0), None]
    points = series(values)
    base = baseline(points, START + dt.timedelta(days=len(values)))
    assert base == Baseline(energy=8.0, hours=4.0, days=28)  # gaps are not zeros


def test_hours_not_given_are_left_out_of_the_hours_baseline() -> None:
    points = series([(5, None), (5, None), (5, None), (5, 3.0), (5, 5.0), (5, None), (5, None)])
    base = baseline(points, START + dt.timedelta(days=7))
    assert base is not None and base.hours == 4.0 and base.energy == 5.0
    no_hours = baseline(series([(5, None)] * 7), START + dt.timedelta(days=7))
    assert no_hours is not None and no_hours.hours is None
    assert not is_busy(10.0, no_hours)


@pytest.mark.parametrize(
    ("base_hours", "hours", "busy"),
    [
        (2.0, 2.9, False),  # a quarter more, but not a full hour more
        (2.0, 3.0, True),
        (8.0, 9.5, False),  # an hour more, but not a quarter more
        (8.0, 10.0, True),
        (0.0, 0.5, False),
        (0.0, 1.0, True),
        (2.0, None, False),
    ],
)
def test_busy_needs_a_quarter_more_and_an_hour_more(
    base_hours: float, hours: float | None, busy: bool
) -> None:
    assert is_busy(hours, Baseline(6.0, base_hours, 28)) is busy


def test_dip_is_two_points_below_the_baseline_energy() -> None:
    base = Baseline(6.5, 2.0, 28)
    assert is_dip(4, base)
    assert not is_dip(5, base)


def crash_series(busy_days: int, dip_offset: int = 1) -> list[DayPoint]:
    """28 usual days, then busy_days times: a 4-hour day, and energy 3 dip_offset days later."""
    values = usual(28)
    for _ in range(busy_days):
        after: list[tuple[int, float | None] | None] = [(6, 2.0)] * 5
        after[dip_offset - 1] = (3, 1.0)
        values += [(6, 4.0), *after]
    return series(values)


def test_twice_a_dip_after_a_busy_day_is_shown() -> None:
    points = crash_series(2)
    end = points[-1].day
    signal = find_pattern(points, START, end, end)
    assert signal.is_shown
    assert [c.busy_day for c in signal.crashes] == [
        START + dt.timedelta(days=28 + 6 * n) for n in (0, 1)
    ]
    assert all(c.dip_day == c.busy_day + dt.timedelta(days=1) for c in signal.crashes)
    assert signal.crashes[0].dip_energy == 3 and signal.crashes[0].hours == 4.0


def test_once_is_not_enough_to_say_anything() -> None:
    points = crash_series(1)
    signal = find_pattern(points, START, points[-1].day, points[-1].day)
    assert len(signal.crashes) == 1 and not signal.is_shown


def test_a_dip_up_to_three_days_later_counts_four_days_later_does_not() -> None:
    for offset in (1, 2, 3):
        points = crash_series(2, dip_offset=offset)
        signal = find_pattern(points, START, points[-1].day, points[-1].day)
        assert signal.is_shown, offset
        assert [c.delay for c in signal.crashes] == [offset, offset]
    four = crash_series(2, dip_offset=4)
    signal = find_pattern(four, START, four[-1].day, four[-1].day)
    assert len(signal.busy_days) == 2 and signal.crashes == ()


def test_how_far_ahead_is_configurable() -> None:
    two = crash_series(2, dip_offset=2)
    assert find_pattern(two, START, two[-1].day, two[-1].day, max_delay=1).crashes == ()
    four = crash_series(2, dip_offset=4)
    assert len(find_pattern(four, START, four[-1].day, four[-1].day, max_delay=4).crashes) == 2


def test_a_dip_on_the_busy_day_itself_has_delay_zero() -> None:
    points = series([*usual(10), (2, 4.5), (6, 2.0)])
    signal = find_pattern(points, START, points[-1].day, points[-1].day)
    assert [c.delay for c in signal.crashes] == [0]


def test_missing_days_after_a_busy_day_are_not_a_dip() -> None:
    values = usual(28)
    for _ in range(3):
        values += [(6, 4.0), None, None, (6, 2.0), (6, 2.0)]
    points = series(values)
    signal = find_pattern(points, START, points[-1].day, points[-1].day)
    assert len(signal.busy_days) == 3 and signal.crashes == ()


def test_only_busy_days_inside_the_period_count() -> None:
    points = crash_series(3)
    later = START + dt.timedelta(days=28 + 6)  # leaves out the first crash
    signal = find_pattern(points, later, points[-1].day, points[-1].day)
    assert len(signal.crashes) == 2


def test_the_current_baseline_includes_today() -> None:
    points = series([*usual(27), (9, 2.0)])
    today = points[-1].day
    signal = find_pattern(points, START, today, today)
    assert signal.baseline is not None and signal.baseline.energy == pytest.approx(6 + 3 / 28)


def test_crash_detection_works_from_the_first_week_with_a_two_day_delay() -> None:
    """Four usual days, then 4 hours and a dip two days later: found, with low certainty."""
    points = series([*usual(4), (6, 4.0), (6, 2.0), (3, 0.0), (4, 1.0), (6, 2.0)])
    signal = find_pattern(points, START, points[-1].day, points[-1].day)
    assert len(signal.crashes) == 1
    crash = signal.crashes[0]
    assert crash.busy_day == START + dt.timedelta(days=4)
    assert crash.delay == 2 and crash.dip_energy == 3
    assert crash.recovery_days == 2  # energy 4 is not back yet, 6 two days after the dip is
    assert crash.baseline.days == 4
    assert signal.confidence == "low"


def test_fewer_than_three_days_before_is_not_enough_to_compare() -> None:
    points = series([*usual(2), (6, 4.0), (2, 0.0)])
    assert find_pattern(points, START, points[-1].day, points[-1].day).crashes == ()


def test_recovery_is_unknown_until_energy_is_back() -> None:
    points = series([*usual(7), (6, 4.0), (3, 0.0), (4, 1.0)])
    signal = find_pattern(points, START, points[-1].day, points[-1].day)
    assert signal.crashes[0].recovery_days is None


def test_certainty_grows_with_occurrences_and_a_longer_baseline() -> None:
    two = crash_series(2)
    assert find_pattern(two, START, two[-1].day, two[-1].day).confidence == "medium"
    three = crash_series(3)
    assert find_pattern(three, START, three[-1].day, three[-1].day).confidence == "high"
    quiet = series(usual(20))
    assert find_pattern(quiet, START, quiet[-1].day, quiet[-1].day).confidence is None


def test_a_marked_day_without_an_entry_is_no_dip() -> None:
    """A setback marked on a day that was not filled in is not data: no crash from it."""
    points = series([*usual(4), (6, 4.0), (6, 2.0), None, (6, 2.0)])
    busy = START + dt.timedelta(days=4)
    unlogged = busy + dt.timedelta(days=2)
    signal = find_pattern(points, START, points[-1].day, points[-1].day, 3, frozenset({unlogged}))
    assert signal.busy_days == (busy,) and signal.crashes == ()
    logged = busy + dt.timedelta(days=1)  # the same mark on a filled-in day is a dip
    marked = find_pattern(points, START, points[-1].day, points[-1].day, 3, frozenset({logged}))
    assert [c.dip_day for c in marked.crashes] == [logged]


def test_setbacks_are_counted_per_kind_of_load() -> None:
    """Each crash once, with the kind marked on its dip day; marks only on filled-in days."""
    points = series([*usual(4), (6, 4.0), (6, 2.0), (3, 0.0), (4, 1.0), (6, 2.0), (4, 2.0)])
    end = points[-1].day
    dip = START + dt.timedelta(days=6)
    calm_but_marked = START + dt.timedelta(days=9)  # filled in, no busy day before it
    not_filled_in = START + dt.timedelta(days=11)
    before_period = START - dt.timedelta(days=3)
    marks = {
        dip: "cognitive",
        calm_but_marked: None,
        not_filled_in: "social",
        before_period: "physical",
    }
    signal = find_pattern(points, START, end, end, 3, frozenset(marks))
    logged = {p.day for p in points}
    counts = setbacks_by_load(signal.crashes, marks, logged, START, end + dt.timedelta(days=5))
    assert counts == {"cognitive": 1, UNKNOWN_LOAD: 1}
    # The kind may also be marked on the busy day itself.
    busy_marked = {START + dt.timedelta(days=4): "sensory"}
    again = find_pattern(points, START, end, end)
    assert setbacks_by_load(again.crashes, busy_marked, logged, START, end) == {"sensory": 1}


@pytest.mark.parametrize(
    ("later", "planned_and_missed", "marked", "expected"),
    [
        ((6, 0.0), True, False, MISSED_WORK),  # planned work not done, energy as usual
        ((6, 0.0), False, False, None),  # 0 hours on a day without planned work: rest
        ((3, 0.0), True, False, ENERGY),  # a dip in energy is named first
        ((6, 0.0), True, True, MARKED),  # a marked day is named before missed work
        ((6, 2.0), False, False, None),  # an ordinary day after the busy one
    ],
)
def test_planned_work_not_done_after_a_busy_day_is_a_setback_and_says_so(
    later: tuple[int, float], planned_and_missed: bool, marked: bool, expected: str | None
) -> None:
    points = series([*usual(7), (6, 5.0), (6, 2.0)])
    day = START + dt.timedelta(days=9)
    points.append(DayPoint(day, later[0], later[1], missed_work=planned_and_missed))
    signal = find_pattern(
        points, START, day, day, crash_days=frozenset({day}) if marked else frozenset()
    )
    if expected is None:
        assert signal.crashes == ()
    else:
        [crash] = signal.crashes
        assert (crash.dip_day, crash.delay, crash.signal) == (day, 2, expected)
