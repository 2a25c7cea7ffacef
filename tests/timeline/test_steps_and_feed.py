"""Ticking steps, noting one's own dates, and the secret calendar-feed link."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db
from portal.timeline.models import TimelineStep
from tests.conftest import count_queries
from tests.timeline.conftest import FIRST_DAY
from tests.timeline.test_views import set_first_day

STEP = "/tijdlijn/stappen/probleemanalyse"


@pytest.fixture
def employee(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    """A logged-in employee whose first sick day is FIRST_DAY."""
    user = make_user(role=Role.EMPLOYEE)
    set_first_day(user, FIRST_DAY)
    login_as(user)
    return user


def notes() -> list[tuple[int, str, bool, date | None]]:
    rows = db.session.scalars(select(TimelineStep).order_by(TimelineStep.id))
    return [(r.user_id, r.step_id, r.is_done, r.own_date) for r in rows]


def test_mark_a_step_done_with_its_actual_date(client: Any, employee: User) -> None:
    response = client.submit(STEP, {"is_done": "y", "own_date": "2026-02-12"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#stap-probleemanalyse")
    assert notes() == [(employee.id, "probleemanalyse", True, date(2026, 2, 12))]
    page = client.get("/tijdlijn/").get_data(as_text=True)
    assert 'name="probleemanalyse-own_date" type="date" value="2026-02-12"' in page
    assert 'checked id="probleemanalyse-is_done"' in page
    # changing it updates the one note; clearing both removes it
    client.submit(STEP, {"own_date": "2026-02-13"})
    assert notes() == [(employee.id, "probleemanalyse", False, date(2026, 2, 13))]
    client.submit(STEP, {})
    assert notes() == []


def test_repeating_and_any_time_steps_can_be_noted(client: Any, employee: User) -> None:
    assert client.submit("/tijdlijn/stappen/evaluatie-plan-3", {"is_done": "y"}).status_code == 302
    assert (
        client.submit("/tijdlijn/stappen/deskundigenoordeel", {"is_done": "y"}).status_code == 302
    )
    assert [n[1] for n in notes()] == ["evaluatie-plan-3", "deskundigenoordeel"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"own_date": "niet-een-datum"}, "Dit is geen datum die we kunnen lezen."),
        ({"own_date": "1989-12-31"}, "tussen 1990 en vijf jaar"),
        ({"own_date": "2099-01-01"}, "tussen 1990 en vijf jaar"),
    ],
)
def test_bad_step_input_changes_nothing(
    client: Any, employee: User, data: dict[str, str], message: str
) -> None:
    response = client.submit(STEP, data, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert notes() == []


def test_the_timeline_saves_every_step_of_its_one_form_together(
    client: Any, employee: User
) -> None:
    client.submit(STEP, {"is_done": "y"})  # a note that the form below leaves as it was
    response = client.submit(
        "/tijdlijn/stappen",
        {
            "probleemanalyse-is_done": "y",
            "probleemanalyse-own_date": "",
            "ziekmelding-is_done": "y",
            "ziekmelding-own_date": "06-01-2026",
            "eerste-contact-bedrijfsarts-own_date": "2026-01-20",
            "plan-van-aanpak-own_date": "",  # shown but left empty: no note
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/tijdlijn/"
    assert sorted(notes()) == [
        (employee.id, "eerste-contact-bedrijfsarts", False, date(2026, 1, 20)),
        (employee.id, "probleemanalyse", True, None),
        (employee.id, "ziekmelding", True, date(2026, 1, 6)),
    ]
    # unticking a step on the page removes its note; steps not on the page stay
    client.submit("/tijdlijn/stappen", {"probleemanalyse-own_date": ""})
    assert sorted(n[1] for n in notes()) == ["eerste-contact-bedrijfsarts", "ziekmelding"]


def test_a_bad_date_in_one_step_keeps_everything_typed_and_saves_nothing(
    client: Any, employee: User
) -> None:
    response = client.submit(
        "/tijdlijn/stappen",
        {
            "ziekmelding-is_done": "y",
            "ziekmelding-own_date": "2026-01-06",
            "probleemanalyse-own_date": "31-31-2026",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("Dit is geen datum die we kunnen lezen.") == 2  # summary and field
    assert 'href="#probleemanalyse-own_date"' in page  # the summary leads to the field
    assert 'aria-invalid="true"' in page and 'value="31-31-2026"' in page
    assert 'checked id="ziekmelding-is_done"' in page and 'value="2026-01-06"' in page
    assert notes() == []


def test_each_step_has_its_own_page_with_its_form(client: Any, employee: User) -> None:
    page = client.get("/tijdlijn/stappen/deskundigenoordeel").get_data(as_text=True)
    assert "<h1" in page and "Deskundigenoordeel van UWV" in page
    assert 'action="/tijdlijn/stappen/deskundigenoordeel"' in page
    response = client.submit("/tijdlijn/stappen/deskundigenoordeel", {"own_date": "morgen"})
    assert response.status_code == 200  # the page again, with what was typed and why
    page = response.get_data(as_text=True)
    assert 'value="morgen"' in page and "Dit is geen datum die we kunnen lezen." in page
    assert notes() == []
    assert client.get("/tijdlijn/stappen/bestaat-niet").status_code == 404


def test_unknown_step_or_no_first_day_is_404(client: Any, employee: User) -> None:
    assert client.submit("/tijdlijn/stappen/bestaat-niet", {"is_done": "y"}).status_code == 404
    set_first_day(employee, None)
    assert client.submit(STEP, {"is_done": "y"}).status_code == 404
    assert client.get(STEP).status_code == 404
    client.submit(
        "/tijdlijn/stappen", {"probleemanalyse-is_done": "y", "probleemanalyse-own_date": ""}
    )
    assert notes() == []


def test_notes_are_per_person(
    client: Any, employee: User, make_user: Callable[..., User], login_as: Any
) -> None:
    client.submit(STEP, {"is_done": "y"})
    client.submit("/uitloggen")
    other = make_user()
    set_first_day(other, FIRST_DAY)
    login_as(other)
    page = client.get("/tijdlijn/").get_data(as_text=True)
    assert "<strong>Klaar</strong>" not in page


def _feed_link(client: Any) -> str:
    page = client.submit("/tijdlijn/agenda-link").get_data(as_text=True)
    match = re.search(r'value="http://localhost(/tijdlijn/agenda/[^"]+\.ics)"', page)
    assert match, page[-2000:]
    return match.group(1)


def test_calendar_feed_link_is_a_secret_that_can_be_reset_and_stopped(
    client: Any, app: Any, employee: User
) -> None:
    path = _feed_link(client)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43  # 32 random bytes, well over 128 bits
    profile = db.session.get_one(EmployeeProfile, employee.id)
    assert profile.calendar_token_hash is not None and token not in profile.calendar_token_hash
    client.submit(STEP, {"own_date": "2026-02-12"})
    anonymous = app.test_client()
    response = anonymous.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events = {
        str(e["uid"]).split(".")[0]: e for e in Calendar.from_ical(response.data).walk("VEVENT")
    }
    assert events["probleemanalyse"].decoded("dtstart") == date(2026, 2, 12)  # the own date
    assert events["plan-van-aanpak"].decoded("dtstart") == date(2026, 3, 1)
    # a new link replaces the old one
    new_path = _feed_link(client)
    assert anonymous.get(path).status_code == 404
    assert anonymous.get(new_path).status_code == 200
    client.submit("/tijdlijn/agenda-link/stoppen")
    assert anonymous.get(new_path).status_code == 404


def test_feed_stops_when_the_account_is_blocked(client: Any, app: Any, employee: User) -> None:
    path = _feed_link(client)
    employee.is_active = False
    db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_unknown_feed_token_is_404(app: Any) -> None:
    client = app.test_client()
    assert client.get("/tijdlijn/agenda/" + "x" * 43 + ".ics").status_code == 404
    assert client.get("/tijdlijn/agenda/" + "x" * 200 + ".ics").status_code == 404


def test_the_timeline_page_uses_constant_queries(client: Any, employee: User, app: Any) -> None:
    empty = count_queries(app, client, "/tijdlijn/")
    for step in ("probleemanalyse", "plan-van-aanpak", "evaluatie-plan-2", "evaluatie-plan-5"):
        client.submit(f"/tijdlijn/stappen/{step}", {"is_done": "y"})
    assert count_queries(app, client, "/tijdlijn/") == empty
    assert db.session.scalar(select(func.count()).select_from(TimelineStep)) == 4
