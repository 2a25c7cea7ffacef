"""Geometry of the trend charts, drawn as server-side SVG (no chart JavaScript).

A day without a value breaks the line: missing days are gaps, never zeros.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
LEFT = 44
RIGHT = 12
TOP = 12
BOTTOM = 32
#: Draw a dot on every value up to this many days; beyond it only isolated values get one.
DOTS_UP_TO_DAYS = 100


@dataclass(frozen=True)
class Tick:
    """An axis mark: its position in SVG units and its text."""

    at: float
    label: str


@dataclass(frozen=True)
class Series:
    """One line of a chart: its CSS class, its name, its pieces and its dots."""

    css: str
    label: str
    #: Each piece is the SVG path data after its "M" for consecutive days with a value: the
    #: first point, then relative steps ("44,71l2-20h2 1"; see path_steps). Frozen shares
    #: from before keep absolute points ("44,71 46,51"), which are valid after an "M" too.
    pieces: tuple[str, ...]
    dots: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Chart:
    """Everything a template needs to draw one line chart."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: tuple[Series, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def x_position(index: int, count: int) -> float:
    """Return the x of the index-th day of count days."""
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def y_position(value: float, y_max: float) -> float:
    """Return the y of a value on a 0..y_max axis."""
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - min(value, y_max) / y_max)


def number(value: float) -> str:
    """Return a coordinate as short as SVG reads it: 12 for 12.0, never -0."""
    return "0" if value == 0 else f"{value:g}"


def path_steps(points: list[tuple[float, float]], digits: int | None) -> str:
    """Return "x,y" then relative steps: "h dx" for a level stretch, else "l dx,dy".

    Relative steps from rounded points keep the line exactly where the absolute form drew
    it, in about half the bytes (a year's chart: bench/); a level stretch of several days is
    one "h" (its points lie on it, and the dots are drawn separately).
    """
    (x, y), *rest = points
    out = [f"{number(x)},{number(y)}"]
    append = out.append
    level = 0.0  # the length of the level stretch being drawn
    command = ""
    for next_x, next_y in rest:
        dy = round(next_y - y, digits)
        if dy == 0:
            # Days at the same value are one straight stretch: no corner to draw between them.
            level = round(level + round(next_x - x, digits), digits)
            x, y = next_x, next_y
            continue
        dx = round(next_x - x, digits)
        x, y = next_x, next_y
        if level:
            append(f"h{number(level)}")
            level, command = 0.0, "h"
        # number() written out (dy is never 0 here): this loop runs for every day drawn.
        step = f"{'0' if dx == 0 else format(dx, 'g')}{'' if dy < 0 else ','}{dy:g}"
        append(("l" if command != "l" else " ") + step)
        command = "l"
    if level:
        append(f"h{number(level)}")
    return "".join(out)


def dots_path(dots: Sequence[Sequence[float]]) -> str:
    """Return the path data of a set of dots: zero-length strokes, relative after the first."""
    out: list[str] = []
    previous: tuple[float, float] | None = None
    for x, y in dots:
        if previous is None:
            out.append(f"M{number(x)},{number(y)}h0")
        else:
            dx, dy = round(x - previous[0], 1), round(y - previous[1], 1)
            out.append(f"m{number(dx)}{'' if dy < 0 else ','}{number(dy)}h0")
        previous = (x, y)
    return "".join(out)


@functools.lru_cache(maxsize=32)
def x_positions(count: int, digits: int | None) -> tuple[float, ...]:
    """Return the rounded x of each of count days (the same for every chart of that length)."""
    return tuple(round(x_position(index, count), digits) for index in range(count))


@functools.lru_cache(maxsize=32)
def days_between(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    """Return the days start..end (the same for every chart of a period)."""
    return tuple(start + dt.timedelta(days=n) for n in range((end - start).days + 1))


def line(
    css: str,
    label: str,
    values: Mapping[dt.date, float],
    dates: Sequence[dt.date],
    y_max: float,
) -> Series:
    """Return one series; consecutive days with a value form one piece of the line.

    Long periods get whole-unit coordinates: at 640 units wide a tenth is invisible, and
    it keeps a year's chart small (bench/).
    """
    many = len(dates) > DOTS_UP_TO_DAYS
    digits = None if many else 1
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    heights: dict[float, float] = {}  # a chart has few distinct values: each y computed once
    for x, day in zip(x_positions(len(dates), digits), dates, strict=True):
        value = values.get(day)
        if value is None:
            if current:
                pieces.append(current)
                current = []
            continue
        y = heights.get(value)
        if y is None:
            y = heights[value] = round(y_position(value, y_max), digits)
        current.append((x, y))
    if current:
        pieces.append(current)
    dots = tuple(p for piece in pieces if not many or len(piece) == 1 for p in piece)
    return Series(
        css=css,
        label=label,
        pieces=tuple(path_steps(piece, digits) for piece in pieces if len(piece) > 1),
        dots=dots,
    )


def date_ticks(dates: Sequence[dt.date], label: Callable[[dt.date], str]) -> tuple[Tick, ...]:
    """Return at most about seven date marks: Mondays, first days of months, or quarters."""
    count = len(dates)
    if count <= 42:
        wanted = [d for d in dates if d.weekday() == 0]
    elif count <= 200:
        wanted = [d for d in dates if d.day == 1]
    else:
        wanted = [d for d in dates if d.day == 1 and (d.month - 1) % 3 == 0]
    if not wanted:
        wanted = [dates[0]]
    step = max(1, math.ceil(len(wanted) / 7))
    first = dates[0]  # the days are consecutive: a day's index is its distance from the first
    return tuple(
        Tick(round(x_position((d - first).days, count), 1), label(d)) for d in wanted[::step]
    )


def value_ticks(y_max: float, step: float) -> tuple[Tick, ...]:
    """Return marks from 0 to y_max."""
    count = int(y_max // step)
    return tuple(
        Tick(round(y_position(n * step, y_max), 1), f"{n * step:g}") for n in range(count + 1)
    )


def chart(
    lines: list[tuple[str, str, Mapping[dt.date, float]]],
    start: dt.date,
    end: dt.date,
    y_max: float,
    y_step: float,
    label: Callable[[dt.date], str],
) -> Chart:
    """Build a chart of one or more lines over the days start..end."""
    dates = days_between(start, end)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        series=tuple(line(css, name, values, dates, y_max) for css, name, values in lines),
        x_ticks=date_ticks(dates, label),
        y_ticks=value_ticks(y_max, y_step),
    )


def hours_axis(values: list[float]) -> float:
    """Return the top of the hours axis: at least 8, rounded up to an even number."""
    top = max([8.0, *values])
    return float(math.ceil(top / 2) * 2)
