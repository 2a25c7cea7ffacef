"""The treatment status: recorded once, sealed, owner-only, and prefilling a summary's part."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, text

from portal.auth.models import Role, User
from portal.db import db
from portal.dossier.models import Treatment, treatment_of
from portal.dossier.treatment import parse_since
from tests.conftest import PASSWORD, Client, count_queries, freeze
from tests.sharing.conftest import link

TODAY = dt.date(2026, 2, 10)
URL = "/dossier/behandeling"

TWO = {
    "treaters-0-kind": "psycholoog",
    "treaters-0-own_words": "GZ-psycholoog Praktijk Linde",
    "treaters-0-since": "03-2025",
    "treaters-0-how_often": "elke week",
    "treaters-0-contact": "yes",
    "treaters-1-kind": "fysiotherapeut",
    "treaters-1-since": "15-01-2026",
    "treaters-1-how_often": "twee keer per week",
    "treaters-1-waiting": "yes",
    "treaters-1-waiting_for": "revalidatie, nog 3 maanden",
    "treaters-1-contact": "undecided",
}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the portal's clock on TODAY."""
    freeze(monkeypatch, TODAY)


def stored(user: User) -> list[dict[str, Any]]:
    """Return the user's stored treaters, read fresh from the database."""
    db.session.expire_all()
    found = treatment_of(user.id)
    return found.treaters if found is not None else []


def test_two_treaters_are_saved_sealed_and_shown_again(
    client: Client, make_user: Any, login_as: Any
) -> None:
    eva = make_user()
    login_as(eva)
    response = client.submit(URL, TWO)
    assert response.status_code == 302 and response.headers["Location"] == URL
    assert stored(eva) == [
        {
            "kind": "psycholoog",
            "own_words": "GZ-psycholoog Praktijk Linde",
            "since": "2025-03",
            "how_often": "elke week",
            "waiting": None,
            "waiting_for": None,
            "contact": "yes",
        },
        {
            "kind": "fysiotherapeut",
            "own_words": None,
            "since": "2026-01-15",
            "how_often": "twee keer per week",
            "waiting": "yes",
            "waiting_for": "revalidatie, nog 3 maanden",
            "contact": "undecided",
        },
    ]
    raw = db.session.execute(text("SELECT treaters_sealed FROM dossier_treatments")).scalar_one()
    assert raw.startswith("v1:")
    for plain in ("psycholoog", "Linde", "revalidatie", "fysiotherapeut", "elke week"):
        assert plain not in raw
    page = client.get(URL).get_data(as_text=True)
    assert 'value="GZ-psycholoog Praktijk Linde"' in page
    assert 'value="03-2025"' in page and 'value="15-01-2026"' in page
    assert 'name="treaters-2-kind"' in page  # one empty row to add a third
    assert 'name="treaters-3-kind"' not in page


def test_a_first_visit_offers_two_empty_rows_and_the_consent_note_with_its_source(
    client: Client, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    page = client.get(URL + "?lang=en").get_data(as_text=True)
    assert 'name="treaters-1-kind"' in page and 'name="treaters-2-kind"' not in page
    assert "You give that permission in writing, and it covers one specific question." in page
    assert "A summary you share with your bedrijfsarts is never that permission." in page
    assert "Burgerlijk Wetboek) art. 7:457" in page and "checked on 3 December 2026" in page
    dutch = client.get(URL + "?lang=nl").get_data(as_text=True)
    assert "Die toestemming geef je op papier" in dutch and "art. 7:457" in dutch


@pytest.mark.parametrize(
    ("field", "value", "dutch", "english"),
    [
        (
            "treaters-1-since",
            "maart vorig jaar",
            "Schrijf een maand of een datum",
            "Write a month or a date",
        ),
        ("treaters-1-since", "31-02-2026", "Schrijf een maand of een datum", "Write a month"),
        ("treaters-1-since", "03-2026", "Dit ligt in de toekomst", "This is in the future"),
        ("treaters-1-kind", "other", "Schrijf op wie je behandelt", "Write who treats you"),
        ("treaters-1-kind", "", "Kies wie je behandelt, of maak dit blok leeg", "Choose who"),
        ("treaters-1-kind", "tandarts", "Kies een van de", "Choose one of the options"),
        ("treaters-1-contact", "misschien", "Kies een van de", "Choose one of the options"),
        ("treaters-1-waiting", "no", "Je koos 'Nee' bij de wachtlijst", "You chose 'No'"),
        ("treaters-1-how_often", "x" * 201, "Gebruik hoogstens 200 tekens", "Use at most 200"),
    ],
)
def test_bad_input_says_why_in_both_languages_keeps_the_typing_and_changes_nothing(
    client: Client,
    make_user: Any,
    login_as: Any,
    field: str,
    value: str,
    dutch: str,
    english: str,
) -> None:
    eva = make_user()
    login_as(eva)
    client.submit(URL, {"treaters-0-kind": "huisarts", "treaters-0-contact": "no"})
    before = stored(eva)
    typed = TWO | {"treaters-0-own_words": "Nieuw getypt", field: value}
    for lang, message in (("nl", dutch), ("en", english)):
        response = client.submit(f"{URL}?lang={lang}", typed)
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert message in page, (lang, message)
        assert 'value="Nieuw getypt"' in page  # what was typed is still there
        assert "revalidatie, nog 3 maanden" in page
    assert stored(eva) == before


def test_a_row_is_removed_and_emptying_everything_removes_the_record(
    client: Client, make_user: Any, login_as: Any
) -> None:
    eva = make_user()
    login_as(eva)
    client.submit(URL, TWO)
    # a removed row is left out unchecked, even with a date that cannot be read
    client.submit(URL, TWO | {"treaters-0-remove": "y", "treaters-0-since": "ooit"})
    assert [row["kind"] for row in stored(eva)] == ["fysiotherapeut"]
    assert client.submit(URL, {"treaters-0-contact": "undecided"}).status_code == 302
    assert db.session.scalar(select(Treatment.id)) is None


def test_at_most_four_treaters_are_kept(client: Client, make_user: Any, login_as: Any) -> None:
    eva = make_user()
    login_as(eva)
    rows = {f"treaters-{n}-kind": "specialist" for n in range(6)}
    rows |= {f"treaters-{n}-own_words": f"specialist {n}" for n in range(6)}
    assert client.submit(URL, rows).status_code == 302
    assert [row["own_words"] for row in stored(eva)] == [f"specialist {n}" for n in range(4)]
    page = client.get(URL).get_data(as_text=True)
    assert 'name="treaters-3-kind"' in page and 'name="treaters-4-kind"' not in page


def test_only_the_employee_reaches_their_own_treatment(
    app: Flask, make_user: Any, new_client: Callable[[User], Client]
) -> None:
    eva, olga = make_user(name="Eva"), make_user(name="Olga")
    client = new_client(eva)
    client.submit(URL, TWO)
    doctor = make_user(role=Role.PROFESSIONAL)
    coach = make_user(role=Role.COACH)
    link(eva, doctor)
    link(eva, coach)
    for carer in (doctor, coach, make_user(role=Role.ADMIN)):
        other = new_client(carer)
        # another role: as if the page did not exist (the access rules' 404)
        assert other.get(URL).status_code == 404
        assert other.submit(URL, {"treaters-0-kind": "huisarts"}).status_code == 404
    other = new_client(olga)
    page = other.get(URL).get_data(as_text=True)
    assert "Praktijk Linde" not in page and "revalidatie" not in page
    # a forged owner field changes nothing: Olga records her own, Eva's stays as it was
    forged = {"employee_id": eva.id, "treaters-0-kind": "huisarts", "treaters-0-contact": "no"}
    assert other.submit(URL, forged).status_code == 302
    assert [row["kind"] for row in stored(olga)] == ["huisarts"]
    assert [row["kind"] for row in stored(eva)] == ["psycholoog", "fysiotherapeut"]


def test_export_holds_the_treatment_and_deletion_removes_it(
    client: Client, make_user: Any, login_as: Any
) -> None:
    eva = make_user()
    login_as(eva)
    client.submit(URL, TWO)
    response = client.submit("/account/mijn-gegevens/download", {"export-password": PASSWORD})
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("data.json"))
    assert "Praktijk Linde" in json.dumps(data["tables"]["dossier_treatments"])
    from portal.account.rights import delete_account

    delete_account(eva.id)
    assert db.session.scalar(select(Treatment.id)) is None


def test_the_page_reads_the_same_number_of_queries_for_one_or_four_treaters(
    app: Flask, client: Client, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    client.submit(URL, {"treaters-0-kind": "huisarts"})
    one = count_queries(app, client, URL)
    client.submit(URL, {f"treaters-{n}-kind": "huisarts" for n in range(4)})
    assert count_queries(app, client, URL) == one


# --- the summary's treatment part ------------------------------------------------------------


def treatment_step(client: Client, doctor: User, lang: str) -> str:
    """Start a summary with only "Treatment" and return step 2's page."""
    client.submit(f"/delen/nieuw?lang={lang}", {"recipient": doctor.id, "sections": ["treatment"]})
    return client.get(f"/delen/nieuw/tekst?lang={lang}").get_data(as_text=True)


def test_the_summary_prefills_one_line_per_treater_in_dutch_and_english(
    make_user: Any, new_client: Callable[[User], Client]
) -> None:
    eva, doctor = make_user(), make_user(role=Role.PROFESSIONAL)
    link(eva, doctor)
    client = new_client(eva)
    client.submit(URL, TWO)
    english = treatment_step(client, doctor, "en")
    assert "My treatment, as I recorded it on February 10, 2026:" in english
    assert (
        "- Psychologist or psychotherapist (GZ-psycholoog Praktijk Linde): since March 2025, "
        "elke week. My bedrijfsarts may contact this treater."
    ) in english
    assert (
        "- Physiotherapist: since January 15, 2026, twee keer per week, on a waiting list: "
        "revalidatie, nog 3 maanden. I have not decided yet whether my bedrijfsarts may "
        "contact this treater."
    ) in english
    assert "this summary is not that consent" in english
    assert "Who treats me (for example" not in english
    client.post("/delen/nieuw/weggooien", data={"csrf_token": client.csrf_token()})
    dutch = treatment_step(client, doctor, "nl")
    assert "Mijn behandeling, zoals ik die op 10 februari 2026 opschreef:" in dutch
    assert (
        "- Psycholoog of psychotherapeut (GZ-psycholoog Praktijk Linde): sinds maart 2025, "
        "elke week. Mijn bedrijfsarts mag contact opnemen met deze behandelaar."
    ) in dutch
    assert (
        "- Fysiotherapeut: sinds 15 januari 2026, twee keer per week, op een wachtlijst: "
        "revalidatie, nog 3 maanden. Of mijn bedrijfsarts contact mag opnemen met deze "
        "behandelaar, weet ik nog niet."
    ) in dutch
    assert "deze samenvatting is die toestemming niet" in dutch


def test_the_prefilled_lines_can_be_changed_before_sharing(
    make_user: Any, new_client: Callable[[User], Client]
) -> None:
    eva, doctor = make_user(), make_user(role=Role.PROFESSIONAL)
    link(eva, doctor)
    client = new_client(eva)
    client.submit(URL, TWO)
    treatment_step(client, doctor, "nl")
    client.submit("/delen/nieuw/tekst", {"treatment": "- Huisarts: eens per maand."})
    preview = client.get("/delen/nieuw/voorbeeld").get_data(as_text=True)
    assert "- Huisarts: eens per maand." in preview and "Praktijk Linde" not in preview


def test_with_nothing_recorded_the_summary_keeps_the_fill_in_template(
    make_user: Any, new_client: Callable[[User], Client]
) -> None:
    eva, doctor = make_user(), make_user(role=Role.PROFESSIONAL)
    link(eva, doctor)
    client = new_client(eva)
    page = treatment_step(client, doctor, "en")
    assert "Who treats me (for example psychologist, physiotherapist):" in page
    assert "Waiting list (for what, how long):" in page
    assert "My treatment, as I recorded it" not in page
    choose = client.get("/delen/nieuw?lang=en").get_data(as_text=True)
    assert f'<a href="{URL}">My treatment</a>' in choose


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("03-2026", "2026-03"),
        ("3/2026", "2026-03"),
        ("2026-03", "2026-03"),
        ("15-03-2026", "2026-03-15"),
        ("2026-03-15", "2026-03-15"),
        (" 1.2.2025 ", "2025-02-01"),
        ("13-2026", None),
        ("30-02-2026", None),
        ("03-26", None),
        ("maart", None),
        ("", None),
    ],
)
def test_since_reads_a_month_or_a_day(typed: str, found: str | None) -> None:
    assert parse_since(typed) == found
