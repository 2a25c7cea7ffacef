"""The talk card (page and one-page PDF) and the werkgeversversie without medical fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from flask import Flask, render_template

from portal.auth.models import User
from portal.consults.models import Consult, GoalResult, WithWhom
from portal.consults.services import EmployerVersion, load_goals
from portal.consults.views_cards import card_context, pdf_document
from portal.db import db
from tests.consults.conftest import NOW, make_agreement, make_talk

#: A typical preparation: three goals, a few lines in every step.
TYPICAL: dict[str, Any] = {
    "place": "Arbodienst Utrecht, Stationsplein 12, kamer 3",
    "changed": "Since the last talk I started physiotherapy twice a week. My energy is a bit "
    "better in the mornings, but after lunch I still need to lie down for an hour. The "
    "physiotherapist works on building up my strength step by step.",
    "can_do": [
        {"what": "Work at the computer", "example": "30 minutes, then a break of 10 minutes"},
        {"what": "Short meetings", "example": "a team meeting of up to 45 minutes"},
        {"what": "Walk", "example": "20 minutes to the station and back"},
    ],
    "cannot_do": [
        {"what": "Lift heavy things", "example": "boxes of paper of more than 5 kilo"},
        {"what": "Full days", "example": "after 4 hours my concentration is gone"},
        {"what": "Drive long distances", "example": "more than half an hour in the car"},
    ],
    "proposals": "I would like to start with mornings at the office and work from home "
    "in the afternoon, with a fixed break around noon.",
    "step_plan": [
        "Weeks 1-2: three mornings of 3 hours",
        "Weeks 3-4: four mornings of 3 hours",
        "Weeks 5-6: four days of 4 hours",
        "Then: evaluate with my manager",
    ],
    "questions": [
        {"key": "treatment_capacity"},
        {"key": "second_look"},
        {"key": "tell_employer"},
        {"text": "Can I keep working from home on bad days?"},
        {"text": "When do we speak again?"},
    ],
}
GOALS = [
    ("We agree on a plan to build up my hours over the next six weeks", None),
    ("The bedrijfsarts understands why long sitting is hard for me right now", None),
    ("I know what will be passed on to my employer after this talk", None),
]


def typical_talk(user: User) -> Consult:
    """Store a talk with a typical preparation."""
    return make_talk(user, NOW + dt.timedelta(days=3), goals=GOALS, **TYPICAL)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_card_pdf_is_one_a4_page(app: Flask, client: Any, employee: User, lang: str) -> None:
    consult = typical_talk(employee)
    client.get(f"/gesprekken/?lang={lang}")
    response = client.get(f"/gesprekken/{consult.id}/kaart.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    with app.test_request_context(f"/?lang={lang}"):
        html = render_template("consults/card_pdf.html", **card_context(load_goals(consult)))
        document = pdf_document(html)
    assert len(document.pages) == 1
    width, height = document.pages[0].width, document.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)  # A4 in mm


def test_the_card_shows_the_preparation_but_never_the_private_note(
    client: Any, employee: User
) -> None:
    consult = typical_talk(employee)
    consult.private_note = "PRIVATE-CANARY"
    db.session.commit()
    page = client.get(f"/gesprekken/{consult.id}/kaart").get_data(as_text=True)
    for text in (
        "We agree on a plan",
        "physiotherapy",
        "30 minutes, then a break",
        "Weeks 5-6",
        "Is my treatment aimed at building up what I can do?",
        "When do we speak again?",
    ):
        assert text in page
    assert "PRIVATE-CANARY" not in page
    assert 'href="http' not in page.split("<main", 1)[1]


def test_an_empty_card_says_no_goals_yet(app: Flask, client: Any, employee: User) -> None:
    consult = make_talk(employee)
    assert "No goals yet." in client.get(f"/gesprekken/{consult.id}/kaart").get_data(as_text=True)
    assert client.get(f"/gesprekken/{consult.id}/kaart.pdf").data.startswith(b"%PDF")


#: Every field the werkgeversversie must never show.
MEDICAL_FIELDS = [
    "with_whom_other",
    "place",
    "changed",
    "proposals",
    "private_note",
    "eval_good",
    "eval_differently",
]
ALLOWED = {"employee_name", "printed_on", "can_do", "cannot_do", "agreements"}


def test_the_employer_version_is_an_explicit_allow_list() -> None:
    assert {f.name for f in dataclasses.fields(EmployerVersion)} == ALLOWED


def test_no_medical_field_reaches_the_employer_version(client: Any, employee: User) -> None:
    fields: dict[str, Any] = {name: f"CANARY-{name}" for name in MEDICAL_FIELDS}
    fields["step_plan"] = ["CANARY-step_plan"]
    fields["questions"] = [{"text": "CANARY-question"}, {"key": "second_look"}]
    fields["can_do"] = [{"what": "ALLOWED-can", "example": "ALLOWED-can-example"}]
    fields["cannot_do"] = [{"what": "ALLOWED-cannot", "example": "ALLOWED-cannot-example"}]
    consult = make_talk(
        employee,
        NOW - dt.timedelta(days=1),
        WithWhom.OTHER,
        goals=[("CANARY-goal", GoalResult.ACHIEVED)],
        went_well=5,
        felt_understood=5,
        evaluated_at=NOW,
        **fields,
    )
    make_agreement(employee, "ALLOWED-agreement", consult=consult)
    make_agreement(employee, "CANARY-other-talk")  # not of this talk
    page = client.get(f"/gesprekken/{consult.id}/werkgeversversie").get_data(as_text=True)
    for allowed in (
        "ALLOWED-can",
        "ALLOWED-can-example",
        "ALLOWED-cannot",
        "ALLOWED-cannot-example",
        "ALLOWED-agreement",
        employee.name,
    ):
        assert allowed in page
    assert "CANARY" not in page
    assert "second look" not in page  # a suggested question
    # nor when and with whom the talk was: an appointment with a doctor is medical too
    assert "March 9, 2026" not in page and "10:00" not in page
    assert "Someone else" not in page and "Bedrijfsarts (company doctor)" not in page
