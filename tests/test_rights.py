"""Export holds all and only the owner's data; deleting the account leaves no content."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from portal.audit.models import AccessEvent
from portal.audit.services import record_access
from portal.auth.models import User
from portal.db import db
from portal.links.services import assign_coach
from portal.logbook.models import LogEntry
from portal.messages.models import Message
from portal.messages.services import conversation_of
from tests.conftest import PASSWORD, TOTP_SECRET, enable_two_factor, totp_code

MINE = "CANARY-MINE-8c1e"
THEIRS = "CANARY-THEIRS-2b7d"


def write_things(user: User, coach: User, marker: str) -> None:
    """A logbook note, a message from the coach, a read in the access log."""
    db.session.add(LogEntry(user_id=user.id, day=dt.date(2026, 3, 2), energy=4, note=marker))
    link = assign_coach(user, coach)
    db.session.flush()
    conversation = conversation_of(link)
    db.session.flush()
    db.session.add(
        Message(conversation_id=conversation.id, sender_id=coach.id, body=marker + "-msg")
    )
    record_access(
        event="conversation.read",
        employee_id=user.id,
        object_type="conversation",
        object_id=conversation.id,
        actor=coach,
    )
    db.session.commit()


def export(client: Any, data: dict[str, str]) -> Any:
    return client.submit("/account/mijn-gegevens/download", data)


def test_export_holds_all_and_only_my_data(client: Any, make_user: Any, login_as: Any) -> None:
    me, other, coach = make_user(), make_user(), make_user(role="coach")
    write_things(me, coach, MINE)
    write_things(other, coach, THEIRS)
    login_as(me)
    response = export(client, {"export-password": PASSWORD})
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert set(archive.namelist()) == {"data.json", "data.html"}
    raw = archive.read("data.json").decode()
    document = json.loads(raw)
    tables = document["tables"]
    assert tables["log_entries"][0]["note"] == MINE  # decrypted, readable
    assert tables["messages"][0]["body"] == MINE + "-msg"  # the conversation, both sides
    assert tables["access_events"][0]["event"] == "conversation.read"
    assert tables["users"][0]["email"] == me.email
    assert THEIRS not in raw and other.email not in raw
    for secret in ("password_hash", "argon2", "row_key", TOTP_SECRET, "token_hash"):
        assert secret not in raw
    assert MINE in archive.read("data.html").decode()


def test_export_needs_the_password_and_the_code(client: Any, make_user: Any, login_as: Any) -> None:
    me = make_user()
    enable_two_factor(me)
    db.session.commit()
    login_as(me)
    refused = export(client, {"export-password": "verkeerd wachtwoord"})
    assert refused.mimetype == "text/html" and "klopt niet" in refused.get_data(as_text=True)
    no_code = export(client, {"export-password": PASSWORD})
    assert no_code.mimetype == "text/html"
    ok = export(client, {"export-password": PASSWORD, "export-code": totp_code(me)})
    assert ok.mimetype == "application/zip"


def test_delete_account_leaves_no_content(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    me, coach = make_user(email="wissen@example.com"), make_user(role="coach")
    write_things(me, coach, MINE)
    my_id = me.id
    login_as(me)
    refused = client.submit(
        "/account/mijn-gegevens/verwijderen", {"delete-password": PASSWORD}
    )  # no "yes"
    assert refused.status_code == 200 and db.session.get(User, my_id) is not None
    response = client.submit(
        "/account/mijn-gegevens/verwijderen",
        {"delete-password": PASSWORD, "delete-confirm": "y"},
    )
    assert response.status_code == 302
    assert db.session.get(User, my_id) is None
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 0
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0
    # the access log keeps its rows (ids only), and the chain still verifies
    assert db.session.scalar(select(func.count()).select_from(AccessEvent)) == 1
    from portal.audit.services import verify_chain

    assert verify_chain() == []
    assert client.get("/account/").status_code == 302  # logged out
    if db.engine.dialect.name == "sqlite":
        path = Path(str(db.engine.url.database))
        for file in (path, Path(f"{path}-wal")):
            if file.exists():
                data = file.read_bytes()
                assert b"wissen@example.com" not in data
                assert MINE.encode() not in data
