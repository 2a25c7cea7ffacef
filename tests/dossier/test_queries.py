"""The dossier list loads in a fixed number of queries, however many talks there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask

from portal.consults.models import Agreement, AgreementWho, Consult, WithWhom
from portal.db import db
from tests.conftest import count_queries


def add_talks(user_id: int, count: int) -> None:
    for day in range(count):
        talk = Consult(
            user_id=user_id,
            starts_at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=day),
            with_whom=WithWhom.BEDRIJFSARTS,
        )
        db.session.add(talk)
        db.session.flush()
        agreement = Agreement(user_id=user_id, consult_id=talk.id, who=AgreementWho.ME)
        agreement.what = f"afspraak {day}"
        db.session.add(agreement)
    db.session.commit()


def test_no_query_per_talk(app: Flask, client: Any, make_user: Any, login_as: Any) -> None:
    me = make_user()
    login_as(me)
    add_talks(me.id, 2)
    few = count_queries(app, client, "/dossier/")
    add_talks(me.id, 20)
    assert count_queries(app, client, "/dossier/") == few


def test_coach_changes_are_derived_items(client: Any, make_user: Any, login_as: Any) -> None:
    from portal.links.services import assign_coach

    me, coach = make_user(), make_user(role="coach", name="Coach Kim")
    assign_coach(me, coach)
    db.session.commit()
    login_as(me)
    page = client.get("/dossier/?kinds=link").get_data(as_text=True)
    assert "Coach Kim" in page and 'href="/account/koppelingen"' in page
