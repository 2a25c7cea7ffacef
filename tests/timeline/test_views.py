"""The employee's timeline pages: first sick day, the dated steps, clearing, the .ics file."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from icalendar import Calendar

from portal.auth.models import EmployeeProfile, Role, User
from portal.db import db
from portal.timeline import services
from portal.timeline.services import schedule
from tests.timeline.conftest import FIRST_DAY, TODAY

URL = "/tijdlijn/"
ICS_URL = "/tijdlijn/tijdlijn.ics"


@pytest.fixture
def employee(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    """A logged-in employee without a first sick day."""
    user = make_user(role=Role.EMPLOYEE)
    login_as(user)
    return user


def set_first_day(user: User, value: date | None) -> None:
    """Store a first sick day directly in the database."""
    profile = db.session.get_one(EmployeeProfile, user.id)
    profile.sick_since = value
    db.session.commit()


def first_day_of(user: User) -> date | None:
    """Read the stored first sick day afresh."""
    db.session.expire_all()
    return db.session.get_one(EmployeeProfile, user.id).sick_since


def step_html(page: str, step_id: str) -> str:
    """Return the <li> of one step of the list."""
    match = re.search(rf'<li class="timeline__item[^"]*" id="stap-{step_id}">.*?</li>', page, re.S)
    assert match, step_id
    return match.group(0)


def test_without_a_date_the_page_explains_and_shows_only_the_form(
    client: Any, employee: User
) -> None:
    page = client.get(URL).get_data(as_text=True)
    assert "<h1" in page and page.count("<h1") == 1
    assert "Vul je eerste ziektedag in." in page
    assert "Dan kun je dit leeg laten." in page
    assert 'name="sick_since"' in page and 'type="date"' in page
    assert 'class="timeline"' not in page
    assert "Mijn eerste ziektedag weghalen" not in page


def test_setting_the_date_saves_it_and_says_so_in_dutch(client: Any, employee: User) -> None:
    response = client.submit(URL, {"sick_since": "2026-01-05"})
    assert response.status_code == 302
    assert response.headers["Location"] == URL
    assert first_day_of(employee) == FIRST_DAY
    page = client.get(URL).get_data(as_text=True)
    assert "Je eerste ziektedag is opgeslagen." in page


def test_setting_the_date_says_so_in_english(client: Any, employee: User) -> None:
    client.get("/?lang=en")
    response = client.submit(URL, {"sick_since": "2026-01-05"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Your first sick day is saved." in page
    assert "Week 6 of your absence" in page
    assert "February 15, 2026" in page
    assert first_day_of(employee) == FIRST_DAY


def test_a_dutch_written_date_is_accepted(client: Any, employee: User) -> None:
    assert client.submit(URL, {"sick_since": "05-01-2026"}).status_code == 302
    assert first_day_of(employee) == FIRST_DAY


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-11", "Je eerste ziektedag kan niet in de toekomst liggen."),
        ("1989-12-31", "Vul een datum in vanaf 1 januari 1990."),
        ("niet-een-datum", "Dit is geen datum die we kunnen lezen."),
        ("", "Vul de datum van je eerste ziektedag in."),
    ],
)
@pytest.mark.parametrize("stored", [None, date(2025, 12, 1)])
def test_bad_input_changes_nothing_and_explains_in_dutch(
    client: Any, employee: User, value: str, message: str, stored: date | None
) -> None:
    set_first_day(employee, stored)
    response = client.submit(URL, {"sick_since": value})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count(message) == 2  # error summary and at the field
    assert 'aria-invalid="true"' in page
    assert first_day_of(employee) == stored


def test_today_is_accepted_as_first_sick_day(client: Any, employee: User) -> None:
    assert client.submit(URL, {"sick_since": TODAY.isoformat()}).status_code == 302
    page = client.get(URL).get_data(as_text=True)
    assert "Week 1 van je verzuim" in page


def test_the_timeline_shows_week_next_step_and_every_date(client: Any, employee: User) -> None:
    set_first_day(employee, FIRST_DAY)
    page = client.get(URL).get_data(as_text=True)
    assert "Week 6 van je verzuim" in page
    assert "Je eerste ziektedag is dag 1 van week 1." in page  # day_one_note, in Dutch

    analysis = step_html(page, "probleemanalyse")
    assert "timeline__item--current" in analysis
    assert '<span class="timeline__label">Nu</span>' in analysis
    assert "Einde van week 6" in analysis
    assert '<time datetime="2026-02-15">15 februari 2026</time>' in analysis
    assert "Probleemanalyse door de bedrijfsarts" in analysis
    assert "De bedrijfsarts" in analysis  # who acts
    assert "Maak een lijstje van wat je op een goede" in analysis  # what you can prepare
    assert "Regeling procesgang" in analysis  # source
    assert 'href="/werkwijzer/stap-voor-stap"' in analysis

    plan = step_html(page, "plan-van-aanpak")
    assert '<span class="timeline__label">Hierna</span>' in plan
    assert '<a href="#stap-plan-van-aanpak">Plan van aanpak met je werkgever</a>' in page

    report = step_html(page, "ziekmelding")
    assert '<span class="timeline__label">Voorbij</span>' in report
    assert "Begin van week 1" in report and "5 januari 2026" in report

    evaluation = step_html(page, "eerstejaarsevaluatie")
    assert '<span class="timeline__label">Later</span>' in evaluation
    assert "Week 46 tot en met 52" in evaluation
    assert 'href="/tijdlijn/stappen/eerstejaarsevaluatie"' in evaluation  # details on its page
    assert "Bronnen verschillen" not in page
    own_page = client.get("/tijdlijn/stappen/eerstejaarsevaluatie").get_data(as_text=True)
    assert "Bronnen verschillen" in own_page  # range note
    assert "Week 46 tot en met 52" in own_page and "Regeling procesgang" in own_page

    assert "step_html" not in page
    assert page.count('class="timeline__item ') == len(
        schedule(services.get_timeline(), FIRST_DAY, TODAY)
    )
    any_time = page.split('id="any-time-title"', 1)[1]
    assert "Deskundigenoordeel van UWV" in any_time
    assert "Second opinion bij een andere bedrijfsarts" in any_time
    assert "Deskundigenoordeel van UWV" not in page.split('id="any-time-title"', 1)[0]


def test_the_data_file_is_loaded_once_per_app(app: Any, client: Any, employee: User) -> None:
    set_first_day(employee, FIRST_DAY)
    client.get(URL)
    loaded = app.extensions["timeline"]
    client.get(URL)
    assert app.extensions["timeline"] is loaded


def test_clearing_the_date(client: Any, employee: User) -> None:
    set_first_day(employee, FIRST_DAY)
    assert "Mijn eerste ziektedag weghalen" in client.get(URL).get_data(as_text=True)
    response = client.submit("/tijdlijn/wissen", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Je eerste ziektedag is weggehaald." in page
    assert 'class="timeline"' not in page
    assert first_day_of(employee) is None


def test_clearing_needs_a_csrf_token(client: Any, employee: User) -> None:
    set_first_day(employee, FIRST_DAY)
    assert client.post("/tijdlijn/wissen", data={}).status_code == 400
    assert first_day_of(employee) == FIRST_DAY


def _events(response: Any) -> dict[str, Any]:
    calendar = Calendar.from_ical(response.data)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_calendar_download_has_every_dated_step(client: Any, employee: User) -> None:
    set_first_day(employee, FIRST_DAY)
    response = client.get(ICS_URL)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    events = _events(response)
    assert len(events) == len(schedule(services.get_timeline(), FIRST_DAY, TODAY))

    def find(step: str) -> Any:
        return events[f"{step}.{employee.id}@timeline.eigen-regie"]

    analysis = find("probleemanalyse")
    assert str(analysis["summary"]) == "Probleemanalyse door de bedrijfsarts"
    assert analysis.decoded("dtstart") == date(2026, 2, 15)  # end of week 6
    assert analysis.decoded("dtend") == date(2026, 2, 16)  # all-day: the end is exclusive
    assert "uiterlijk aan het eind van week 6" in str(analysis["description"])
    assert "Wat je kunt voorbereiden: Maak een lijstje" in str(analysis["description"])
    assert find("ziekmelding").decoded("dtstart") == FIRST_DAY
    assert find("evaluatie-plan-2").decoded("dtstart") == date(2026, 5, 24)  # end of week 20
    body = response.get_data(as_text=True)
    assert employee.email not in body and employee.name not in body


def test_calendar_download_in_english(client: Any, employee: User) -> None:
    set_first_day(employee, FIRST_DAY)
    client.get("/?lang=en")
    events = _events(client.get(ICS_URL))
    summaries = {str(event["summary"]) for event in events.values()}
    assert "Problem analysis by the bedrijfsarts" in summaries


def test_calendar_without_a_date_sends_back_to_the_form(client: Any, employee: User) -> None:
    response = client.get(ICS_URL)
    assert response.status_code == 302
    assert response.headers["Location"] == URL


def test_home_summary(app: Any, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.EMPLOYEE)
    assert services.home_summary(user) is None
    set_first_day(user, FIRST_DAY)
    summary = services.home_summary(user)
    assert summary is not None
    assert summary["week"] == 6
    assert summary["next"].id == "plan-van-aanpak"
    assert summary["next"].due_on == date(2026, 3, 1)


@pytest.mark.parametrize("role", [Role.COACH, Role.PROFESSIONAL, Role.ADMIN])
@pytest.mark.parametrize(
    ("method", "url"), [("GET", URL), ("GET", ICS_URL), ("POST", URL), ("POST", "/tijdlijn/wissen")]
)
def test_staff_get_not_found(
    client: Any,
    make_user: Callable[..., User],
    login_as: Callable[[User], Any],
    role: Role,
    method: str,
    url: str,
) -> None:
    login_as(make_user(role=role))
    response = client.get(url) if method == "GET" else client.submit(url, {})
    assert response.status_code == 404


@pytest.mark.parametrize("url", [URL, ICS_URL])
def test_anonymous_is_sent_to_login(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")
