"""Canary crawl: health text shows only to its owner, never to anyone else or at rest.

Unique markers go into every kind of health free text of one employee. Then every page
(and every link on it, one level deep) is opened as each other actor; e-mails, logs and the
raw database bytes are searched too. The only place a marker may show is the owner's view.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal import clock
from portal.codeshare.models import CodeShare
from portal.consults.models import Consult, Goal, WithWhom
from portal.db import Base, db, utcnow
from portal.dossier.models import DossierEntry, Plan, Treatment
from portal.learning.models import ModuleRemark
from portal.links.services import accept, assign_coach, invite_professional
from portal.logbook.capacity import monday as capacity_monday
from portal.logbook.models import CapacityRating, LogEntry
from portal.messages.models import Message
from portal.messages.services import conversation_of
from portal.sharing.models import AdviceKind, Share, ShareAdvice, ShareReply
from tests.conftest import Client, log_in

MARKERS = {
    "logbook": "CANARY-LOGBOOK-51d2",
    "goal": "CANARY-GOAL-77a0",
    "changed": "CANARY-CHANGED-0b3e",
    "private": "CANARY-PRIVATE-9f41",
    "remark": "CANARY-REMARK-c6d8",
    "message": "CANARY-MESSAGE-3e95",
    "dossier": "CANARY-DOSSIER-a7c2",
    "dossier-file": "CANARY-DOSSIERFILE-5d19",
    "plan": "CANARY-PLAN-e40b",
    "code-share": "CANARY-CODESHARE-19fa",
    "capacity": "CANARY-CAPACITY-6b2e",
    "treatment": "CANARY-TREATMENT-4e1c",
    "share": "CANARY-SHARE-2c7f",
    "reply": "CANARY-REPLY-8d13",
    "advice": "CANARY-ADVICE-f05a",
}
LINK = re.compile(r'href="(/[^"#?]*)"')


def plant(employee: Any, coach: Any) -> None:
    """Put a marker in every kind of health text the employee can write."""
    db.session.add(
        LogEntry(user_id=employee.id, day=dt.date(2026, 3, 2), energy=3, note=MARKERS["logbook"])
    )
    consult = Consult(
        user_id=employee.id,
        starts_at=utcnow() + dt.timedelta(days=3),
        with_whom=WithWhom("bedrijfsarts"),
    )
    consult.changed = MARKERS["changed"]
    consult.private_note = MARKERS["private"]
    db.session.add(consult)
    db.session.flush()
    db.session.add(
        Goal(consult_id=consult.id, user_id=employee.id, position=1, text=MARKERS["goal"])
    )
    db.session.add(
        ModuleRemark(user_id=employee.id, module="probleemaanpak", remark=MARKERS["remark"])
    )
    entry = DossierEntry(employee_id=employee.id, kind="document", happened_on=dt.date(2026, 3, 3))
    entry.title, entry.said = "Brief", MARKERS["dossier"]
    entry.attach("brief.pdf", "application/pdf", b"%PDF-1.4 " + MARKERS["dossier-file"].encode())
    plan = Plan(employee_id=employee.id, drawn_up_on=dt.date(2026, 3, 1), goal="own_work")
    plan.is_agreed, plan.own_view = False, MARKERS["plan"]
    share = CodeShare(
        employee_id=employee.id,
        token_hash="0" * 64,
        code_hash="0" * 64,
        expires_at=utcnow() + dt.timedelta(days=7),
    )
    share.recipient_name, share.title = "Dr. Visser", MARKERS["code-share"]
    share.snapshot = {"owner": "x", "version": 1, "sections": [{"key": "free", "text": "t"}]}
    rating = CapacityRating(user_id=employee.id, week_of=capacity_monday(clock.today()))
    rating.answers = {"social": {"level": 2, "example": MARKERS["capacity"]}}
    treatment = Treatment(employee_id=employee.id)
    treatment.content = {
        "treaters": [{"kind": "psycholoog", "own_words": MARKERS["treatment"], "contact": "no"}]
    }
    db.session.add_all([entry, plan, share, rating, treatment])
    conversation = conversation_of(assign_coach(employee, coach))
    db.session.flush()
    db.session.add(
        Message(conversation_id=conversation.id, sender_id=employee.id, body=MARKERS["message"])
    )
    db.session.commit()


def plant_share(employee: Any, author: Any) -> None:
    """Share a summary with a professional who is no actor; they reply with advice."""
    link = invite_professional(employee, author.email)
    assert link is not None
    accept(link)
    db.session.flush()
    share = Share(employee_id=employee.id, recipient_id=author.id, link_id=link.id)
    share.section_keys, share.title = "free", "Samenvatting"
    share.snapshot = {"version": 1, "sections": [{"key": "free", "text": MARKERS["share"]}]}
    db.session.add(share)
    db.session.flush()
    reply = ShareReply(share_id=share.id, author_id=author.id, body=MARKERS["reply"])
    db.session.add(reply)
    db.session.flush()
    advice = ShareAdvice(reply_id=reply.id, share_id=share.id, kind=AdviceKind.AGREEMENT)
    advice.text = MARKERS["advice"]
    db.session.add(advice)
    db.session.commit()


def crawl(client: Any, app: Flask, depth: int = 1, limit: int = 500) -> dict[str, str]:
    """Open every argument-free page and follow same-site links `depth` levels; bodies."""
    start = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set())
        and not rule.arguments
        and rule.endpoint not in {"static", "auth.logout"}
    ]
    return fetch_all(client, [(url, 0) for url in start], depth, limit)


def fetch_all(
    client: Any, queue: list[tuple[str, int]], depth: int, limit: int = 500
) -> dict[str, str]:
    """Open the queued URLs (and their links up to depth); return url -> text body."""
    seen: dict[str, str] = {}
    while queue and len(seen) < limit:
        url, level = queue.pop(0)
        if url in seen or url.startswith("/static/"):
            continue
        response = client.get(url)
        body = response.get_data(as_text=True) if response.mimetype.startswith("text") else ""
        seen[url] = body
        if level < depth:
            queue.extend((link, level + 1) for link in LINK.findall(body) if link not in seen)
    return seen


@pytest.fixture
def world(app: Flask, make_user: Any) -> dict[str, Any]:
    """The owner with every marker, and everyone who must not see them."""
    owner, other = make_user(name="Eigenaar"), make_user(name="Ander")
    coach, stranger_coach = make_user(role="coach"), make_user(role="coach")
    doctor, stranger_doctor = make_user(role="professional"), make_user(role="professional")
    admin = make_user(role="admin")
    plant(owner, coach)
    plant_share(owner, make_user(role="professional", name="Adviseur"))
    link = invite_professional(owner, doctor.email)
    assert link is not None
    accept(link)
    db.session.commit()
    app.test_client_class = Client
    return {
        "owner": owner,
        "other employee": other,
        "linked coach (nothing shared)": coach,
        "unlinked coach": stranger_coach,
        "linked professional (nothing shared)": doctor,
        "unlinked professional": stranger_doctor,
        "admin": admin,
    }


def leaks(text: str, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    return [name for name, marker in MARKERS.items() if marker in text and name not in allowed]


@pytest.fixture
def owner_pages(app: Flask, world: dict[str, Any]) -> dict[str, str]:
    """Everything the owner can open, two links deep (their own object pages included)."""
    client = log_in(app.test_client(), world["owner"])  # type: ignore[arg-type]
    return crawl(client, app, depth=2)


@pytest.mark.parametrize(
    "actor",
    [
        "other employee",
        "linked coach (nothing shared)",
        "unlinked coach",
        "linked professional (nothing shared)",
        "unlinked professional",
        "admin",
        "anonymous",
    ],
)
def test_no_marker_reaches_anyone_else(
    actor: str, app: Flask, world: dict[str, Any], owner_pages: dict[str, str]
) -> None:
    client = app.test_client()
    if actor != "anonymous":
        log_in(client, world[actor])  # type: ignore[arg-type]
    pages = crawl(client, app)
    # ... and the owner's own pages, opened directly by URL
    pages.update(fetch_all(client, [(url, 0) for url in owner_pages], depth=0))
    assert len(pages) > 20
    allowed = {"message"} if actor == "linked coach (nothing shared)" else set()
    found = {url: leaks(body, allowed) for url, body in pages.items() if leaks(body, allowed)}
    assert found == {}


def test_the_crawl_reaches_the_owners_text(owner_pages: dict[str, str]) -> None:
    """Without this, the tests above could pass by never reaching the pages that matter."""
    everything = "".join(owner_pages.values())
    found = {name for name, marker in MARKERS.items() if marker in everything}
    assert {
        "goal",
        "changed",
        "message",
        "remark",
        "dossier",
        "plan",
        "code-share",
        "capacity",
        "share",
        "reply",
        "advice",
    } <= found


def test_no_marker_in_mail_logs_or_database_bytes(
    app: Flask, world: dict[str, Any], mailbox: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = log_in(app.test_client(), world["linked coach (nothing shared)"])  # type: ignore[arg-type]
    crawl(client, app)  # coach opens the conversation: access log, receipts, maybe e-mails
    assert leaks("".join(mailbox.bodies())) == []
    assert leaks(caplog.text) == []
    stored = " ".join(
        repr(tuple(row))
        for table in Base.metadata.sorted_tables
        for row in db.session.execute(select(table))
    )
    assert leaks(stored) == []  # every value in every table, as the database holds it
    if db.engine.dialect.name == "sqlite":
        path = Path(str(db.engine.url.database))
        raw = b"".join(f.read_bytes() for f in (path, Path(f"{path}-wal")) if f.exists())
        assert [name for name, marker in MARKERS.items() if marker.encode() in raw] == []
