"""A shortcut tapped on today's page never throws away what was typed but not saved (no JS).

The shortcut buttons belong to the day form, so the typed values come along with the tap.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from portal.auth.models import User
from tests.logbook.conftest import TODAY, add_entry
from tests.logbook.test_entry import URL, entries

SAME, USUAL = "/logboek/zelfde-als-gisteren", "/logboek/stabiele-dag"
#: What a person types on a day nothing was saved for yet (the untouched radios come along).
TYPED = {"energy": "9", "hours_worked": "1,5", "complaint_level": "", "sleep_quality": ""}


def seven_days(employee: User) -> None:
    for n in range(1, 8):
        add_entry(employee, TODAY - dt.timedelta(days=n), energy=4, minutes_worked=120)


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))


def test_the_shortcut_buttons_belong_to_the_day_form(client: Any, employee: User) -> None:
    seven_days(employee)
    page = client.get(URL).get_data(as_text=True)
    assert '<form class="form stack logbook-form" id="day-form"' in page
    for url in (SAME, USUAL):
        assert f'form="day-form" formaction="{url}"' in page
    # Enter in a field presses the form's first submit button: that must stay Save
    default = page.index('<button type="submit" form="day-form" hidden>Opslaan</button>')
    assert default < page.index('formaction="/logboek/')


@pytest.mark.parametrize("url", [SAME, USUAL])
def test_typed_numbers_are_not_replaced_unasked(client: Any, employee: User, url: str) -> None:
    seven_days(employee)
    response = client.submit(url, {**TYPED, "note": "eigen woorden"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Wat je hebt getypt, is nog niet bewaard" in page
    assert "eigen woorden" in page and "1,5" in page
    assert len(entries()) == 7  # nothing saved yet
    # both answers carry what was typed: "save what I typed" stores it as typed
    carried = hidden_fields(page)
    carried.pop("csrf_token")
    assert carried == {**TYPED, "note": "eigen woorden"}
    assert f'formaction="{url}" name="bevestigd" value="ja"' in page
    assert client.submit(URL, carried).status_code == 302
    today = entries()[-1]
    assert (today.day, today.energy, today.minutes_worked, today.note) == (
        TODAY,
        9,
        90,
        "eigen woorden",
    )


def test_yes_uses_yesterday_and_keeps_the_typed_words(client: Any, employee: User) -> None:
    seven_days(employee)
    typed = {**TYPED, "note": "eigen woorden", "helped": "wandelen", "is_note_shareable": "y"}
    response = client.submit(SAME, {**typed, "bevestigd": "ja"})
    assert response.status_code == 302
    today = entries()[-1]
    assert (today.energy, today.minutes_worked) == (4, 120)  # yesterday's numbers
    assert (today.note, today.helped, today.is_note_shareable) == (
        "eigen woorden",
        "wandelen",
        True,
    )


def test_usual_day_keeps_typed_sleep_and_planned_hours(client: Any, employee: User) -> None:
    seven_days(employee)
    typed = {**TYPED, "sleep_quality": "2", "hours_planned": "3"}
    response = client.submit(USUAL, {**typed, "bevestigd": "ja"})
    assert response.status_code == 302
    today = entries()[-1]
    assert (today.energy, today.minutes_worked) == (4, 120)  # the own average
    assert (today.sleep_quality, today.minutes_planned) == (2, 180)  # as typed


def test_only_words_typed_on_an_empty_day_needs_no_question(client: Any, employee: User) -> None:
    seven_days(employee)
    response = client.submit(SAME, {"complaint_level": "", "note": "alleen woorden"})
    assert response.status_code == 302
    today = entries()[-1]
    assert (today.day, today.energy, today.note) == (TODAY, 4, "alleen woorden")


def test_a_mistake_in_the_kept_words_shows_the_form_again(client: Any, employee: User) -> None:
    seven_days(employee)
    response = client.submit(SAME, {**TYPED, "note": "fout\x01teken", "bevestigd": "ja"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Deze tekst bevat tekens die niet toegestaan zijn." in page
    assert 'value="1,5"' in page  # what was typed is still in the form
    assert len(entries()) == 7


def test_a_saved_day_posted_unchanged_gets_the_usual_question(client: Any, employee: User) -> None:
    seven_days(employee)
    add_entry(employee, TODAY, energy=9, minutes_worked=100, note="mijn dag")
    # the form as the page shows it: 100 minutes is shown (and posted back) as 1,67 hours
    shown = {"energy": "9", "hours_worked": "1,67", "complaint_level": "", "note": "mijn dag"}
    page = client.submit(SAME, shown).get_data(as_text=True)
    assert "Wil je vervangen wat je vandaag hebt ingevuld?" in page
    assert f'href="{URL}"' in page  # "no" is a link back: nothing typed to keep
    changed = client.submit(SAME, {**shown, "energy": "2"}).get_data(as_text=True)
    assert "Wat je hebt getypt, is nog niet bewaard" in changed
    assert "Wat er eerder was bewaard" in changed
    assert entries()[-1].energy == 9
