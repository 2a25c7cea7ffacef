"""Removing a build-up period asks first and keeps a period being typed (no JavaScript)."""

from __future__ import annotations

from typing import Any

from portal.auth.models import User
from portal.logbook.models import steps_of

URL = "/logboek/opbouw"
FIRST = {"starts_on": "2026-01-26", "hours_per_day": "3", "days_per_week": "3"}


def test_remove_asks_first_and_belongs_to_the_period_form(client: Any, employee: User) -> None:
    assert client.submit(URL, FIRST).status_code == 302
    [step] = steps_of(employee.id)
    page = client.get(URL).get_data(as_text=True)
    assert '<form method="post" class="form stack" id="buildup-form"' in page
    button = f'form="buildup-form" formaction="/logboek/opbouw/{step.id}/verwijderen"'
    assert button in page
    disclosure = page[page.index('<details class="confirm-disclosure">') :]
    assert disclosure.index("<summary>") < disclosure.index(button)  # behind a question


def test_a_period_being_typed_stays_when_another_is_removed(client: Any, employee: User) -> None:
    assert client.submit(URL, FIRST).status_code == 302
    [step] = steps_of(employee.id)
    typed = {"starts_on": "2026-02-09", "hours_per_day": "4,5", "days_per_week": "4"}
    response = client.submit(f"{URL}/{step.id}/verwijderen", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and steps_of(employee.id) == []
    assert 'value="2026-02-09"' in page and 'value="4,5"' in page
    # nothing typed: back to the page as before
    assert client.submit(URL, FIRST).status_code == 302
    [step] = steps_of(employee.id)
    assert client.submit(f"{URL}/{step.id}/verwijderen").status_code == 302
