"""The timeline page is one form: steps, calendar link and first sick day never lose typing.

Every Save saves all that was typed on the page; the calendar-link and remove buttons, which
do not save, show the page again with what was typed when something is not saved yet.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from portal.auth.models import EmployeeProfile, User
from portal.db import db
from tests.timeline.conftest import FIRST_DAY
from tests.timeline.test_steps_and_feed import employee, notes  # noqa: F401 (fixture)

URL = "/tijdlijn/"
#: The page's fields as shown (nothing changed): the date and the steps with fields.
AS_SHOWN = {
    "sick_since": FIRST_DAY.isoformat(),
    "probleemanalyse-own_date": "",
    "ziekmelding-own_date": "",
}
TYPED_STEP = {"probleemanalyse-is_done": "y", "probleemanalyse-own_date": "2026-02-02"}


def profile_of(user: User) -> EmployeeProfile:
    db.session.expire_all()
    return db.session.scalars(
        select(EmployeeProfile).where(EmployeeProfile.user_id == user.id)
    ).one()


def test_the_page_is_one_form(client: Any, employee: User) -> None:  # noqa: F811
    page = client.get(URL).get_data(as_text=True)
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("<form") == 1
    form = main[main.index("<form") : main.index("</form>")]
    for part in (
        'name="probleemanalyse-own_date"',
        'name="sick_since"',
        'formaction="/tijdlijn/agenda-link"',
        'formaction="/tijdlijn/wissen"',
        'formaction="/tijdlijn/"',
    ):
        assert part in form, part


def test_saving_the_date_saves_the_typed_step_too(client: Any, employee: User) -> None:  # noqa: F811
    response = client.submit(URL, {**AS_SHOWN, **TYPED_STEP, "sick_since": "2026-01-06"})
    assert response.status_code == 302
    assert profile_of(employee).sick_since == date(2026, 1, 6)
    assert notes() == [(employee.id, "probleemanalyse", True, date(2026, 2, 2))]


def test_saving_the_steps_saves_a_typed_date_too(client: Any, employee: User) -> None:  # noqa: F811
    response = client.submit(
        "/tijdlijn/stappen", {**AS_SHOWN, **TYPED_STEP, "sick_since": "06-01-2026"}
    )
    assert response.status_code == 302
    assert profile_of(employee).sick_since == date(2026, 1, 6)
    assert len(notes()) == 1
    page = client.get(URL).get_data(as_text=True)
    assert "Je eerste ziektedag is opgeslagen." in page


def test_a_mistake_saves_nothing_and_keeps_everything(client: Any, employee: User) -> None:  # noqa: F811
    response = client.submit(URL, {**AS_SHOWN, **TYPED_STEP, "sick_since": "2099-01-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "niet in de toekomst" in page
    assert 'name="probleemanalyse-own_date" type="date" value="2026-02-02"' in page
    assert 'value="2099-01-01"' in page
    assert notes() == [] and profile_of(employee).sick_since == FIRST_DAY


def test_buttons_that_do_not_save_ask_to_save_first(client: Any, employee: User) -> None:  # noqa: F811
    for url in ("/tijdlijn/agenda-link", "/tijdlijn/wissen", "/tijdlijn/agenda-link/stoppen"):
        for typed in (TYPED_STEP, {"sick_since": "2026-01-06"}):
            response = client.submit(url, {**AS_SHOWN, **typed})
            page = response.get_data(as_text=True)
            assert response.status_code == 200, url
            assert "Sla het eerst op." in page, url
            value = typed.get("probleemanalyse-own_date") or typed["sick_since"]
            assert f'value="{value}"' in page, url
    profile = profile_of(employee)
    assert profile.sick_since == FIRST_DAY and profile.calendar_token_hash is None
    assert notes() == []
    # as shown, nothing is lost: the button does its work
    page = client.submit("/tijdlijn/agenda-link", AS_SHOWN).get_data(as_text=True)
    assert "/tijdlijn/agenda/" in page and profile_of(employee).calendar_token_hash is not None
    assert client.submit("/tijdlijn/wissen", AS_SHOWN).status_code == 302
    assert profile_of(employee).sick_since is None
