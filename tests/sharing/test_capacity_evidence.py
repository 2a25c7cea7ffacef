"""Each capacity heading in a shared summary is backed by dated facts from the logbook:
hours per week and the days over plan under working hours, setbacks under the heading of
their kind of load; nothing invented where the logbook says nothing."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.logbook.models import BuildUpStep, CapacityRating, CrashMark, LogEntry
from portal.sharing import evidence
from portal.sharing.models import Share
from tests.conftest import Client
from tests.sharing.conftest import TODAY, add_entry, share_through_forms

HOURS = [
    "Week of 26 Jan: 2 hours worked, 10 planned.",
    "Week of 2 Feb: 13 hours worked, 10 planned.",
    "3 Feb: 2 hours worked, more than the 1.5 hours planned that day.",
    "5 Feb: 4 hours worked, above the build-up plan of 2 hours a day, "
    "setback 2 days later, 2 days of recovery.",
    "Week of 9 Feb (only 9 Feb to 10 Feb): 2 hours worked, 10 planned.",
]
PERSONAL = ["5 Feb: 4 hours worked, load: thinking; setback 2 days later, 2 days of recovery."]
PHYSICAL = ["9 Feb: marked as a setback, load: physical effort."]


def rate(user: User) -> None:
    """Store a capacity rating of this week (the part is shared only with the rating)."""
    rating = CapacityRating(user_id=user.id, week_of=dt.date(2026, 2, 9))
    rating.answers = {"hours": {"level": 2, "example": "drie uur lukt"}}
    db.session.add(rating)
    db.session.commit()


def the_case(eva: User) -> None:
    """A build-up plan of 2 hours on 5 days; 4 hours on Thursday 5 Feb, setback on 7 Feb.

    Marks: thinking before the setback of 7 Feb, physical on 9 Feb (filled in, no crash),
    people on 10 Feb (not filled in: no dip, so no fact).
    """
    db.session.add(
        BuildUpStep(
            user_id=eva.id, starts_on=dt.date(2026, 1, 26), minutes_per_day=120, days_per_week=5
        )
    )
    first = TODAY - dt.timedelta(days=9)  # Sunday 1 February
    values = [(6, 120)] * 4 + [(6, 240), (6, 120), (3, 0), (4, 60), (6, 120)]
    for n, (energy, minutes) in enumerate(values):
        day = first + dt.timedelta(days=n)
        planned = 90 if day == dt.date(2026, 2, 3) else None  # 2 hours against 1.5 planned
        add_entry(eva, day, energy=energy, minutes_worked=minutes, minutes_planned=planned)
    for day, kind in (
        (dt.date(2026, 2, 7), "cognitive"),
        (dt.date(2026, 2, 9), "physical"),
        (dt.date(2026, 2, 10), "social"),
    ):
        db.session.add(CrashMark(user_id=eva.id, day=day, load_kind=kind))
    db.session.commit()
    rate(eva)


def facts_of(text: str) -> dict[str, list[str]]:
    """Return the lines under each heading of the "From the logbook" part of a page."""
    part = text.split("From the logbook,")[1].split("</dl>")[0]
    found: dict[str, list[str]] = {}
    for chunk in part.split("<dt>")[1:]:
        title, rest = chunk.split("</dt>", 1)
        found[title] = [li.split("</li>")[0] for li in rest.split("<li>")[1:]]
    return found


def share_capacity(
    people: dict[str, User], new_client: Callable[[User], Client], **choices: Any
) -> tuple[Client, str]:
    """Choose the capacity part, check its text; return the client and the preview page."""
    client = new_client(people["eva"])
    response = client.submit(
        "/delen/nieuw?lang=en",
        {"recipient": people["doctor"].id, "sections": ["capacity"], **choices},
    )
    assert response.status_code == 302
    client.submit("/delen/nieuw/tekst", {"capacity": "Mijn eigen inschatting"})
    return client, html.unescape(
        client.get("/delen/nieuw/voorbeeld?lang=en").get_data(as_text=True)
    )


def test_each_heading_carries_its_dated_facts_in_the_preview_page_and_pdf(
    people: dict[str, User], new_client: Callable[[User], Client], tmp_path: Any
) -> None:
    the_case(people["eva"])
    client, preview = share_capacity(people, new_client)
    expected = {
        "Working hours": HOURS,
        "Personal functioning": PERSONAL,
        "Moving (dynamic demands)": PHYSICAL,
        "Staying in one position (static demands)": PHYSICAL,
    }
    assert facts_of(preview) == {title: expected[title] for title in facts_of(preview)}
    assert set(facts_of(preview)) == set(expected)
    assert (
        "Nothing dated in the logbook of this period for: Social functioning, "
        "Physical environment." in preview
    )
    assert "10 Feb:" not in preview and "load: people" not in preview  # 10 Feb: not filled in
    client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    share = db.session.scalars(select(Share)).one()
    doctor = new_client(people["doctor"])
    page = html.unescape(doctor.get(f"/delen/ontvangen/{share.id}?lang=en").get_data(as_text=True))
    assert facts_of(page) == facts_of(preview)
    assert "Mijn eigen inschatting" in page
    dutch = html.unescape(doctor.get(f"/delen/ontvangen/{share.id}?lang=nl").get_data(as_text=True))
    assert (
        "5 feb: 4 uur gewerkt, boven het opbouwschema van 2 uur per dag, "
        "2 dagen later terugval, 2 dagen herstel." in dutch
    )
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    pdf = tmp_path / "share.pdf"
    pdf.write_bytes(doctor.get(f"/delen/ontvangen/{share.id}.pdf?lang=en").data)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for line in (*HOURS, *PERSONAL, *PHYSICAL):
        assert line in text, line


def test_facts_outside_the_period_are_left_out(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    the_case(people["eva"])
    _, preview = share_capacity(people, new_client, start="2026-02-06", end="2026-02-10")
    facts = facts_of(preview)
    assert facts["Working hours"] == [
        "Week of 2 Feb (only 6 Feb to 8 Feb): 3 hours worked, 10 planned.",
        "Week of 9 Feb (only 9 Feb to 10 Feb): 2 hours worked, 10 planned.",
    ]
    # The busy day, 5 Feb, is before the period: the marked setback stands on its own.
    assert facts["Personal functioning"] == ["7 Feb: marked as a setback, load: thinking."]
    assert "5 Feb" not in preview and "3 Feb" not in preview


def test_without_a_logbook_it_says_so_plainly(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    rate(people["eva"])
    _, preview = share_capacity(people, new_client)
    assert "The logbook of this period has nothing dated for these headings." in preview
    part = preview.split("From the logbook,")[1].split("</section>")[0]
    assert "<dt>" not in part and "<li>" not in part


def test_without_own_words_the_facts_are_not_shared_on_their_own(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    the_case(people["eva"])
    client = new_client(people["eva"])
    client.submit(
        "/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["capacity", "free"]}
    )
    client.submit("/delen/nieuw/tekst", {"capacity": "", "free": "Iets anders"})
    preview = client.get("/delen/nieuw/voorbeeld?lang=en").get_data(as_text=True)
    assert "From the logbook," not in preview and "Iets anders" in preview


def one_day(
    app: Flask, worked: int | None, not_worked: bool, planned: int | None, plan: bool
) -> list[str]:
    """Return the working-hours lines of one Wednesday, 4 Feb, with a build-up plan or not."""
    day = dt.date(2026, 2, 4)
    entry = LogEntry(
        day=day, energy=5, minutes_worked=worked, is_not_worked=not_worked, minutes_planned=planned
    )
    steps = [BuildUpStep(starts_on=dt.date(2026, 1, 1), minutes_per_day=120, days_per_week=3)]
    facts = evidence.freeze(steps if plan else [], [entry], [], day, day, TODAY)
    with app.test_request_context("/?lang=en"):
        return evidence.hours_lines(facts)


WORKED = {
    "3 h": (180, False),
    "1 h": (60, False),
    "not worked": (0, True),
    "unknown": (None, False),
}
DAY_PLAN = {"plan 2.5": 150, "plan 0": 0, "no plan": None}


@pytest.mark.parametrize("plan", [True, False], ids=["build-up", "no build-up"])
@pytest.mark.parametrize("planned", list(DAY_PLAN))
@pytest.mark.parametrize("worked", list(WORKED))
def test_a_days_hours_facts_are_true_in_every_combination(
    app: Flask, worked: str, planned: str, plan: bool
) -> None:
    minutes, not_worked = WORKED[worked]
    lines = one_day(app, minutes, not_worked, DAY_PLAN[planned], plan)
    if minutes is None:
        assert lines == []  # hours not filled in: no week line, never "0 hours"
        return
    week = "Week of 2 Feb (only 4 Feb to 4 Feb): %s hours worked" % (minutes // 60)
    assert lines[0] == week + (", 6 planned." if plan else ".")
    day = lines[1:]
    over_plan = plan and minutes > 120
    over_day = DAY_PLAN[planned] is not None and minutes > DAY_PLAN[planned]
    if not (over_plan or over_day):
        assert day == []
        return
    [line] = day
    assert line.startswith("4 Feb: %s hours worked" % (minutes // 60))
    assert ("above the build-up plan of 2 hours a day" in line) == over_plan
    assert ("more than the 2.5 hours planned that day" in line) == (
        planned == "plan 2.5" and over_day
    )
    assert ("on a day without planned hours" in line) == (planned == "plan 0" and over_day)
    assert "setback" not in line


def rated_and_prefilled(eva: User, client: Client, doctor: User) -> str:
    """Rate three headings, start a share with capacity and goals; return the prefilled text."""
    rating = CapacityRating(user_id=eva.id, week_of=dt.date(2026, 2, 9))
    rating.answers = {
        "personal": {"level": 3, "example": ""},
        "hours": {"level": 2, "example": "drie uur lukt"},
        "social": {"level": 1, "example": ""},
    }
    db.session.add(rating)
    db.session.commit()
    chosen = {"recipient": doctor.id, "sections": ["capacity", "goals", "free"]}
    assert client.submit("/delen/nieuw", chosen).status_code == 302
    page = client.get("/delen/nieuw/tekst").get_data(as_text=True)
    found = re.search(r'<textarea[^>]*name="capacity"[^>]*>(.*?)</textarea>', page, re.S)
    assert found is not None
    return html.unescape(found.group(1)).strip()


def glance_of(client: Client, share: Share) -> tuple[str, str]:
    """Return the doctor's first page and the details after it, in English."""
    page = html.unescape(client.get(f"/delen/ontvangen/{share.id}?lang=en").get_data(as_text=True))
    glance, details = page.split("At a glance")[1].split("The details follow below.")
    return glance, details


def test_page_one_has_the_capacity_rating_and_the_goals_once(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    client = new_client(eva)
    prefilled = rated_and_prefilled(eva, client, people["doctor"])
    goals = "Doel: weer drie ochtenden werken\nVraag: mag ik thuiswerken?"
    texts = {"capacity": prefilled, "goals": goals, "free": "Verder"}
    client.submit("/delen/nieuw/tekst", texts)
    client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    share = db.session.scalars(select(Share)).one()
    glance, details = glance_of(new_client(people["doctor"]), share)
    assert (
        "Capacity as Eva Employee rates it (week of 9 February): Goes well: Personal "
        "functioning; Goes, with limits: Working hours; Does not go yet: Social functioning."
        in glance
    )
    assert "Vraag: mag ik thuiswerken?" in glance and glance.count("mag ik thuiswerken") == 1
    assert "drie uur lukt" in details and "Verder" in details


def test_page_one_states_only_the_levels_the_employee_left_as_they_were(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    client = new_client(eva)
    prefilled = rated_and_prefilled(eva, client, people["doctor"])
    lines = prefilled.splitlines()
    social = next(line for line in lines if "Sociaal" in line)
    hours = next(line for line in lines if "Werktijden" in line)
    edited = [line for line in lines if line != social]
    edited[edited.index(hours)] = "- Werktijden: twee uur lukt, drie nog niet."
    client.submit("/delen/nieuw/tekst", {"capacity": "\n".join(edited), "goals": "Doel: rust"})
    client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    share = db.session.scalars(select(Share)).one()
    glance, details = glance_of(new_client(people["doctor"]), share)
    assert (
        "Capacity as Eva Employee rates it (week of 9 February): Goes well: Personal "
        "functioning." in glance
    )
    assert "Social functioning" not in glance and "Working hours" not in glance
    assert "twee uur lukt, drie nog niet" in details


def test_page_one_has_no_rating_when_the_employee_wrote_their_own_words(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    client = new_client(eva)
    rated_and_prefilled(eva, client, people["doctor"])
    client.submit("/delen/nieuw/tekst", {"capacity": "Mijn inschatting", "goals": "Doel: rust"})
    client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    share = db.session.scalars(select(Share)).one()
    glance, details = glance_of(new_client(people["doctor"]), share)
    assert "rates it" not in glance and "Mijn inschatting" in details


def test_goals_alone_make_a_first_page_without_details(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    client = new_client(people["eva"])
    share_through_forms(client, people["doctor"], {"goals": "Doel: rust"})
    share = db.session.scalars(select(Share)).one()
    page = new_client(people["doctor"]).get(f"/delen/ontvangen/{share.id}?lang=en")
    text = page.get_data(as_text=True)
    assert "At a glance" in text and "Doel: rust" in text
    assert "The details follow below." not in text and "every part is empty" not in text
