"""A canary placed in a shared section shows only to the recipient, the owner and the PDF."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask, url_for
from sqlalchemy import select

from portal.auth.models import User
from portal.db import Base, db
from portal.sharing.models import Share
from tests.conftest import Client, Mailbox
from tests.sharing.conftest import TODAY, add_entry, share_through_forms
from tests.sharing.test_access import pdf_text

CANARY = "KANARIE-7f3a9c"
NOTE_CANARY = "NOTITIE-KANARIE-51d2"
REPLY_CANARY = "ANTWOORD-KANARIE-0b8e"
#: The employer's name the employee adds so the doctor can find the file: for the recipient.
EMPLOYER_CANARY = "WERKGEVER-KANARIE-4c1d"


def simple_get_urls(app: Flask) -> list[str]:
    """Return every GET page without URL arguments (logout excluded)."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if (
                rule.arguments
                or "GET" not in (rule.methods or ())
                or rule.endpoint in ("static", "auth.logout")
            ):
                continue
            urls.append(url_for(rule.endpoint))
    return urls


def test_the_canary_reaches_only_the_recipient_the_owner_and_the_pdf(
    app: Flask,
    people: dict[str, User],
    new_client: Callable[[User], Client],
    mailbox: Mailbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    eva = people["eva"]
    add_entry(eva, TODAY - dt.timedelta(days=1), note=NOTE_CANARY, is_note_shareable=True)
    owner = new_client(eva)
    owner.submit(
        "/delen/nieuw",
        {"recipient": people["doctor"].id, "sections": ["free", "logbook"], "day_fields": ["note"]},
    )
    texts = owner.get("/delen/nieuw/tekst").get_data(as_text=True)
    assert NOTE_CANARY in texts  # the marked note is offered in the day-by-day lines
    share_through_forms(
        owner,
        people["doctor"],
        {"free": f"Mijn woorden {CANARY}", "logbook": f"Notitie: {NOTE_CANARY}"},
        day_fields=["note"],
        employer_name=EMPLOYER_CANARY,
    )
    share = db.session.scalars(select(Share)).one()

    doctor = new_client(people["doctor"])
    seen = doctor.get(f"/delen/ontvangen/{share.id}").get_data(as_text=True)
    assert CANARY in seen and NOTE_CANARY in seen
    pdf = pdf_text(doctor.get(f"/delen/ontvangen/{share.id}.pdf").data)
    assert CANARY in pdf and NOTE_CANARY in pdf
    doctor.submit(f"/delen/ontvangen/{share.id}/antwoord", {"body": REPLY_CANARY})
    own = owner.get(f"/delen/{share.id}").get_data(as_text=True)
    assert CANARY in own and NOTE_CANARY in own and REPLY_CANARY in own
    assert REPLY_CANARY in doctor.get(f"/delen/ontvangen/{share.id}").get_data(as_text=True)

    assert EMPLOYER_CANARY in doctor.get("/professional/").get_data(as_text=True)  # the inbox
    markers = (CANARY, REPLY_CANARY, EMPLOYER_CANARY)  # the note canary is Eva's logbook text
    for name in ("admin", "doctor", "coach", "other_doctor", "other_coach", "other_employee"):
        client = new_client(people[name])
        for url in simple_get_urls(app):
            body = client.get(url).data
            for marker in (*markers, NOTE_CANARY):
                if name == "doctor" and marker == EMPLOYER_CANARY and url == "/professional/":
                    continue  # the recipient's own inbox
                assert marker.encode() not in body, (name, url, marker)
    for url in ("/delen/", "/account/toegang"):
        assert CANARY not in owner.get(url).get_data(as_text=True), url

    for message in mailbox.messages:
        raw = message.as_string()
        for marker in (*markers, NOTE_CANARY):
            assert marker not in raw
    assert mailbox.messages, "the recipient got an e-mail"
    for marker in (*markers, NOTE_CANARY):
        assert marker not in caplog.text

    stored = raw_database_text()
    for marker in (*markers, NOTE_CANARY):
        assert marker not in stored  # sealed everywhere, in the share, the reply and the log


def raw_database_text() -> str:
    """Return every value of every row of every table as text, as stored."""
    parts: list[Any] = []
    for table in Base.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            parts.extend(str(value) for value in row)
    return "\n".join(parts)
