"""Week, month, trends, removing a day and the CSV download; constant queries per page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.auth.models import User
from portal.db import db
from portal.logbook.models import LogEntry
from tests.conftest import count_queries
from tests.logbook.conftest import TODAY, add_entry


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def text_of(response: Any) -> str:
    return str(response.get_data(as_text=True))


def test_week_shows_missing_days_as_missing(client: Any, employee: User) -> None:
    add_entry(employee, dt.date(2026, 2, 9), energy=7, minutes_worked=150, is_backfilled=True)
    page = text_of(client.get("/logboek/week?lang=en"))
    rows = re.findall(r"<tr class=\"(is-[a-z]+)\">", page)
    # Monday 9 (filled in), Tuesday 10 = today (missing), then five days still to come
    assert rows == ["is-logged", "is-missing"] + ["is-future"] * 5
    assert page.count("Not filled in") == 1 and page.count("Still to come") == 5
    assert "2,5 hours" not in page and "2.5 hours" in page and "Filled in later" in page
    assert "Days filled in this week: 1." in page
    last_week = text_of(client.get("/logboek/week?week=2026-02-02&lang=en"))
    assert last_week.count("Not filled in") == 7 and "Days filled in this week: 0." in last_week
    assert "Average energy" not in last_week  # no figures are made up for missing days


def test_week_in_dutch(client: Any, employee: User) -> None:
    page = text_of(client.get("/logboek/week?week=2026-02-02"))
    assert page.count("Niet ingevuld") == 7


def test_month_calendar_marks_missing_days_in_words(client: Any, employee: User) -> None:
    add_entry(employee, dt.date(2026, 2, 3), energy=2)
    page = text_of(client.get("/logboek/maand?maand=2026-02&lang=en"))
    assert page.count("calendar__day is-logged") == 1
    assert page.count("calendar__day is-missing") == 9  # 1-10 February minus the 3rd
    assert page.count("calendar__day is-future") == 18
    assert page.count(">Not filled in</a>") == 9
    assert "Energy 2</a>" in page and 'href="/logboek/dag/2026-02-03"' in page
    assert '<table class="calendar">' in page and "style=" not in page
    january = text_of(client.get("/logboek/maand?maand=2026-01"))
    assert january.count("calendar__day is-missing") == 31 and "Next month" in january
    assert client.get("/logboek/maand?maand=rommel").status_code == 200


def test_trends_draw_svg_charts_with_tables_and_gaps(client: Any, employee: User) -> None:
    for n in (1, 2, 3, 6, 7):  # 4 and 5 days ago are missing
        add_entry(employee, ago(n), energy=n, minutes_worked=60 * n, minutes_planned=240)
    page = text_of(client.get("/logboek/trends?lang=en"))
    assert page.count('role="img"') == 2  # energy and hours; no complaint level filled in
    assert '<title id="chart-energy-title">' in page and '<desc id="chart-energy-desc">' in page
    assert "5 of 28 days filled in." in page
    energy_chart = page[
        page.index('id="chart-energy-title"') : page.index('id="chart-hours-title"')
    ]
    line = re.search(r'<path d="([^"]*)"', energy_chart)
    assert line is not None and line.group(1).count("M") == 2  # missing days split the line
    dots = re.search(r'<path class="chart__dots" d="([^"]*)"', energy_chart)
    assert dots is not None and dots.group(1).count("h0") == 5  # a dot on every day filled in
    assert "<caption>Average energy per week</caption>" in page
    assert "<caption>Hours per week</caption>" in page
    assert "style=" not in page and "<script" not in page
    add_entry(employee, ago(10), energy=5, complaint_level=4)
    page = text_of(client.get("/logboek/trends?lang=en"))
    assert page.count('role="img"') == 3 and "Average complaints per week" in page


def test_trends_periods(client: Any, employee: User) -> None:
    year = text_of(client.get("/logboek/trends?periode=1j&lang=en"))
    assert "0 of 365 days filled in." in year
    custom = text_of(
        client.get("/logboek/trends?periode=eigen&van=2026-01-01&tot=2026-01-31&lang=en")
    )
    assert "0 of 31 days filled in." in custom
    page = text_of(
        client.get("/logboek/trends?periode=eigen&van=2026-02-01&tot=2026-01-01&lang=en")
    )
    assert "The end date must be on or after the start date." in page
    assert "0 of 28 days filled in." in page  # falls back to the last four weeks
    page = text_of(
        client.get("/logboek/trends?periode=eigen&van=2026-02-01&tot=2026-03-01&lang=en")
    )
    assert "The end date cannot be in the future." in page
    page = text_of(
        client.get("/logboek/trends?periode=eigen&van=2020-01-01&tot=2026-01-01&lang=en")
    )
    assert "Choose a period of at most two years." in page
    assert client.get("/logboek/trends?periode=altijd").status_code == 200


def test_trends_mention_the_pacing_pattern_gently(client: Any, employee: User) -> None:
    for n in range(40, 12, -1):
        add_entry(employee, ago(n), energy=6, minutes_worked=120)
    for busy in (10, 5):
        add_entry(employee, ago(busy), energy=6, minutes_worked=300)
        add_entry(employee, ago(busy - 1), energy=3, minutes_worked=60)
    page = text_of(client.get("/logboek/trends"))
    assert "Op 2 dagen na een drukke dag had je minder energie. Misschien herken je dit." in page
    assert "Je gewone dag" in page and "Hoe werkt dit?" in page


def test_trends_name_planned_work_not_done_as_a_setback_not_a_dip(
    client: Any, employee: User
) -> None:
    for n in range(40, 12, -1):
        add_entry(employee, ago(n), energy=6, minutes_worked=120)
    for busy in (10, 5):
        add_entry(employee, ago(busy), energy=6, minutes_worked=300)
        add_entry(  # planned work not done, energy as usual
            employee, ago(busy - 1), energy=6, minutes_worked=0, minutes_planned=120
        )
    page = text_of(client.get("/logboek/trends?lang=en"))
    assert "After 2 busy days a setback followed" in page
    assert "you had less energy" not in page and "The dip came" not in page
    assert page.count("you did not work, though work was planned.") == 2


def test_trends_say_nothing_after_one_crash(client: Any, employee: User) -> None:
    for n in range(40, 12, -1):
        add_entry(employee, ago(n), energy=6, minutes_worked=120)
    add_entry(employee, ago(5), energy=6, minutes_worked=300)
    add_entry(employee, ago(4), energy=3)
    page = text_of(client.get("/logboek/trends?lang=en"))
    assert "after a busy day" not in page
    assert "How does this work?" in page


def test_remove_a_day_after_confirming(client: Any, employee: User) -> None:
    entry = add_entry(employee, ago(3), note="weg ermee")
    url = f"/logboek/regels/{entry.id}/verwijderen"
    confirm = text_of(client.get(url + "?lang=en"))
    assert "Remove this day?" in confirm and "weg ermee" in confirm
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 1  # GET changes nothing
    response = client.submit(url)
    assert (
        response.status_code == 302
        and "/logboek/week?week=2026-02-07" in response.headers["Location"]
    )
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 0
    assert client.submit(url).status_code == 404


def test_another_persons_entry_is_404(
    client: Any, employee: User, make_user: Callable[..., User]
) -> None:
    other = add_entry(make_user(), ago(1), note="van een ander")
    url = f"/logboek/regels/{other.id}/verwijderen"
    assert client.get(url).status_code == 404
    assert client.submit(url).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 1
    for page in ("/logboek/", "/logboek/week?week=2026-02-09", "/logboek/dag/2026-02-09"):
        assert "van een ander" not in text_of(client.get(page))


def test_export_csv_of_a_period_is_safe_for_spreadsheets(
    client: Any, employee: User, make_user: Callable[..., User]
) -> None:
    add_entry(employee, ago(2), energy=4, minutes_worked=90, note='=HYPERLINK("x")')
    add_entry(employee, ago(1), energy=5, is_not_worked=True, minutes_worked=0, helped="-pauze")
    add_entry(employee, ago(20), energy=9, note="buiten de periode")
    add_entry(make_user(), ago(1), energy=1, note="van een ander")
    response = client.get("/logboek/export?van=2026-02-01&tot=2026-02-10&lang=en")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="logbook-2026-02-01-2026-02-10.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Date", "Energy (0-10)", "Hours worked"]
    assert [row[0] for row in rows[1:]] == ["2026-02-08", "2026-02-09"]
    assert rows[1][1:3] == ["4", "1.50"] and rows[1][12] == '\'=HYPERLINK("x")'
    assert rows[2][2:4] == ["0.00", "yes"] and rows[2][10] == "'-pauze"
    body = response.get_data(as_text=True)
    assert "buiten de periode" not in body and "van een ander" not in body


def test_export_without_or_with_a_bad_period_shows_the_form(client: Any, employee: User) -> None:
    page = client.get("/logboek/export?lang=en")
    assert page.mimetype == "text/html" and "Download your logbook" in text_of(page)
    bad = client.get("/logboek/export?van=2026-02-05&tot=2026-02-01&lang=en")
    assert bad.mimetype == "text/html"
    assert "The end date must be on or after the start date." in text_of(bad)
    month = client.get("/logboek/export?periode=4w")
    assert month.mimetype == "text/csv"


PAGES = ["/logboek/", "/logboek/week", "/logboek/maand", "/logboek/trends?periode=1j"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_use_constant_queries(app: Flask, client: Any, employee: User, url: str) -> None:
    client.get(url)  # warm up: the first request also refreshes the session record
    empty = count_queries(app, client, url)
    for n in range(60):
        db.session.add(
            LogEntry(user_id=employee.id, day=ago(n), energy=n % 11, minutes_worked=n * 5)
        )
    db.session.commit()
    assert count_queries(app, client, url) == empty


def test_long_periods_show_their_figures_per_month(client: Any, employee: User) -> None:
    add_entry(employee, ago(45), energy=4, minutes_worked=120)
    add_entry(employee, ago(46), energy=6, minutes_worked=180)
    page = text_of(client.get("/logboek/trends?periode=1j&lang=en"))
    assert "<caption>Average energy per month</caption>" in page and "per week" not in page
    energy_table = page[page.index("Average energy per month") :]
    energy_table = energy_table[: energy_table.index("</table>")]
    assert energy_table.count('<th scope="row">') == 13  # a year touches 13 calendar months
    december = ago(45).strftime("%B %Y")
    assert f'<th scope="row">{december}</th><td>2</td>' in energy_table
    assert "<td>5</td>" in energy_table  # the month's average energy, (4 + 6) / 2


def test_monthly_rows_are_clipped_to_the_period() -> None:
    from portal.logbook.models import DayFigures
    from portal.logbook.services import monthly

    days = [
        DayFigures(dt.date(2026, 1, 30), 3, None, 240, 60),
        DayFigures(dt.date(2026, 2, 2), 7, 5, None, 120),
        DayFigures(dt.date(2026, 3, 9), 5, None, None, None),  # after the period
    ]
    rows = monthly(days, dt.date(2026, 1, 20), dt.date(2026, 2, 10))
    assert [(r.monday, r.sunday) for r in rows] == [
        (dt.date(2026, 1, 20), dt.date(2026, 1, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 10)),
    ]
    assert [(r.days_logged, r.energy, r.hours_worked, r.hours_planned) for r in rows] == [
        (1, 3, 1.0, 4.0),
        (1, 7, 2.0, None),
    ]
    assert rows[1].complaint == 5


def decode_path(data: str) -> list[tuple[float, float]]:
    """Return the corners an SVG path of M, l and h commands draws, in absolute units."""
    corners: list[tuple[float, float]] = []
    x = y = 0.0
    for command, args in re.findall(r"([MlhH])([^MlhH]*)", data):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
            corners.append((x, y))
        elif command == "h":
            for dx in numbers:
                x += dx
                corners.append((round(x, 1), round(y, 1)))
        else:
            for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
                x, y = x + dx, y + dy
                corners.append((round(x, 1), round(y, 1)))
    return corners


@pytest.mark.parametrize("days", [28, 365])
def test_chart_paths_draw_every_day_where_the_absolute_points_were(days: int) -> None:
    from random import Random

    from portal.logbook.charts import dots_path, line, x_position, y_position

    chance = Random(days)
    dates = [ago(n) for n in range(days, 0, -1)]
    values = {d: float(chance.choice([2, 4, 4, 6, 6, 8])) for d in dates if chance.random() < 0.85}
    series = line("chart__line--energy", "Energy", values, dates, 10)
    drawn = [decode_path("M" + piece) for piece in series.pieces]
    many = days > 100
    expected: list[list[tuple[float, float]]] = [[]]
    for index, day in enumerate(dates):
        if day in values:
            point = (x_position(index, days), y_position(values[day], 10))
            digits = None if many else 1
            expected[-1].append((round(point[0], digits), round(point[1], digits)))
        elif expected[-1]:
            expected.append([])
    pieces = [p for p in expected if len(p) > 1]
    assert len(drawn) == len(pieces)
    for corners, points in zip(drawn, pieces, strict=True):
        assert corners[0] == points[0] and corners[-1] == points[-1]
        assert set(corners) <= set(points)  # no point is invented
        for x, y in points:  # and every day lies on the line: a corner, or on a level stretch
            assert (x, y) in corners or any(
                a[1] == b[1] == y and a[0] < x < b[0] for a, b in itertools.pairwise(corners)
            )
    if series.dots:
        assert decode_path(dots_path(series.dots).replace("h0", "").replace("m", "l")) == [
            (round(x, 1), round(y, 1)) for x, y in series.dots
        ]


def test_a_full_year_of_trends_weighs_under_60_kb(client: Any, employee: User) -> None:
    """Bench-sized: 85% of a year's days, figures drawn as bench/dataset.py draws them."""
    from random import Random

    from tests.test_valid_html import MAX_WEIGHT, weight

    chance, energy = Random(23), 4
    for n in range(365, 0, -1):
        if chance.random() >= 0.85:
            continue
        energy = max(0, min(10, energy + chance.choice([-2, -1, 0, 0, 1, 1, 2])))
        weekday = ago(n).weekday() < 5
        planned = chance.choice([120, 180, 240, 300]) if weekday else None
        not_worked = weekday and chance.random() < 0.2
        db.session.add(
            LogEntry(
                user_id=employee.id,
                day=ago(n),
                energy=energy,
                complaint_level=chance.randint(0, 10) if chance.random() < 0.8 else None,
                sleep_quality=chance.randint(1, 5) if chance.random() < 0.7 else None,
                minutes_planned=planned,
                minutes_worked=(0 if not_worked else planned - chance.choice([0, 0, 60]))
                if planned
                else None,
                is_not_worked=not_worked,
            )
        )
    db.session.commit()
    for lang in ("nl", "en"):
        page = text_of(client.get(f"/logboek/trends?periode=1j&lang={lang}"))
        assert page.count('role="img"') == 4 and page.count("<table") == 3
        assert weight(client, page) < MAX_WEIGHT, weight(client, page)
