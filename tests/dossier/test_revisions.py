"""Plan van aanpak revisions: the employee changes or deletes them; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from portal.consults.services import local_today
from portal.db import db
from portal.dossier.models import Plan, PlanRevision

PLAN = {"drawn_up_on": "2026-01-10", "goal": "own_work", "is_agreed": "yes"}
REVISION = {
    "bijstelling-revised_on": "2026-01-20",
    "bijstelling-reason": "REDEN-OUD",
    "bijstelling-is_agreed": "yes",
}


def plan_with_revision(client: Any) -> int:
    """Record a plan with one revision; return the revision's id."""
    assert client.submit("/dossier/plan", PLAN).status_code == 302
    assert client.submit("/dossier/plan/bijstelling", REVISION).status_code == 302
    return db.session.scalars(select(PlanRevision.id)).one()


def saved() -> tuple[dt.date, str | None, bool, str | None]:
    db.session.expire_all()
    revision = db.session.scalars(select(PlanRevision)).one()
    return revision.revised_on, revision.reason, revision.is_agreed, revision.own_view


def test_revision_is_changed_from_its_own_page(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    revision_id = plan_with_revision(client)
    plan_page = client.get("/dossier/plan").get_data(as_text=True)
    assert f"/dossier/plan/bijstelling/{revision_id}/wijzigen" in plan_page
    page = client.get(f"/dossier/plan/bijstelling/{revision_id}/wijzigen").get_data(as_text=True)
    assert "REDEN-OUD" in page and 'value="2026-01-20"' in page
    change = {
        "revised_on": "25-01-2026",
        "reason": "REDEN-NIEUW",
        "is_agreed": "no",
        "own_view": "IK-ZIE-HET-ANDERS",
    }
    response = client.submit(f"/dossier/plan/bijstelling/{revision_id}/wijzigen", change)
    assert response.status_code == 302
    assert saved() == (dt.date(2026, 1, 25), "REDEN-NIEUW", False, "IK-ZIE-HET-ANDERS")
    assert "IK-ZIE-HET-ANDERS" in client.get("/dossier/").get_data(as_text=True)


def test_bad_revision_changes_nothing(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    revision_id = plan_with_revision(client)
    before = saved()
    good = {"revised_on": "2026-01-25", "reason": "X", "is_agreed": "yes"}
    future = (local_today() + dt.timedelta(days=2)).isoformat()
    for bad in (
        {"revised_on": "2026-01-09"},  # before the plan
        {"revised_on": future},
        {"revised_on": ""},
        {"revised_on": "31-02-2026"},
        {"reason": ""},
        {"reason": "   "},
        {"reason": "x" * 4001},
        {"is_agreed": "misschien"},
        {"is_agreed": ""},
    ):
        url = f"/dossier/plan/bijstelling/{revision_id}/wijzigen"
        response = client.submit(url, {**good, **bad})
        assert response.status_code == 400, bad
        assert saved() == before, bad
    response = client.submit(
        f"/dossier/plan/bijstelling/{revision_id}/wijzigen", {**good, "revised_on": "2026-01-09"}
    )
    body = response.get_data(as_text=True)
    assert "before the plan" in body or "vóór de datum van het plan" in body
    # without a CSRF token nothing changes either
    client.post(f"/dossier/plan/bijstelling/{revision_id}/wijzigen", data=good)
    assert saved() == before


def test_revision_of_another_employee_answers_404(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    revision_id = plan_with_revision(client)
    before = saved()
    client.submit("/uitloggen")
    login_as(make_user())
    url = f"/dossier/plan/bijstelling/{revision_id}/wijzigen"
    assert client.get(url).status_code == 404
    change = {"revised_on": "2026-01-25", "reason": "overgenomen", "is_agreed": "no"}
    assert client.submit(url, change).status_code == 404
    assert client.submit(f"/dossier/plan/bijstelling/{revision_id}/verwijderen").status_code == 404
    assert client.get("/dossier/plan/bijstelling/999999/wijzigen").status_code == 404
    assert saved() == before


def test_revision_is_deleted_and_the_plan_stays(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    revision_id = plan_with_revision(client)
    page = client.get(f"/dossier/plan/bijstelling/{revision_id}/wijzigen").get_data(as_text=True)
    assert f"/dossier/plan/bijstelling/{revision_id}/verwijderen" in page
    assert client.submit(f"/dossier/plan/bijstelling/{revision_id}/verwijderen").status_code == 302
    assert db.session.scalars(select(PlanRevision)).all() == []
    assert db.session.scalars(select(Plan)).one().goal == "own_work"
