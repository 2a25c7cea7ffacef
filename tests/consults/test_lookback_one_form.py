"""The look-back page is one form: answers and a new agreement are saved together, never lost."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import select

from portal.auth.models import User
from portal.consults.models import Agreement
from portal.db import db
from tests.consults.conftest import NOW, make_talk
from tests.consults.test_views import talk_of


def test_the_page_has_one_form_with_one_save_button(client: Any, employee: User) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1))
    page = client.get(f"/gesprekken/{consult.id}/terugblik").get_data(as_text=True)
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("<form") == 1
    assert main.count('type="submit"') == 1
    assert 'name="what"' in main and 'name="eval_good"' in main
    # A build-up agreed in the talk has its own place, one link away.
    assert 'href="/logboek/opbouw"' in main


def test_answers_and_agreement_are_saved_together(client: Any, employee: User) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1))
    response = client.submit(
        f"/gesprekken/{consult.id}/terugblik",
        {"went_well": "4", "eval_good": "Calm", "what": "Try 3 hours", "who": "me"},
    )
    assert response.status_code == 302
    saved = talk_of(consult.id)
    assert (saved.went_well, saved.eval_good) == (4, "Calm")
    agreement = db.session.scalars(select(Agreement)).one()
    assert (agreement.what, agreement.consult_id) == ("Try 3 hours", consult.id)


def test_a_mistake_in_the_agreement_keeps_every_answer_typed(client: Any, employee: User) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1))
    response = client.submit(
        f"/gesprekken/{consult.id}/terugblik",
        {"went_well": "4", "eval_good": "Typed but not saved", "due_on": "2026-04-01"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "error-summary" in page and "Write down what was agreed." in page
    assert "Typed but not saved" in page  # shown again, not thrown away
    assert re.search(r"<input[^>]*checked[^>]*value=\"4\"|<input[^>]*value=\"4\"[^>]*checked", page)
    assert talk_of(consult.id).evaluated_at is None
    assert db.session.scalars(select(Agreement)).first() is None


def test_a_mistake_in_the_answers_keeps_the_agreement_typed(client: Any, employee: User) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1))
    response = client.submit(
        f"/gesprekken/{consult.id}/terugblik",
        {"went_well": "9", "what": "Agreement typed first", "who": "employer"},
    )
    assert response.status_code == 200
    assert "Agreement typed first" in response.get_data(as_text=True)
    assert db.session.scalars(select(Agreement)).first() is None


def test_saving_only_the_answers_leaves_earlier_ones_and_makes_no_agreement(
    client: Any, employee: User
) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1))
    url = f"/gesprekken/{consult.id}/terugblik"
    client.submit(url, {"went_well": "3", "eval_differently": "Bring notes"})
    client.submit(
        url, {"went_well": "3", "eval_differently": "Bring notes", "what": "A", "who": "me"}
    )
    saved = talk_of(consult.id)
    assert (saved.went_well, saved.eval_differently) == (3, "Bring notes")
    assert len(db.session.scalars(select(Agreement)).all()) == 1


def test_copying_the_scherpe_foto_keeps_lines_typed_first(
    client: Any, employee: User, monkeypatch: Any
) -> None:
    from portal.learning import services as learning

    consult = make_talk(employee)
    url = f"/gesprekken/{consult.id}/voorbereiden/kunnen"
    rows = [{"what": "Read", "example": "an hour", "can": True}]
    monkeypatch.setattr(learning, "scherpe_foto", lambda user_id: rows)
    page = client.get(url).get_data(as_text=True)
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("<form") == 1 and 'value="copy"' in main  # one form: nothing is lost
    response = client.submit(
        url,
        {"can_do-0-what": "Typed, not saved", "can_do-0-example": "yes", "then": "copy"},
    )
    assert response.status_code == 302
    assert talk_of(consult.id).can_do == [
        {"what": "Typed, not saved", "example": "yes"},
        {"what": "Read", "example": "an hour"},
    ]
