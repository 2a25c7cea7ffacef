"""The werkgeversversie blocks medical words and asks to rephrase before it can be printed."""

from __future__ import annotations

from typing import Any

import pytest

from portal import medical_words
from portal.auth.models import User
from tests.consults.conftest import make_agreement, make_talk


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Open kantoor met telefoons: na 30 min hoofdpijn", ["hoofdpijn"]),
        ("Hoofdpijnklachten na vergaderingen", ["Hoofdpijnklachten"]),
        ("Wekelijks naar de fysiotherapeut", ["fysiotherapeut"]),
        ("Headache after an hour on the phone", ["Headache"]),
        ("Minder uren vanwege ADHD", ["ADHD"]),
        ("Twee uur achter elkaar werken in een rustige kamer", []),
        ("Ik spin wol", []),  # "pijn" only as a whole word: no false alarm inside words
    ],
)
def test_the_word_list_finds_symptoms_diagnoses_and_treatments(text: str, words: list[str]) -> None:
    assert medical_words.find(text) == words


def test_the_list_is_a_maintained_data_file_in_dutch_and_english() -> None:
    words = medical_words.load_words()
    assert {"hoofdpijn", "burn-out", "fysiotherapie", "headache", "therapy"} <= set(words)
    assert medical_words.WORDS_FILE.name == "medical-words.txt"


def test_a_symptom_blocks_the_employer_version_until_rephrased(client: Any, employee: User) -> None:
    consult = make_talk(
        employee,
        cannot_do=[{"what": "Open kantoor met telefoons", "example": "na 30 min hoofdpijn"}],
        can_do=[{"what": "Twee uur werken", "example": "in een rustige kamer"}],
    )
    make_agreement(employee, "Vrijdag vrij", consult=consult)
    page = client.get(f"/gesprekken/{consult.id}/werkgeversversie").get_data(as_text=True)
    assert "Rephrase this first" in page and "hoofdpijn" in page
    assert 'id="employer-title"' not in page  # the printable version is not shown
    assert f"/gesprekken/{consult.id}/voorbereiden/kunnen" in page

    fixed = make_talk(
        employee,
        cannot_do=[{"what": "Open kantoor met telefoons", "example": "na 30 min een stille kamer"}],
    )
    page = client.get(f"/gesprekken/{fixed.id}/werkgeversversie").get_data(as_text=True)
    assert "Rephrase this first" not in page and 'id="employer-title"' in page


def test_a_medical_agreement_blocks_too(client: Any, employee: User) -> None:
    consult = make_talk(employee)
    make_agreement(employee, "Eerst naar de psycholoog", consult=consult)
    page = client.get(f"/gesprekken/{consult.id}/werkgeversversie").get_data(as_text=True)
    assert "Rephrase this first" in page and "psycholoog" in page
