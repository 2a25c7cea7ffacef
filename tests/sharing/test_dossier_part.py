"""The dossier as a part of a share: chosen period and kinds, previewed as the recipient sees it,
frozen in the snapshot, in the recipient's page and PDF; attached files never go along."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from portal.sharing.models import Share
from tests.conftest import Client
from tests.dossier.test_dossier import PDF, add_contact, add_document

ARTICLE = re.compile(r'<article class="share stack".*?</article>', re.S)


def article(page: str) -> str:
    """Return the summary as shown, without the line that says when it was shared."""
    found = ARTICLE.search(page)
    assert found, page[:2000]
    return re.sub(r'<p class="card__meta">.*?</p>', "", found.group(0), count=1, flags=re.S)


def fill_dossier(client: Client) -> None:
    add_contact(client, happened_on="2026-01-05", said="IN-PERIODE-1")
    add_contact(client, happened_on="2025-10-01", said="BUITEN-PERIODE-2")
    add_document(client, PDF, happened_on="2026-01-07", title="BRIEF-UWV-3")
    client.submit("/dossier/nieuw/note", {"happened_on": "2026-01-08", "said": "NOTITIE-SOORT-4"})


def compose(client: Client, to: User, **choices: Any) -> Any:
    step1 = {
        "recipient": to.id,
        "sections": ["dossier"],
        "dossier_start": "2026-01-01",
        "dossier_end": "2026-01-31",
        "dossier_kinds": ["contact", "document"],
        **choices,
    }
    response = client.submit("/delen/nieuw", step1)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return client


def test_dossier_part_is_previewed_shared_and_printed_as_chosen(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    fill_dossier(eva)
    compose(eva, people["doctor"])
    texts = eva.get("/delen/nieuw/tekst").get_data(as_text=True)
    assert "IN-PERIODE-1" in texts and "BRIEF-UWV-3" in texts
    assert "BUITEN-PERIODE-2" not in texts and "NOTITIE-SOORT-4" not in texts
    assert eva.submit("/delen/nieuw/tekst", {"dossier": "MIJN-UITLEG-5"}).status_code == 302
    preview = eva.get("/delen/nieuw/voorbeeld").get_data(as_text=True)
    assert "IN-PERIODE-1" in preview and "MIJN-UITLEG-5" in preview
    assert "BUITEN-PERIODE-2" not in preview and "/dossier/" not in article(preview)
    assert eva.submit("/delen/nieuw/voorbeeld", {"expires_in": ""}).status_code == 302
    share = db.session.scalars(select(Share)).one()
    assert share.sections == ["dossier"]
    part = share.snapshot["sections"][0]
    assert part["dossier"]["kinds"] == ["contact", "document"]
    assert {item["kind"] for item in part["dossier"]["items"]} == {"contact", "document"}
    assert "JVBERi" not in str(share.snapshot)  # the attached file's bytes never go along

    # Later changes in the dossier do not change what was shared.
    add_contact(eva, happened_on="2026-01-06", said="LATER-TOEGEVOEGD-6")
    doctor = new_client(people["doctor"])
    page = doctor.get(f"/delen/ontvangen/{share.id}").get_data(as_text=True)
    assert "IN-PERIODE-1" in page and "LATER-TOEGEVOEGD-6" not in page
    assert article(page) == article(preview)  # exactly as previewed
    entry_id = re.search(r"/dossier/(\d+)/bestand", eva.get("/dossier/").get_data(as_text=True))
    assert entry_id
    assert doctor.get(f"/dossier/{entry_id.group(1)}/bestand").status_code in (403, 404)
    pdf = doctor.get(f"/delen/ontvangen/{share.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    printed = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True
    ).stdout.decode()
    assert "IN-PERIODE-1" in printed and "MIJN-UITLEG-5" in printed
    assert "BUITEN-PERIODE-2" not in printed


def test_bad_dossier_period_and_kind_store_nothing(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    for bad in (
        {"dossier_start": "2026-02-01", "dossier_end": "2026-01-01"},
        {"dossier_kinds": ["geheim"]},
        {"dossier_start": "31-31-2026"},
    ):
        response = eva.submit(
            "/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["dossier"], **bad}
        )
        assert response.status_code == 200, bad
    assert eva.get("/delen/nieuw/tekst").status_code == 302  # no draft


def test_my_view_fills_in_step_1_without_storing_anything(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    my_view = eva.get("/dossier/mijn-kijk?start=2026-01-01&kinds=contact").get_data(as_text=True)
    link = re.search(r'href="(/delen/nieuw\?[^"]+)"', my_view)
    assert link
    page = eva.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="sections"[^>]*value="dossier"', page)
    assert re.search(r'<input checked[^>]*name="dossier_kinds"[^>]*value="contact"', page)
    assert 'value="2026-01-01"' in page
    assert eva.get("/delen/nieuw/tekst").status_code == 302  # a GET stores no draft


def test_share_again_keeps_the_dossier_period_and_kinds(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    fill_dossier(eva)
    compose(eva, people["doctor"])
    eva.submit("/delen/nieuw/tekst", {"dossier": ""})
    assert eva.submit("/delen/nieuw/voorbeeld", {"expires_in": ""}).status_code == 302
    share = db.session.scalars(select(Share)).one()
    assert eva.submit(f"/delen/{share.id}/opnieuw").status_code == 302
    page = eva.get("/delen/nieuw").get_data(as_text=True)
    assert 'value="2026-01-01"' in page and 'value="2026-01-31"' in page
    assert re.search(r'<input checked[^>]*name="dossier_kinds"[^>]*value="document"', page)
    assert not re.search(r'<input checked[^>]*name="dossier_kinds"[^>]*value="note"', page)


def left_out_key(client: Client, text: str) -> str:
    """Return the key of the dossier item whose line holds text, as "my view" names it."""
    page = client.get("/dossier/mijn-kijk").get_data(as_text=True)
    found = re.search(r'name="uit" value="([a-z]+-\d+)"[^>]*>[^<]*' + text, page)
    assert found, text
    return found.group(1)


@pytest.mark.parametrize("recipient", ["doctor", "no account"])
def test_items_left_out_in_my_view_stay_out_of_the_share(
    people: dict[str, User], new_client: Callable[[User], Client], recipient: str
) -> None:
    """An item left out in "my view" stays out of the share, for a doctor and by code."""
    eva = new_client(people["eva"])
    add_contact(eva, happened_on="2026-01-05", said="BLIJFT-ERIN-1", who_name="Aafke")
    add_contact(eva, happened_on="2026-01-06", said="BLIJFT-ERUIT-2", who_name="Bertus")
    key = left_out_key(eva, "Bertus")
    my_view = eva.get(f"/dossier/mijn-kijk?start=2026-01-01&uit={key}").get_data(as_text=True)
    link = re.search(r'href="(/delen/nieuw\?[^"]+)"', my_view)
    assert link and f"dossier_left_out={key}" in link.group(1)
    step1 = eva.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*name="dossier_left_out"[^>]*value="{key}"', step1)
    assert "Bertus" in step1
    who: dict[str, Any] = (
        {"recipient": people["doctor"].id}
        if recipient == "doctor"
        else {"recipient": "code", "code_name": "Dr. Visser", "code_role": "verzekeringsarts"}
    )
    compose(eva, people["doctor"], dossier_kinds=[], dossier_left_out=[key], **who)
    preview = eva.get("/delen/nieuw/voorbeeld").get_data(as_text=True)
    assert "BLIJFT-ERIN-1" in preview and "BLIJFT-ERUIT-2" not in preview


def test_unticking_a_left_out_item_puts_it_back(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    add_contact(eva, happened_on="2026-01-06", said="TERUG-ERIN-3", who_name="Cornelis")
    key = left_out_key(eva, "Cornelis")
    eva.get(f"/delen/nieuw?sections=dossier&dossier_left_out={key}")
    compose(eva, people["doctor"], dossier_kinds=[])  # the box is unticked: not posted
    assert "TERUG-ERIN-3" in eva.get("/delen/nieuw/voorbeeld").get_data(as_text=True)


def test_someone_elses_item_key_is_refused_and_stores_nothing(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    other = new_client(people["other_employee"])
    add_contact(other, happened_on="2026-01-06", said="VAN-EEN-ANDER-4", who_name="Dirkje")
    key = left_out_key(other, "Dirkje")
    eva = new_client(people["eva"])
    step1 = eva.get(f"/delen/nieuw?sections=dossier&dossier_left_out={key}")
    assert "Dirkje" not in step1.get_data(as_text=True)
    response = eva.submit(
        "/delen/nieuw",
        {"recipient": people["doctor"].id, "sections": ["dossier"], "dossier_left_out": [key]},
    )
    assert response.status_code == 200
    assert "Dirkje" not in response.get_data(as_text=True)
    assert eva.get("/delen/nieuw/tekst").status_code == 302  # no draft
