"""The coach share template; self-check scores go to the coach, never to the doctor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from portal.auth.models import User
from portal.db import db
from portal.sharing.models import Share, ShareDraft
from tests.conftest import Client
from tests.sharing.conftest import add_talk


def drafts() -> int:
    return db.session.scalar(select(func.count()).select_from(ShareDraft)) or 0


def test_self_check_scores_are_refused_for_the_doctor(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    eva.get("/?lang=en")
    for sections in (["selfcheck"], ["selfcheck", "goals"]):
        response = eva.submit(
            "/delen/nieuw", {"recipient": people["doctor"].id, "sections": sections}
        )
        assert response.status_code == 200
        assert "Self-check scores can only be shared with your coach." in response.get_data(
            as_text=True
        )
    assert drafts() == 0
    response = eva.submit(
        "/delen/nieuw", {"recipient": people["coach"].id, "sections": ["selfcheck"]}
    )
    assert response.status_code == 302 and drafts() == 1


def test_the_coach_template_prefills_goals_practice_and_scores_for_the_coach(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    add_talk(people["eva"], "Twee ochtenden werken", "Opbouwen", "PRIVATE-never")
    eva = new_client(people["eva"])
    eva.get("/?lang=en")
    response = eva.submit("/berichten/delen-met-mijn-coach")
    assert response.status_code == 302 and response.location.endswith("/delen/nieuw/tekst")
    draft = db.session.scalars(select(ShareDraft)).one()
    assert draft.content["recipient_id"] == people["coach"].id
    assert draft.content["sections"] == ["goals", "selfcheck", "free"]
    page = eva.get("/delen/nieuw/tekst").get_data(as_text=True)
    assert "What I want to practise:" in page and "Twee ochtenden werken" in page
    assert "PRIVATE-never" not in page
    again = eva.submit("/berichten/delen-met-mijn-coach")  # a draft in progress is kept
    assert again.status_code == 302 and again.location.endswith("/delen/nieuw")
    assert db.session.scalars(select(ShareDraft)).one().id == draft.id

    texts: dict[str, Any] = {
        "goals": "Twee ochtenden werken",
        "selfcheck": "",
        "free": "What I want to practise:\n- saying no to extra tasks",
    }
    assert eva.submit("/delen/nieuw/tekst", texts).status_code == 302
    assert eva.submit("/delen/nieuw/voorbeeld", {"expires_in": ""}).status_code == 302
    share = db.session.scalars(select(Share)).one()
    assert share.recipient_id == people["coach"].id
    coach = new_client(people["coach"])
    assert "saying no to extra tasks" in coach.get(f"/delen/ontvangen/{share.id}").get_data(
        as_text=True
    )


def test_no_coach_no_template(
    make_user: Callable[..., User], new_client: Callable[[User], Client]
) -> None:
    alone = new_client(make_user(name="Alone"))
    response = alone.submit("/berichten/delen-met-mijn-coach")
    assert response.status_code == 302 and drafts() == 0
