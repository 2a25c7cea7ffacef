"""The plan van aanpak page is one form: a revision being typed and changes to the plan
survive the other button; deleting a revision asks first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portal.db import db
from portal.dossier.models import Plan, PlanRevision
from tests.dossier.test_revisions import PLAN, REVISION, plan_with_revision

#: The plan's fields as the page shows them after PLAN was saved.
AS_SHOWN = {**PLAN, "steps": "", "own_view": ""}


def plan() -> Plan:
    db.session.expire_all()
    return db.session.scalars(select(Plan)).one()


def test_the_page_is_one_form_and_delete_asks_first(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    revision_id = plan_with_revision(client)
    page = client.get("/dossier/plan").get_data(as_text=True)
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("<form") == 1 and 'formaction="/dossier/plan/bijstelling"' in main
    assert f"/dossier/plan/bijstelling/{revision_id}/verwijderen" not in main
    # Enter in a field saves the plan: the first button is a hidden "Save the plan"
    first = main.index("<button", main.index("<form"))
    assert main.index('<button type="submit" hidden>') == first
    page = client.get(f"/dossier/plan/bijstelling/{revision_id}/wijzigen").get_data(as_text=True)
    assert '<details class="confirm-disclosure">' in page


def test_saving_the_plan_keeps_the_revision_being_typed(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    plan_with_revision(client)
    typed = {"bijstelling-reason": "Halve dagen", "bijstelling-own_view": "Te snel"}
    response = client.submit("/dossier/plan", {**AS_SHOWN, "steps": "Wandelen; ik", **typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Halve dagen</textarea>" in page
    assert "Te snel</textarea>" in page
    assert [step.what for step in plan().steps] == ["Wandelen"]
    assert db.session.scalars(select(PlanRevision)).all()[0].reason == "REDEN-OUD"


def test_adding_a_revision_keeps_changes_typed_in_the_plan(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    plan_with_revision(client)
    changed = {**AS_SHOWN, "own_view": "Mijn eigen kijk"}
    new = {**REVISION, "bijstelling-revised_on": "2026-01-25", "bijstelling-reason": "NIEUW"}
    response = client.submit("/dossier/plan/bijstelling", {**changed, **new})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Mijn eigen kijk</textarea>" in page
    assert len(plan().revisions) == 2 and plan().own_view is None  # not saved unasked
    assert "NIEUW</textarea>" not in page  # the added revision's form is empty again
    # a mistake in the revision keeps the typed plan too
    response = client.submit("/dossier/plan/bijstelling", {**changed, "bijstelling-reason": ""})
    assert response.status_code == 400
    assert "Mijn eigen kijk</textarea>" in response.get_data(as_text=True)
    # the plan as shown: the revision is added and the page is left as before
    response = client.submit("/dossier/plan/bijstelling", {**AS_SHOWN, **new})
    assert response.status_code == 302
