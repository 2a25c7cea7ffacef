"""The pages each role reaches, and a small world to reach them in (used by the page-wide tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from portal.auth.models import EmployeeProfile, User
from portal.consults.models import Consult, Goal, WithWhom
from portal.db import db, utcnow
from portal.dossier.models import Plan, PlanRevision
from portal.links.services import accept, assign_coach, invite_professional
from portal.logbook.models import LogEntry
from portal.sharing.models import AdviceKind, Share, ShareAdvice, ShareDraft, ShareReply

ROLES = ["employee", "coach", "professional", "admin"]


def seed(make_user: Callable[..., User]) -> dict[str, Any]:
    """An employee ten weeks sick with two weeks of logbook, a past talk, coach and doctor."""
    employee = make_user(name="Sanne")
    coach = make_user(role="coach", name="Ruud")
    doctor = make_user(role="professional", name="Amina")
    admin = make_user(role="admin", name="Beheer")
    today = dt.date.today()
    profile = db.session.get(EmployeeProfile, employee.id)
    assert profile is not None
    profile.sick_since = today - dt.timedelta(weeks=10)
    for n in range(1, 15):
        db.session.add(
            LogEntry(
                user_id=employee.id,
                day=today - dt.timedelta(days=n),
                energy=4 + n % 4,
                minutes_worked=60 * (n % 3),
                minutes_planned=120,
            )
        )
    talk = Consult(
        user_id=employee.id,
        starts_at=utcnow() - dt.timedelta(days=2),
        with_whom=WithWhom("bedrijfsarts"),
    )
    db.session.add(talk)
    db.session.flush()
    db.session.add(Goal(consult_id=talk.id, user_id=employee.id, position=1, text="Uren"))
    link = assign_coach(employee, coach)
    invited = invite_professional(employee, doctor.email)
    assert invited is not None
    accept(invited)
    db.session.flush()
    share = Share(
        employee_id=employee.id,
        recipient_id=doctor.id,
        link_id=invited.id,
        section_keys="capacity,goals,free",
    )
    share.title = "Voor het gesprek"
    busy_day = today - dt.timedelta(days=5)
    busy, monday = busy_day.isoformat(), (busy_day - dt.timedelta(busy_day.weekday())).isoformat()
    facts = {  # the capacity part with its dated facts and the rating for page one
        "start": (today - dt.timedelta(days=27)).isoformat(),
        "end": today.isoformat(),
        "weeks": [{"monday": monday, "worked": 12.0, "planned": 10.0}],
        "days": [
            {"day": busy, "worked": 4.0, "plan_per_day": 2.0, "planned": None}
            | {"delay": 2, "recovery_days": 3}
        ],
        "setbacks": [
            {"day": busy, "kind": "social", "busy_day": busy, "hours": 4.0}
            | {"delay": 2, "recovery_days": 3}
        ],
        "rating": {"week_of": monday, "levels": {"hours": 2, "social": 1}},
    }
    share.snapshot = {
        "version": 1,
        "sections": [
            {"key": "capacity", "text": "Uren: gaat, met beperkingen", "evidence": facts},
            {"key": "goals", "text": "Mijn doelen:\n- Uren opbouwen"},
            {"key": "free", "text": "Hallo"},
        ],
    }
    db.session.add(share)
    db.session.flush()
    reply = ShareReply(share_id=share.id, author_id=doctor.id)
    reply.body = "Dank u"
    db.session.add(reply)
    db.session.flush()
    for position, (kind, text) in enumerate(
        [(AdviceKind.AGREEMENT, "Elke dag wandelen"), (AdviceKind.TREATER, "Doel therapie?")]
    ):
        item = ShareAdvice(
            reply_id=reply.id, share_id=share.id, kind=kind, position=position, due_on=today
        )
        item.text = text
        db.session.add(item)
    draft = ShareDraft(employee_id=employee.id)  # a summary in progress with a setback
    crash = {"busy_day": (today - dt.timedelta(days=5)).isoformat(), "hours": 4.0}
    draft.content = {
        "recipient_id": doctor.id,
        "sections": ["free"],
        "texts": {"free": "Hallo"},
        "figures": {"crashes": [crash | {"delay": 2, "recovery_days": 3}], "max_delay": 3},
    }
    db.session.add(draft)
    plan = Plan(employee_id=employee.id, drawn_up_on=today - dt.timedelta(weeks=4), goal="own_work")
    revision = PlanRevision(revised_on=today - dt.timedelta(weeks=1), is_agreed=False)
    revision.reason, revision.own_view = "Meer rust", "Te snel"
    plan.revisions.append(revision)
    db.session.add(plan)
    db.session.commit()
    return {
        "share": share.id,
        "revision": revision.id,
        "employee": employee,
        "coach": coach,
        "professional": doctor,
        "admin": admin,
        "talk": talk.id,
        "link": link.id,
    }


def pages_for(role: str, world: dict[str, Any]) -> list[str]:
    """The pages a person in this role reaches from the menu and the pages' own links."""
    common = ["/account/", "/account/sessies", "/account/wachtwoord", "/account/tweestaps"]
    if role == "employee":
        talk = world["talk"]
        return [
            "/",
            "/tijdlijn/",
            "/tijdlijn/stappen/probleemanalyse",
            "/tijdlijn/stappen/deskundigenoordeel",
            "/logboek/",
            "/logboek/week",
            "/logboek/maand",
            "/logboek/trends",
            "/logboek/belastbaarheid",
            "/logboek/export",
            "/gesprekken/",
            f"/gesprekken/{talk}",
            f"/gesprekken/{talk}/terugblik",
            f"/gesprekken/{talk}/voorbereiden/kunnen",
            f"/gesprekken/{talk}/kaart",
            f"/gesprekken/{talk}/werkgeversversie",
            "/gesprekken/afspraken",
            "/gesprekken/cijfers",
            "/gesprekken/herinneringen",
            "/leren/",
            "/leren/zelfcheck/",
            "/berichten/",
            "/berichten/instellingen",
            "/delen/",
            "/delen/nieuw",
            f"/delen/{world['share']}",
            "/delen/nieuw/terugval",
            "/delen/nieuw?recipient=code&sections=dossier",
            "/delen/code/",
            "/dossier/",
            "/dossier/nieuw/contact",
            "/dossier/nieuw/document",
            "/dossier/nieuw/note",
            "/dossier/plan",
            f"/dossier/plan/bijstelling/{world['revision']}/wijzigen",
            "/dossier/mijn-kijk",
            "/dossier/behandeling",
            "/account/toegang",
            "/account/koppelingen",
            "/account/mijn-gegevens",
            "/account/evaluatie/",
            "/werkwijzer/",
            "/hulp",
            "/privacy",
            *common,
        ]
    if role == "coach":
        return [
            "/coach/",
            f"/berichten/{world['link']}",
            "/berichten/coach-hulp",
            "/berichten/afwezig",
            "/berichten/instellingen",
            *common,
        ]
    if role == "professional":
        return ["/professional/", f"/delen/ontvangen/{world['share']}", *common]
    return ["/admin/", "/admin/koppelingen", "/admin/accounts/nieuw", "/admin/evaluatie/", *common]
