"""The one-tap shortcuts never overwrite a filled-in day unasked, and show only when they work."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from portal.auth.models import User
from tests.logbook.conftest import TODAY, add_entry
from tests.logbook.test_entry import URL, entries

SHORTCUTS = ["/logboek/zelfde-als-gisteren", "/logboek/stabiele-dag"]


def fill_seven_days(employee: User) -> None:
    for n in range(1, 8):
        add_entry(employee, TODAY - dt.timedelta(days=n), energy=6, minutes_worked=120)


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_no_shortcut_is_shown_when_it_cannot_work(client: Any, employee: User) -> None:
    page = main_of(client.get(URL).get_data(as_text=True))
    assert "Zelfde als gisteren" not in page and "Gewone dag" not in page
    add_entry(employee, TODAY - dt.timedelta(days=1), energy=4)
    page = main_of(client.get(URL).get_data(as_text=True))
    assert "Zelfde als gisteren" in page and "Gewone dag" not in page


def test_both_shortcuts_are_shown_after_seven_days(client: Any, employee: User) -> None:
    fill_seven_days(employee)
    page = main_of(client.get(URL).get_data(as_text=True))
    assert "Zelfde als gisteren" in page and "Gewone dag" in page


@pytest.mark.parametrize("url", SHORTCUTS)
def test_a_filled_day_is_not_replaced_without_a_yes(client: Any, employee: User, url: str) -> None:
    fill_seven_days(employee)
    add_entry(employee, TODAY, energy=9, minutes_worked=30, note="mijn eigen dag")
    response = client.submit(url)
    assert response.status_code == 200  # a question page, works without JavaScript
    page = response.get_data(as_text=True)
    assert "Wil je vervangen wat je vandaag hebt ingevuld?" in page
    assert 'name="bevestigd" value="ja"' in page
    today = entries()[-1]
    assert (today.day, today.energy, today.minutes_worked) == (TODAY, 9, 30)
    # saying yes replaces the numbers, never the own words
    response = client.submit(url, {"bevestigd": "ja"})
    assert response.status_code == 302
    today = entries()[-1]
    assert today.energy != 9 and today.minutes_worked != 30
    assert today.note == "mijn eigen dag"


@pytest.mark.parametrize("url", SHORTCUTS)
def test_an_empty_day_is_filled_in_at_once(client: Any, employee: User, url: str) -> None:
    fill_seven_days(employee)
    assert client.submit(url).status_code == 302
    assert entries()[-1].day == TODAY


def test_no_is_a_link_back_and_changes_nothing(client: Any, employee: User) -> None:
    add_entry(employee, TODAY - dt.timedelta(days=1), energy=4)
    add_entry(employee, TODAY, energy=9)
    page = client.submit(SHORTCUTS[0]).get_data(as_text=True)
    assert f'href="{URL}"' in page
    assert entries()[-1].energy == 9
