"""Filling in a day: the quick form, shortcuts, earlier days, autosave and bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.logbook.models import LogEntry
from portal.logbook.services import home_status
from tests.logbook.conftest import TODAY, add_entry, set_sick_since

URL = "/logboek/"


def entries() -> list[LogEntry]:
    """Every stored entry, oldest day first, freshly read."""
    db.session.expire_all()
    return list(db.session.scalars(select(LogEntry).order_by(LogEntry.day)))


def test_the_page_has_the_quick_form_and_the_shortcuts(client: Any, employee: User) -> None:
    for n in range(1, 8):  # the shortcuts show once they can work
        add_entry(employee, TODAY - dt.timedelta(days=n), energy=6)
    page = client.get(URL + "?lang=en").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert page.count('name="energy" required type="radio"') == 11
    assert 'name="hours_worked"' in page and 'name="is_not_worked"' in page
    assert "Same as yesterday" in page and "Usual day" in page
    assert "<details" in page and 'name="note"' in page  # the rest is optional, folded away
    assert 'src="/static/js/logbook.js"' in page and "style=" not in page


def test_three_actions_save_today(client: Any, employee: User) -> None:
    response = client.submit(URL, {"energy": "6", "hours_worked": "2,5"})
    assert response.status_code == 302 and response.headers["Location"] == URL
    (entry,) = entries()
    assert (entry.user_id, entry.day, entry.energy) == (employee.id, TODAY, 6)
    assert entry.minutes_worked == 150 and not entry.is_not_worked and not entry.is_backfilled
    assert entry.complaint_level is None and entry.note is None
    page = client.get(URL).get_data(as_text=True)
    assert "Opgeslagen. Je kunt het altijd nog aanpassen." in page  # Dutch


def test_a_second_save_for_the_same_day_updates(client: Any, employee: User) -> None:
    client.submit(URL, {"energy": "6", "hours_worked": "3"})
    client.submit(URL, {"energy": "4", "is_not_worked": "y", "note": "Rustig aan"})
    (entry,) = entries()
    assert entry.energy == 4 and entry.minutes_worked == 0 and entry.is_not_worked
    assert entry.note == "Rustig aan"


def test_all_fields_are_saved_and_shown_again(client: Any, employee: User) -> None:
    data = {
        "energy": "3",
        "hours_worked": "1:30",
        "hours_planned": "2",
        "complaint_level": "7",
        "sleep_quality": "2",
        "work_activities": "Mail gelezen",
        "home_activities": "Boodschappen",
        "helped": "Pauze",
        "hindered": "Lawaai",
        "note": "Zware dag",
        "is_note_shareable": "y",
    }
    client.submit(URL, data)
    (entry,) = entries()
    assert (entry.minutes_worked, entry.minutes_planned) == (90, 120)
    assert (entry.complaint_level, entry.sleep_quality) == (7, 2)
    assert (entry.work_activities, entry.home_activities) == ("Mail gelezen", "Boodschappen")
    assert (entry.helped, entry.hindered, entry.note) == ("Pauze", "Lawaai", "Zware dag")
    assert entry.is_note_shareable
    page = client.get(URL).get_data(as_text=True)
    assert 'value="1,5"' in page and "Zware dag" in page
    assert 'value="7" checked' in page or 'checked id="complaint_level-' in page


def test_extra_fields_change_nothing(client: Any, employee: User, make_user: Any) -> None:
    other = make_user()
    client.submit(
        URL,
        {"energy": "5", "user_id": str(other.id), "day": "2020-01-01", "is_backfilled": "y"},
    )
    (entry,) = entries()
    assert entry.user_id == employee.id and entry.day == TODAY and not entry.is_backfilled


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose your energy: a number from 0 to 10."),
        ({"energy": "11"}, "Choose your energy: a number from 0 to 10."),
        ({"energy": "-1"}, "Choose your energy: a number from 0 to 10."),
        ({"energy": "veel"}, "Choose your energy: a number from 0 to 10."),
        ({"energy": "5", "hours_worked": "25"}, "Fill in a number of hours from 0 to 24."),
        ({"energy": "5", "hours_worked": "-1"}, "Fill in a number of hours from 0 to 24."),
        ({"energy": "5", "hours_planned": "nan"}, "Fill in a number of hours from 0 to 24."),
        ({"energy": "5", "hours_worked": "twee"}, "Fill in hours as a number, for example 2,5."),
        (
            {"energy": "5", "hours_worked": "3", "is_not_worked": "y"},
            "Then leave hours worked empty or 0.",
        ),
        ({"energy": "5", "complaint_level": "12"}, "Choose a number from 0 to 10, or leave it"),
        ({"energy": "5", "sleep_quality": "9"}, "Choose one of the options."),
        ({"energy": "5", "note": "x" * 2001}, "Use at most 2000 characters."),
        ({"energy": "5", "helped": "a\x00b"}, "characters that are not allowed"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(
    client: Any, employee: User, data: dict[str, str], message: str
) -> None:
    client.get("/?lang=en")
    response = client.submit(URL, data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert 'id="error-summary"' in page
    assert entries() == []


def test_bad_input_keeps_what_was_typed(client: Any, employee: User) -> None:
    page = client.submit(URL, {"energy": "12", "note": "Niet kwijtraken"}).get_data(as_text=True)
    assert "Niet kwijtraken" in page and '<details class="logbook-more" open>' in page


def test_text_of_exactly_the_maximum_is_fine(client: Any, employee: User) -> None:
    client.submit(URL, {"energy": "5", "note": "x" * 2000})
    assert len(entries()[0].note or "") == 2000


def test_an_earlier_day_is_marked_as_filled_in_later(client: Any, employee: User) -> None:
    response = client.submit("/logboek/dag/2026-02-01", {"energy": "7"})
    assert response.status_code == 302 and response.headers["Location"] == "/logboek/dag/2026-02-01"
    (entry,) = entries()
    assert entry.day == dt.date(2026, 2, 1) and entry.is_backfilled
    page = client.get("/logboek/dag/2026-02-01?lang=en").get_data(as_text=True)
    assert "Filled in later" in page and "Remove this day" in page


def test_the_day_picker_goes_to_the_day(client: Any, employee: User) -> None:
    response = client.get("/logboek/dag?dag=2026-02-03")
    assert response.headers["Location"] == "/logboek/dag/2026-02-03"
    response = client.get("/logboek/dag?dag=03-02-2026")
    assert response.headers["Location"] == "/logboek/dag/2026-02-03"
    response = client.get("/logboek/dag?dag=gisteren", follow_redirects=True)
    assert "Dit is geen datum die we kunnen lezen." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-11", "You cannot fill in a day in the future yet."),
        ("1989-12-31", "Choose a day from 1 January 1990 onwards."),
        ("2023-01-04", "This day is more than two years before your first sick day."),
    ],
)
def test_days_that_cannot_have_an_entry(
    client: Any, employee: User, day: str, message: str
) -> None:
    set_sick_since(employee, dt.date(2025, 1, 5))
    client.get("/?lang=en")
    response = client.get(f"/logboek/dag/{day}", follow_redirects=True)
    assert message in response.get_data(as_text=True)
    response = client.submit(f"/logboek/dag/{day}", {"energy": "5"}, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    picked = client.get(f"/logboek/dag?dag={day}", follow_redirects=True)
    assert message in picked.get_data(as_text=True)
    assert client.submit(f"/logboek/dag/{day}/concept", {"energy": "5"}).json["saved"] is False
    assert entries() == []


def test_two_years_before_the_first_sick_day_is_still_fine(client: Any, employee: User) -> None:
    set_sick_since(employee, dt.date(2025, 1, 5))
    assert client.submit("/logboek/dag/2023-01-05", {"energy": "5"}).status_code == 302
    assert [e.day for e in entries()] == [dt.date(2023, 1, 5)]


def test_a_day_that_is_not_a_date_is_404(client: Any, employee: User) -> None:
    assert client.get("/logboek/dag/2026-13-01").status_code == 404
    assert client.get("/logboek/dag/gisteren").status_code == 404


def test_same_as_yesterday_copies_the_numbers(client: Any, employee: User) -> None:
    response = client.submit("/logboek/zelfde-als-gisteren", follow_redirects=True)
    assert "Gisteren is niet ingevuld" in response.get_data(as_text=True)
    assert entries() == []
    add_entry(
        employee,
        TODAY - dt.timedelta(days=1),
        energy=4,
        minutes_worked=120,
        complaint_level=6,
        note="alleen gisteren",
    )
    response = client.submit("/logboek/zelfde-als-gisteren")
    assert response.headers["Location"] == URL
    today = entries()[-1]
    assert (today.day, today.energy, today.minutes_worked, today.complaint_level) == (
        TODAY,
        4,
        120,
        6,
    )
    assert today.note is None and not today.is_backfilled


def test_usual_day_uses_the_own_average(client: Any, employee: User) -> None:
    for n in range(1, 7):
        add_entry(employee, TODAY - dt.timedelta(days=n), energy=6, minutes_worked=120)
    client.submit("/logboek/stabiele-dag")
    assert len(entries()) == 6  # fewer than 7 days: nothing filled in
    add_entry(employee, TODAY - dt.timedelta(days=9), energy=8, minutes_worked=225)
    client.submit("/logboek/stabiele-dag")
    today = entries()[-1]
    assert today.day == TODAY and today.energy == 6  # (6 * 6 + 8) / 7 = 6.3
    assert today.minutes_worked == 135  # (6 * 2 + 3.75) / 7 = 2.25 hours


def test_autosave_saves_valid_input_and_explains_the_rest(client: Any, employee: User) -> None:
    answer = client.submit("/logboek/dag/2026-02-10/concept", {"note": "half af"}).json
    assert answer["saved"] is False and "0 tot 10" in answer["message"]
    assert entries() == []
    answer = client.submit("/logboek/dag/2026-02-10/concept", {"energy": "5", "note": "af"}).json
    assert answer == {"saved": True, "message": "Automatisch opgeslagen."}
    assert [(e.energy, e.note) for e in entries()] == [(5, "af")]
    # no CSRF token: refused, nothing changed
    assert client.post("/logboek/dag/2026-02-10/concept", data={"energy": "1"}).status_code == 400
    assert entries()[0].energy == 5


def test_home_status_says_whether_today_is_filled_in(
    app: Any, make_user: Callable[..., User]
) -> None:
    user = make_user()
    status = home_status(user.id)
    assert status.today == TODAY and status.entry is None and not status.has_yesterday
    add_entry(user, TODAY - dt.timedelta(days=1))
    add_entry(user, TODAY, energy=8)
    status = home_status(user.id)
    assert status.entry is not None and status.entry.energy == 8 and status.has_yesterday


def test_saving_a_day_reads_the_entry_once_and_not_the_profile_again(
    app: Any, client: Any, employee: User
) -> None:
    """One save_day(): the day's entry is read once, the profile comes with the session."""
    set_sick_since(employee, TODAY - dt.timedelta(days=30))
    add_entry(employee, TODAY, energy=4)
    token = client.csrf_token()
    seen: list[str] = []

    def before(*args: Any) -> None:
        seen.append(" ".join(str(args[2]).split()).lower())

    from sqlalchemy import event

    engine = app.extensions["portal_db"]
    event.listen(engine, "before_cursor_execute", before)
    try:
        response = client.post(URL, data={"energy": "7", "csrf_token": token})
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert response.status_code == 302
    reads = [s for s in seen if s.startswith("select") and "from log_entries" in s]
    assert len(reads) == 1, reads
    profile_reads = [
        s for s in seen if s.startswith("select") and "employee_profiles.sick_since" in s
    ]
    assert not profile_reads, profile_reads
    assert [e.energy for e in entries()] == [7]
