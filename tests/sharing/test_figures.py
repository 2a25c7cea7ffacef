"""Figures a bedrijfsarts can trust: hours in every combination, over and under plan apart,
sleep, crashes with their delay, the chosen talk's preparation, the inbox details and the
recipient addressed by name."""

from __future__ import annotations

import datetime as dt
import html
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.learning import services as learning
from portal.logbook.models import LogEntry
from portal.sharing.figures import (
    day_hours_text,
    figure_lines,
    hours_figures,
    overview_lines,
    period_hours_lines,
    setback_load_line,
)
from portal.sharing.models import Share
from tests.conftest import Client
from tests.sharing.conftest import TODAY, add_entry, add_talk, share_through_forms

WORKED = {"value": (150, False), "not worked": (0, True), "unknown": (None, False)}
PLANNED = {"plan 3": 180, "plan 0": 0, "no plan": None}
#: The day's words in every combination of worked x planned (English).
EXPECTED = {
    ("value", "plan 3"): "2.5 of 3 planned hours worked",
    ("value", "plan 0"): "2.5 hours worked on a day without planned hours",
    ("value", "no plan"): "2.5 hours worked (no plan filled in)",
    ("not worked", "plan 3"): "did not work (3 hours planned)",
    ("not worked", "plan 0"): "did not work (planned rest day)",
    ("not worked", "no plan"): "did not work",
    ("unknown", "plan 3"): "3 hours planned, hours worked not filled in",
    ("unknown", "plan 0"): "0 hours planned, hours worked not filled in",
    ("unknown", "no plan"): None,
}


def entry(worked: str, planned: str) -> LogEntry:
    minutes, not_worked = WORKED[worked]
    return LogEntry(
        day=TODAY,
        energy=5,
        minutes_worked=minutes,
        is_not_worked=not_worked,
        minutes_planned=PLANNED[planned],
    )


@pytest.mark.parametrize(("worked", "planned"), list(EXPECTED))
def test_a_days_hours_are_true_in_every_combination(app: Flask, worked: str, planned: str) -> None:
    with app.test_request_context("/?lang=en"):
        assert day_hours_text(entry(worked, planned)) == EXPECTED[(worked, planned)]


@pytest.mark.parametrize(("worked", "planned"), list(EXPECTED))
def test_a_periods_hours_never_call_unknown_zero(app: Flask, worked: str, planned: str) -> None:
    with app.test_request_context("/?lang=en"):
        lines = " ".join(period_hours_lines(hours_figures([entry(worked, planned)]), "Eva"))
    assert "of 0 planned" not in lines and "0 of 0" not in lines
    if planned == "no plan":
        assert "unknown (not zero)" in lines
    if worked == "unknown":
        assert "Eva did not fill in hours worked" in lines
    if worked == "not worked":
        assert "1 day without work" in lines
    if planned == "plan 0" and worked != "value":
        assert "planned rest day" in lines


def test_over_and_under_plan_are_shown_apart(app: Flask) -> None:
    days = [
        LogEntry(day=TODAY, energy=5, minutes_worked=240, minutes_planned=180),  # 1 h over
        LogEntry(day=TODAY, energy=5, minutes_worked=0, is_not_worked=True, minutes_planned=180),
        LogEntry(day=TODAY, energy=5, minutes_worked=150, minutes_planned=180),  # 0.5 h short
        LogEntry(day=TODAY, energy=5, minutes_worked=180, minutes_planned=180),
    ]
    with app.test_request_context("/?lang=nl"):
        lines = period_hours_lines(hours_figures(days), "Eva")
    text = " ".join(lines)
    assert "9,5 van 12 geplande uren" in text  # a Dutch decimal comma
    assert "Meer dan gepland op 1 dag (1 uur meer in totaal)" in text
    assert "Minder dan gepland op 2 dagen (3,5 uur minder in totaal)." in text
    assert "Daarvan 1 dag helemaal niet gewerkt." in text


def share_logbook(
    people: dict[str, User], new_client: Callable[[User], Client], **choices: Any
) -> tuple[Client, Share]:
    client = new_client(people["eva"])
    response = share_through_forms(client, people["doctor"], {"logbook": ""}, **choices)
    assert response.status_code == 302
    share = db.session.scalars(select(Share)).one()
    return client, share


def test_sleep_is_shared_charted_and_summarised(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    for n, sleep in enumerate((2, 3, 4)):
        add_entry(eva, TODAY - dt.timedelta(days=n + 1), sleep_quality=sleep)
    client = new_client(eva)
    client.submit(
        "/delen/nieuw?lang=en",
        {"recipient": people["doctor"].id, "sections": ["logbook"], "day_fields": ["sleep"]},
    )
    step2 = client.get("/delen/nieuw/tekst?lang=en").get_data(as_text=True)
    assert "sleep 4/5" in step2  # day by day, for the employee to keep or change
    client.submit("/delen/nieuw/tekst", {"logbook": "sleep 4/5"})
    client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    share = db.session.scalars(select(Share)).one()
    doctor = new_client(people["doctor"])
    page = doctor.get(f"/delen/ontvangen/{share.id}?lang=en").get_data(as_text=True)
    assert "Average sleep (1 very bad to 5 very good)" in page
    assert "<dd>3</dd>" in page  # the mean of 2, 3 and 4
    assert "share-chart-sleep" in page


def test_the_recipient_reads_about_the_employee_by_name_with_the_inbox_details(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    talk = add_talk(eva, "Goal", "Proposal", "PRIVATE")
    add_entry(eva, TODAY - dt.timedelta(days=3), minutes_worked=150, minutes_planned=180)
    add_entry(eva, TODAY - dt.timedelta(days=1), minutes_worked=0, is_not_worked=True)
    _, share = share_logbook(
        people,
        new_client,
        consult=talk.id,
        birth_date="1980-03-14",
        employer_name="Gemeente Utrecht",
        title="Voor het consult",
    )
    doctor = new_client(people["doctor"])
    inbox = doctor.get("/professional/").get_data(as_text=True)
    assert "Voor het consult" in inbox
    assert "week 15" in inbox  # sick since 3 November 2025, shared on 10 February 2026
    assert "20 februari 2026" in inbox  # the talk, by date in words
    assert "geboren 14 maart 1980" in inbox and "Gemeente Utrecht" in inbox
    page = doctor.get(f"/delen/ontvangen/{share.id}").get_data(as_text=True)
    assert "Vertrouwelijke medische informatie" in page
    assert "Eva Employee heeft 2 van de 4 dagen vanaf 7 februari 2026" in page  # from the 1st entry
    assert "een dag die Eva Employee niet heeft ingevuld" in page
    assert "2,5 van 3 geplande uren" in page  # Dutch decimal comma
    summary = page.split('id="share-title"')[1].split('id="replies-title"')[0]
    assert " je " not in summary and " jij " not in summary  # about Eva, not to "you"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_is_marked_confidential_for_the_doctor_only(
    people: dict[str, User], new_client: Callable[[User], Client], tmp_path: Any
) -> None:
    add_entry(people["eva"], TODAY - dt.timedelta(days=1), minutes_worked=90)
    _, share = share_logbook(people, new_client)
    doctor = new_client(people["doctor"])
    pdf = tmp_path / "share.pdf"
    pdf.write_bytes(doctor.get(f"/delen/ontvangen/{share.id}.pdf?lang=en").data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Confidential medical information, only for the bedrijfsarts Dokter Dirk" in " ".join(
        text.split()
    )
    assert "Energy per day" in text  # charts are titled


def test_the_chosen_talk_supplies_abilities_and_step_plan(
    people: dict[str, User],
    new_client: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    eva = people["eva"]
    monkeypatch.setattr(
        learning,
        "scherpe_foto",
        lambda user_id: [{"what": "FROM-THE-EXERCISE", "example": "", "can": True}],
    )
    talk = add_talk(eva, "Goal", "Proposal", "PRIVATE")
    talk.step_plan = ["Week 1: drie ochtenden", "Week 3: vier ochtenden"]
    db.session.commit()
    client = new_client(eva)
    client.submit(
        "/delen/nieuw?lang=en",
        {"recipient": people["doctor"].id, "sections": ["abilities", "goals"], "consult": talk.id},
    )
    step2 = client.get("/delen/nieuw/tekst").get_data(as_text=True)
    assert "Twee uur achter elkaar werken" in step2  # the talk's "what I can do"
    assert "FROM-THE-EXERCISE" not in step2
    assert "Week 1: drie ochtenden" in step2 and "My step plan:" in step2


def test_the_build_up_plan_arrives_per_week_with_the_next_step(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    from portal.logbook.models import BuildUpStep

    eva = people["eva"]
    for starts, minutes in ((dt.date(2026, 1, 26), 180), (dt.date(2026, 2, 16), 240)):
        db.session.add(
            BuildUpStep(user_id=eva.id, starts_on=starts, minutes_per_day=minutes, days_per_week=3)
        )
    db.session.commit()
    monday = dt.date(2026, 2, 2)
    add_entry(eva, monday, minutes_worked=180)
    add_entry(eva, monday + dt.timedelta(days=2), minutes_worked=240)  # over plan
    _, share = share_logbook(people, new_client)
    doctor = new_client(people["doctor"])
    page = doctor.get(f"/delen/ontvangen/{share.id}?lang=en").get_data(as_text=True)
    assert "Build-up against the plan, per week" in page
    row = page.split(">2 Feb<")[1].split("</tr>")[0]
    assert "9 h (3 h × 3)" in row and "7 h" in row and "21.9%" in row
    assert [cell.split("<")[0] for cell in row.split("<td>")[-2:]] == ["1", "1"]
    assert "Next step from February 16, 2026: 4 hours a day on 3 days a week." in page
    assert "Opbouwschema (uren per werkdag)" in page  # the plan in the chart (frozen in nl)
    glance = page.split("At a glance")[1].split("The details follow below.")[0]
    assert (
        "Build-up, week of 2 February: 7 of 9 planned hours (3 hours on 3 days); "
        "days over the plan: 1, days under the plan: 1." in glance
    )
    assert "9 February" not in glance  # no hours filled in that week: not shown as 0
    assert "Next step from 16 February: 4 hours a day on 3 days a week." in glance


def test_the_build_up_table_starts_at_the_first_week_with_a_plan_or_hours(
    people: dict[str, User],
) -> None:
    from portal.logbook.models import BuildUpStep
    from portal.sharing.frozen import buildup_figures

    eva = people["eva"]
    step = BuildUpStep(user_id=eva.id, starts_on=dt.date(2026, 2, 9), minutes_per_day=120)
    step.days_per_week = 5
    db.session.add(step)
    db.session.commit()
    start, end = dt.date(2026, 1, 12), dt.date(2026, 2, 22)
    entries = [LogEntry(user_id=eva.id, day=dt.date(2026, 1, 27), minutes_worked=60)]
    frozen = buildup_figures(eva.id, [step], entries, start, end, end)
    assert frozen is not None
    # 12 and 19 January: no plan, nothing filled in: left out; 26 January has hours.
    assert [w["monday"] for w in frozen["weeks"]] == [
        "2026-01-26",
        "2026-02-02",
        "2026-02-09",
        "2026-02-16",
    ]


def test_the_first_page_states_the_crash_with_its_delay_and_recovery(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    first = TODAY - dt.timedelta(days=9)
    values = [(6, 120)] * 4 + [(6, 240), (6, 120), (3, 0), (4, 60), (6, 120)]
    for n, (energy, minutes) in enumerate(values):
        add_entry(eva, first + dt.timedelta(days=n), energy=energy, minutes_worked=minutes)
    _, share = share_logbook(people, new_client)
    doctor = new_client(people["doctor"])
    page = doctor.get(f"/delen/ontvangen/{share.id}?lang=en").get_data(as_text=True)
    glance = page.split("At a glance")[1].split("The details follow below.")[0]
    # The sentence is shared exactly as the employee approved it (in their language).
    assert (
        "Setbacks, as Eva Employee put it: "
        "4 uur → terugval na 2 dagen, 2 dagen herstel." in html.unescape(glance)
    )
    assert "Energy dip 2 days later." in page and "after 2 days." in page
    assert "not yet sure: still few days to compare with" in page


def crash_days(eva: User) -> None:
    """Log two calm weeks at 2 hours, then a 4-hour day with a dip two days later."""
    first = TODAY - dt.timedelta(days=9)
    values = [(6, 120)] * 4 + [(6, 240), (6, 120), (3, 0), (4, 60), (6, 120)]
    for n, (energy, minutes) in enumerate(values):
        add_entry(eva, first + dt.timedelta(days=n), energy=energy, minutes_worked=minutes)


def test_the_crash_sentence_waits_for_the_employees_approval(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    crash_days(people["eva"])
    eva = new_client(people["eva"])
    eva.submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["logbook"]})
    checked = eva.submit("/delen/nieuw/tekst", {"logbook": ""})
    assert checked.headers["Location"] == "/delen/nieuw/terugval"
    # The preview and sharing wait until the employee decided.
    assert eva.get("/delen/nieuw/voorbeeld").headers["Location"] == "/delen/nieuw/terugval"
    blocked = eva.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    assert blocked.headers["Location"] == "/delen/nieuw/terugval"
    assert db.session.scalars(select(Share)).all() == []
    page = html.unescape(eva.get("/delen/nieuw/terugval?lang=en").get_data(as_text=True))
    assert "4 hours → setback after 2 days, 2 days of recovery." in page
    for data, message in (
        ({}, "Choose whether this sentence is shared."),
        ({"choice": "maybe"}, "Choose one of the options."),
        ({"choice": "own", "text": "  "}, "Write the sentence in your own words"),
        ({"choice": "own", "text": "x" * 501}, "Use at most 500 characters."),
    ):
        response = eva.submit("/delen/nieuw/terugval?lang=en", data)
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert eva.get("/delen/nieuw/voorbeeld").headers["Location"] == "/delen/nieuw/terugval"
    own = "Vier uur is nu te veel; ik heb drie dagen nodig om te herstellen."
    assert eva.submit("/delen/nieuw/terugval", {"choice": "own", "text": own}).status_code == 302
    preview = eva.get("/delen/nieuw/voorbeeld").get_data(as_text=True)
    assert own in preview and "terugval na 2 dagen" not in preview
    eva.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    share = db.session.scalars(select(Share)).one()
    figures = share.snapshot["sections"][0]["figures"]
    assert figures["crash_sentence"] == own


def test_the_crash_sentence_can_be_left_out(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    crash_days(people["eva"])
    _, share = share_logbook(people, new_client, crash_sentence={"choice": "out"})
    assert share.snapshot["sections"][0]["figures"]["crash_sentence"] is None
    page = new_client(people["doctor"]).get(f"/delen/ontvangen/{share.id}?lang=en")
    text = html.unescape(page.get_data(as_text=True))
    assert "Setbacks, as" not in text and "energy dip after" not in text
    assert "terugval na" not in text
    assert "Energy dip 2 days later." in text  # the day-by-day figures stay


def test_without_a_setback_there_is_no_sentence_to_approve(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    add_entry(people["eva"], TODAY - dt.timedelta(days=1), minutes_worked=120)
    eva = new_client(people["eva"])
    eva.submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["logbook"]})
    assert eva.submit("/delen/nieuw/tekst", {"logbook": ""}).headers["Location"] == (
        "/delen/nieuw/voorbeeld"
    )
    assert eva.get("/delen/nieuw/terugval").headers["Location"] == "/delen/nieuw/voorbeeld"


def test_since_the_last_talk_says_agreements_done_and_the_poortwachter_status(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    from portal.consults.models import Agreement, AgreementWho, Consult, WithWhom
    from portal.timeline.models import TimelineStep

    eva = people["eva"]
    talk = Consult(
        user_id=eva.id,
        starts_at=dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC),
        with_whom=WithWhom.BEDRIJFSARTS,
    )
    talk.eval_good = "Ik kon mijn vragen stellen"
    db.session.add(talk)
    db.session.flush()
    for what, done in (("Drie ochtenden werken", True), ("Gesprek met leidinggevende", False)):
        agreement = Agreement(
            user_id=eva.id,
            consult_id=talk.id,
            who=AgreementWho.ME,
            due_on=dt.date(2026, 2, 1),
            done_at=dt.datetime(2026, 1, 30, tzinfo=dt.UTC) if done else None,
        )
        agreement.what = what
        db.session.add(agreement)
    db.session.add(
        TimelineStep(
            user_id=eva.id, step_id="probleemanalyse", is_done=True, own_date=dt.date(2025, 12, 12)
        )
    )
    db.session.commit()
    client = new_client(eva)
    client.submit("/delen/nieuw?lang=en", {"recipient": people["doctor"].id, "sections": ["since"]})
    step2 = client.get("/delen/nieuw/tekst?lang=en").get_data(as_text=True)
    assert "Agreements from the talk on January 20, 2026: 1 of 2 done." in step2
    assert "Gesprek met leidinggevende (by February 1, 2026): not done yet" in step2
    assert "What went well: Ik kon mijn vragen stellen" in step2
    assert "Week of absence: 15." in step2
    assert ": done (December 12, 2025)." in step2
    assert "Next evaluation of the plan: by" in step2


def test_the_treatment_part_is_optional_and_says_consent_is_separate(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    client = new_client(people["eva"])
    client.submit(
        "/delen/nieuw?lang=en", {"recipient": people["doctor"].id, "sections": ["treatment"]}
    )
    step2 = client.get("/delen/nieuw/tekst?lang=en").get_data(as_text=True)
    assert "Who treats me" in step2 and "Waiting list" in step2
    assert "separate, written consent" in step2


def test_setbacks_per_kind_of_load_reach_the_doctor_and_unlogged_marks_do_not(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    from portal.logbook.models import CrashMark

    eva = people["eva"]
    crash_days(eva)  # 4 hours on 5 Feb, a dip on 7 Feb
    for day, kind in ((dt.date(2026, 2, 7), "cognitive"), (dt.date(2026, 2, 10), "social")):
        db.session.add(CrashMark(user_id=eva.id, day=day, load_kind=kind))
    db.session.commit()  # 10 Feb was not filled in: that mark is no dip
    _, share = share_logbook(people, new_client)
    figures = share.snapshot["sections"][0]["figures"]
    assert figures["setbacks_by_load"] == {"cognitive": 1}
    assert figures["crashes_observed"] == len(figures["crashes"]) == 1
    page = new_client(people["doctor"]).get(f"/delen/ontvangen/{share.id}?lang=en")
    text = html.unescape(page.get_data(as_text=True))
    glance = text.split("At a glance")[1].split("The details follow below.")[0]
    line = "Setbacks by the kind of load before them: Thinking (cognitive): 1."
    assert line in glance and line in text.split("The details follow below.")[1]
    assert "People (social)" not in text


def test_page_one_leaves_out_setbacks_whose_kind_was_not_said(app: Flask) -> None:
    """Only "kind not said" is no finding for page one; the details still give the count."""
    unsaid = {"crashes": [], "setbacks_by_load": {"unknown": 2}}
    said = {"crashes": [], "setbacks_by_load": {"unknown": 1, "social": 1}}
    with app.test_request_context("/?lang=en"):
        assert not any("kind of load" in line for line in figure_lines(part(unsaid), "Eva"))
        assert (
            "Setbacks by the kind of load before them: People (social): 1; kind not said: 1."
            in (figure_lines(part(said), "Eva"))
        )
        assert setback_load_line(unsaid) == (
            "Setbacks by the kind of load before them: kind not said: 2."
        )


def test_with_a_build_up_plan_the_hours_do_not_call_the_plan_unknown(app: Flask) -> None:
    hours = hours_figures([entry("value", "no plan")])
    plan = {"weeks": [], "next": None}
    with app.test_request_context("/?lang=en"):
        with_plan = " ".join(period_hours_lines(hours, "Eva", plan))
        without = " ".join(period_hours_lines(hours, "Eva"))
    assert "the build-up plan below gives them per week" in with_plan
    assert "unknown (not zero)" not in with_plan
    assert "unknown (not zero)" in without


def part(figures: dict[str, Any]) -> dict[str, Any]:
    """Return a snapshot with one logbook part holding these frozen figures."""
    return {"sections": [{"key": "logbook", "text": "", "figures": figures}]}


def week(monday: str, hours: float, over: int = 0) -> dict[str, Any]:
    """Return one frozen build-up week at a level of hours a day on 3 days, all worked."""
    return {
        "monday": monday,
        "hours_per_day": hours,
        "days_per_week": 3,
        "worked": hours * 3,
        "over_days": over,
    }


SENTENCE_FIGURES = {
    "buildup": {
        "weeks": [
            week("2026-01-05", 2.0),
            week("2026-01-12", 3.0),
            week("2026-01-19", 3.0),
            week("2026-01-26", 3.0, over=1),  # 4 hours on Tuesday: over the plan
        ]
    },
    "crashes": [
        {"busy_day": "2026-01-27", "hours": 4.0, "delay": 2, "recovery_days": 3},
        {"busy_day": "2026-01-29", "hours": 4.5, "delay": 0, "recovery_days": None},
    ],
}


def test_the_proposed_sentence_names_the_stable_level_and_each_setback(app: Flask) -> None:
    from portal.sharing.crash_sentence import proposed

    with app.test_request_context("/?lang=en"):
        assert proposed(SENTENCE_FIGURES) == (
            "3 hours on 3 days: stable for 2 weeks; "
            "4 hours → setback after 2 days, 3 days of recovery; "
            "4.5 hours → setback the same day, not recovered yet."
        )
        assert proposed({"crashes": []}) is None


def test_the_proposed_sentence_in_dutch(app: Flask) -> None:
    from portal.sharing.crash_sentence import proposed

    with app.test_request_context("/?lang=nl"):
        assert proposed(SENTENCE_FIGURES) == (
            "3 uur op 3 dagen: 2 weken stabiel; "
            "4 uur → terugval na 2 dagen, 3 dagen herstel; "
            "4,5 uur → terugval dezelfde dag, nog niet hersteld."
        )


def test_planned_rest_days_are_drawn_as_rest_and_the_plan_as_a_dashed_line(
    app: Flask, people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    from portal.logbook import trends

    eva = people["eva"]
    worked = add_entry(eva, TODAY - dt.timedelta(days=3), minutes_worked=120, minutes_planned=180)
    rest = add_entry(eva, TODAY - dt.timedelta(days=2), minutes_planned=0)
    sick = add_entry(
        eva, TODAY - dt.timedelta(days=1), minutes_worked=0, is_not_worked=True, minutes_planned=180
    )
    with app.test_request_context("/?lang=en"):
        built = trends.build([worked, rest, sick], worked.day, sick.day, TODAY, str)
    series = {s.css: s for s in built.hours.series}
    assert list(series)[-1] == "chart__line--planned"  # drawn last, so never hidden
    assert len(series["chart__line--worked"].dots) == 2  # the worked day and the sick day
    assert len(series["chart__line--rest"].dots) == 1  # the rest day, on its own line
    assert len(series["chart__line--planned"].dots) == 3
    worked_ys = {y for _x, y in series["chart__line--worked"].dots}
    assert series["chart__line--rest"].dots[0][0] not in {
        x for x, _y in series["chart__line--worked"].dots
    }
    assert len(worked_ys) == 2  # 2 hours and 0 hours: the sick day is a zero, the rest day not

    _, share = share_logbook(people, new_client)
    page = new_client(people["doctor"]).get(f"/delen/ontvangen/{share.id}?lang=en")
    hours_chart = page.get_data(as_text=True).split('id="share-chart-hours', 1)[1]
    planned = hours_chart.split('chart__line chart__line--planned"')[1].split(">")[0]
    assert 'stroke-dasharray="7 5"' in planned
    assert "chart__line--rest" in hours_chart.split("</figure>")[0]  # in the legend too


def test_a_marked_setback_without_low_energy_is_not_called_an_energy_dip(
    app: Flask, people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    from portal.logbook.models import CrashMark

    eva = people["eva"]
    first = TODAY - dt.timedelta(days=9)
    values = [(6, 120)] * 4 + [(6, 240), (6, 120), (5, 60), (6, 120)]  # 7 Feb: energy 5, not low
    for n, (energy, minutes) in enumerate(values):
        add_entry(eva, first + dt.timedelta(days=n), energy=energy, minutes_worked=minutes)
    db.session.add(CrashMark(user_id=eva.id, day=dt.date(2026, 2, 7)))
    db.session.commit()
    _, share = share_logbook(people, new_client, crash_sentence={"choice": "out"})
    [crash] = share.snapshot["sections"][0]["figures"]["crashes"]
    assert crash["marked"] is True and crash["delay"] == 2
    page = new_client(people["doctor"]).get(f"/delen/ontvangen/{share.id}?lang=en")
    text = html.unescape(page.get_data(as_text=True))
    assert "Energy dip" not in text and "energy dip" not in text
    assert "Marked as a setback 2 days later." in text
    assert "A day Eva Employee marked as a setback counts too, whatever the energy." in text
    # A summary from before the approval step lists each setback on page one itself.
    figures = {k: v for k, v in share.snapshot["sections"][0]["figures"].items()}
    figures.pop("crash_sentence", None)
    with app.test_request_context("/?lang=en"):
        lines = overview_lines({"sections": [{"key": "logbook", "figures": figures}]}, "Eva")
    assert any(
        line.startswith("5 February: 4 hours worked, marked as a setback after 2 days")
        for line in lines
    ), lines


def test_a_shared_logbook_period_weighs_under_60_kb(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    """Bench-sized: three months of daily figures drawn as bench/dataset.py draws them."""
    from random import Random

    from tests.test_valid_html import MAX_WEIGHT, weight

    chance, energy = Random(23), 4
    for n in range(120, 0, -1):
        if chance.random() >= 0.85:
            continue
        day = TODAY - dt.timedelta(days=n)
        energy = max(0, min(10, energy + chance.choice([-2, -1, 0, 0, 1, 1, 2])))
        planned = chance.choice([120, 180, 240, 300]) if day.weekday() < 5 else None
        add_entry(
            people["eva"],
            day,
            energy=energy,
            complaint_level=chance.randint(0, 10) if chance.random() < 0.8 else None,
            sleep_quality=chance.randint(1, 5) if chance.random() < 0.7 else None,
            minutes_planned=planned,
            minutes_worked=planned - chance.choice([0, 0, 60]) if planned else None,
        )
    _, share = share_logbook(people, new_client)
    doctor = new_client(people["doctor"])
    for lang in ("nl", "en"):
        page = doctor.get(f"/delen/ontvangen/{share.id}?lang={lang}").get_data(as_text=True)
        assert page.count('role="img"') == 4
        assert weight(doctor, page) < MAX_WEIGHT, weight(doctor, page)


def test_planned_work_not_done_after_a_busy_day_is_named_as_such(
    app: Flask, people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    """A busy day, then a planned workday not worked: a setback, never called a dip."""
    eva = people["eva"]
    first = TODAY - dt.timedelta(days=9)
    for n in range(6):
        add_entry(eva, first + dt.timedelta(days=n), energy=6, minutes_worked=120)
    add_entry(eva, first + dt.timedelta(days=6), energy=6, minutes_worked=300)  # busy
    add_entry(eva, first + dt.timedelta(days=7), energy=6, minutes_worked=120)
    add_entry(  # planned 2 hours, did not work, energy as usual
        eva,
        first + dt.timedelta(days=8),
        energy=6,
        minutes_worked=0,
        is_not_worked=True,
        minutes_planned=120,
    )
    _, share = share_logbook(people, new_client, crash_sentence={"choice": "out"})
    [crash] = share.snapshot["sections"][0]["figures"]["crashes"]
    assert (crash["signal"], crash["marked"], crash["delay"]) == ("missed_work", False, 2)
    page = new_client(people["doctor"]).get(f"/delen/ontvangen/{share.id}?lang=en")
    text = html.unescape(page.get_data(as_text=True))
    assert "Planned work not done 2 days later." in text
    assert "Energy dip" not in text and "Marked as a setback" not in text
    assert "So does a day with work planned on which Eva Employee did not work at all." in text
    figures = dict(share.snapshot["sections"][0]["figures"])
    figures.pop("crash_sentence", None)
    with app.test_request_context("/?lang=en"):
        lines = overview_lines({"sections": [{"key": "logbook", "figures": figures}]}, "Eva")
    assert any("planned work not done after 2 days" in line for line in lines), lines
