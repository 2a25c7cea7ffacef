"""Hostile input in every field of every dossier form: never a 500, never reflected raw.

The general battery only crawls pages without URL arguments; the entry forms have one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from portal.db import db
from portal.dossier.models import DossierEntry
from tests.test_hostile_input import HOSTILE, FormFinder

PAGES = [
    "/dossier/nieuw/contact",
    "/dossier/nieuw/document",
    "/dossier/nieuw/note",
    "/dossier/plan",
]


def test_hostile_values_in_every_dossier_field(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    plan = {"drawn_up_on": "2026-01-10", "goal": "own_work", "is_agreed": "yes"}
    assert client.submit("/dossier/plan", plan).status_code == 302  # so the revision form shows
    tried = 0
    for page in PAGES:
        finder = FormFinder()
        finder.feed(client.get(page).get_data(as_text=True))
        for action, fields in finder.forms:
            for field in (name for name in fields if name != "csrf_token"):
                for value in HOSTILE:
                    response = client.submit(action, {field: value})
                    label = f"{action} [{field}={value[:30]!r}]"
                    assert response.status_code < 500, label
                    if "<" in value or '"' in value:
                        assert value not in response.get_data(as_text=True), label
                    tried += 1
    assert tried >= 800
    # every field was hostile and the rest empty: nothing may have been stored
    assert db.session.scalar(select(func.count()).select_from(DossierEntry)) == 0


def test_hostile_filters_and_choices_in_the_query(client: Any, make_user: Any) -> None:
    from tests.conftest import log_in

    log_in(client, make_user())
    for value in HOSTILE:
        for url in ("/dossier/", "/dossier/mijn-kijk"):
            response = client.get(url, query_string={"start": value, "kinds": value, "uit": value})
            assert response.status_code < 500, (url, value)
            if "<" in value or '"' in value:
                assert value not in response.get_data(as_text=True), (url, value)
