"""Every object loader, listed, and proven to refuse every other actor.

Views reach someone's data by an id from the request only through these loaders (STYLE.md,
"object checks in one place"). The first test finds every function shaped like a loader in
the portal and fails when one is not listed here, so a new loader cannot arrive without its
refusal test. The second opens, for each listed loader, a page that goes through it, as every
person who is not the owner (or the addressed recipient), and expects 404: another person's
data is not there.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

import portal
from portal.auth.models import Role, User
from portal.codeshare.models import CodeShare
from portal.consults.models import Agreement, AgreementWho
from portal.db import db, utcnow
from portal.dossier.models import DossierEntry, Plan, PlanRevision
from portal.links.services import accept, assign_coach, invite_professional
from portal.sharing.models import AdviceKind, ShareAdvice, ShareReply
from tests.conftest import Client, log_in
from tests.sharing.conftest import add_talk, make_share

#: Names a loader of someone's object has: own_*, visible_*, the recipient's and the carer's.
LOADER_NAME = re.compile(
    r"^(get_owned_or_404|own_\w+|visible_\w+|recipient_share|thread_for|link_for_\w+)$"
)

#: loader -> (method, page that goes through it, who may reach it, space-separated); the page
#: is formatted with the ids of the world below. "—" marks a loader that takes no id from the
#: request (it only ever loads the current person's own row): nothing to ask for.
LOADERS: dict[str, tuple[str, str, str]] = {
    "portal.security.get_owned_or_404": ("GET", "/gesprekken/{talk}", "employee"),
    "portal.consults.services.own_talk": ("GET", "/gesprekken/{talk}/kaart", "employee"),
    "portal.consults.services.own_agreement": (
        "POST",
        "/gesprekken/afspraken/{agreement}/klaar",
        "employee",
    ),
    "portal.sharing.views.own_share": ("GET", "/delen/{share}", "employee"),
    "portal.sharing.views_received.recipient_share": (
        "GET",
        "/delen/ontvangen/{share}",
        "professional",
    ),
    "portal.sharing.views_advice.own_item": (
        "POST",
        "/delen/advies/{advice}/overnemen",
        "employee",
    ),
    "portal.sharing.advice.own_advice": ("POST", "/delen/advies/{advice}/afwijzen", "employee"),
    "portal.sharing.services.visible_share": (
        "GET",
        "/delen/ontvangen/{share}.pdf",
        "professional",
    ),
    "portal.codeshare.views.own_code_share": ("GET", "/delen/code/{code_share}", "employee"),
    "portal.dossier.services.own_entry": ("GET", "/dossier/{entry}/bestand", "employee"),
    "portal.dossier.views.own_entry_or_404": ("GET", "/dossier/{entry}/wijzigen", "employee"),
    "portal.dossier.views_plan.own_revision_or_404": (
        "GET",
        "/dossier/plan/bijstelling/{revision}/wijzigen",
        "employee",
    ),
    "portal.messages.services.thread_for": ("GET", "/berichten/{link}", "coach employee"),
    "portal.links.services.link_for_carer_or_none": (
        "POST",
        "/professional/uitnodigingen/{invitation}/accepteren",
        "invited",
    ),
    "portal.timeline.views.own_profile": ("—", "", "employee"),
    "portal.feedback.models.own_feedback": ("—", "", "employee"),
}


def loaders_in_the_portal() -> set[str]:
    """Every function in the portal's modules whose name says it loads someone's object."""
    found = set()
    for info in pkgutil.walk_packages(portal.__path__, "portal."):
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if LOADER_NAME.match(name) and function.__module__ == info.name:
                found.add(f"{info.name}.{name}")
    return found


def test_every_object_loader_is_listed() -> None:
    assert loaders_in_the_portal() == set(LOADERS)


@pytest.fixture
def world(app: Flask, make_user: Callable[..., User]) -> dict[str, Any]:
    """Eva's objects of every kind, her coach and doctor, and everyone else."""
    people = {
        "employee": make_user(name="Eva"),
        "coach": make_user(role=Role.COACH, name="Ruud"),
        "professional": make_user(role=Role.PROFESSIONAL, name="Amina"),
        "invited": make_user(role=Role.PROFESSIONAL, name="Piet"),
        "other employee": make_user(name="Olga"),
        "other coach": make_user(role=Role.COACH, name="Otto"),
        "other professional": make_user(role=Role.PROFESSIONAL, name="Oscar"),
        "admin": make_user(role=Role.ADMIN, name="Beheer"),
    }
    eva = people["employee"]
    link = assign_coach(eva, people["coach"])
    invited = invite_professional(eva, people["professional"].email)
    assert invited is not None
    accept(invited)
    invitation = invite_professional(eva, people["invited"].email)
    assert invitation is not None
    db.session.commit()
    talk = add_talk(eva, "Twee uur werken", "Rustig opbouwen", "Alleen voor mij")
    agreement = Agreement(user_id=eva.id, consult_id=talk.id, who=AgreementWho.ME)
    agreement.what = "Wandelen"
    entry = DossierEntry(employee_id=eva.id, kind="document", happened_on=dt.date(2026, 3, 3))
    entry.title = "Brief"
    entry.attach("brief.pdf", "application/pdf", b"%PDF-1.4 brief")
    plan = Plan(employee_id=eva.id, drawn_up_on=dt.date(2026, 3, 1), goal="own_work")
    revision = PlanRevision(revised_on=dt.date(2026, 3, 8), is_agreed=True)
    revision.reason = "Meer rust"
    plan.revisions.append(revision)
    code_share = CodeShare(
        employee_id=eva.id,
        token_hash="1" * 64,
        code_hash="1" * 64,
        expires_at=utcnow() + dt.timedelta(days=7),
    )
    code_share.recipient_name, code_share.title = "Dr. Visser", "Samenvatting"
    code_share.snapshot = {"owner": "Eva", "version": 1, "sections": []}
    db.session.add_all([agreement, entry, plan, code_share])
    db.session.commit()
    share = make_share(eva, people["professional"])
    reply = ShareReply(share_id=share.id, author_id=people["professional"].id)
    db.session.add(reply)
    db.session.flush()
    advice = ShareAdvice(reply_id=reply.id, share_id=share.id, kind=AdviceKind.AGREEMENT)
    advice.text = "Elke dag wandelen"
    db.session.add(advice)
    db.session.commit()
    ids = {
        "advice": advice.id,
        "talk": talk.id,
        "agreement": agreement.id,
        "share": share.id,
        "code_share": code_share.id,
        "entry": entry.id,
        "revision": revision.id,
        "link": link.id,
        "invitation": invitation.id,
    }
    return {"people": people, "ids": ids}


def open_as(app: Flask, user: User, method: str, path: str) -> int:
    """Open one page as this person in a browser of their own; return the status."""
    app.test_client_class = Client
    client: Client = log_in(app.test_client(), user)  # type: ignore[arg-type]
    response = client.get(path) if method == "GET" else client.submit(path, {})
    return response.status_code


@pytest.mark.parametrize("loader", sorted(name for name, row in LOADERS.items() if row[0] != "—"))
def test_each_loader_refuses_every_other_actor(
    app: Flask, world: dict[str, Any], loader: str
) -> None:
    method, page, who = LOADERS[loader]
    path = page.format(**world["ids"])
    allowed = who.split(" ")[0]
    allowed_role = world["people"][allowed].role
    for name, person in world["people"].items():
        if name in who.split(" "):
            continue
        status = open_as(app, person, method, path)
        # 404 from the loader, or 403 from the role check in front of it: never the object.
        assert status in (403, 404), (loader, name, status)
        if person.role is allowed_role:
            assert status == 404, (loader, name, status)  # same role: the loader refused
    assert open_as(app, world["people"][allowed], method, path) in (200, 302), loader
