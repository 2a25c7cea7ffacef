"""Only the employee reaches their talks: staff see nothing; pages use constant queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from portal.auth.models import Role, User
from portal.consults.models import WithWhom
from tests.conftest import count_queries
from tests.consults.conftest import NOW, make_agreement, make_talk


def urls(consult_id: int, agreement_id: int) -> list[tuple[str, str]]:
    """Return (method, url) for every consults route, with real ids."""
    base = f"/gesprekken/{consult_id}"
    return [
        ("GET", "/gesprekken/"),
        ("GET", "/gesprekken/nieuw"),
        ("POST", "/gesprekken/nieuw"),
        ("GET", base),
        ("GET", base + "/wijzigen"),
        ("POST", base + "/wijzigen"),
        ("POST", base + "/verwijderen"),
        ("GET", base + "/voorbereiden/doelen"),
        ("POST", base + "/voorbereiden/doelen"),
        ("POST", base + "/voorbereiden/kunnen/overnemen"),
        ("GET", base + "/kaart"),
        ("GET", base + "/kaart.pdf"),
        ("GET", base + "/werkgeversversie"),
        ("GET", base + "/terugblik"),
        ("POST", base + "/terugblik"),
        ("POST", base + "/afspraken"),
        ("GET", "/gesprekken/afspraken"),
        ("POST", "/gesprekken/afspraken"),
        ("POST", f"/gesprekken/afspraken/{agreement_id}/klaar"),
        ("POST", f"/gesprekken/afspraken/{agreement_id}/verwijderen"),
        ("GET", "/gesprekken/cijfers"),
        ("GET", "/gesprekken/herinneringen"),
        ("POST", "/gesprekken/herinneringen"),
    ]


@pytest.mark.parametrize("role", [Role.COACH, Role.PROFESSIONAL, Role.ADMIN])
def test_staff_reach_nothing_of_a_talk(
    role: Role, client: Any, make_user: Callable[..., User], login_as: Any
) -> None:
    owner = make_user(role=Role.EMPLOYEE)
    talk = make_talk(
        owner, NOW - dt.timedelta(days=1), goals=[("SECRET-GOAL", None)], changed="SECRET-CHANGED"
    )
    agreement = make_agreement(owner, "SECRET-AGREEMENT", consult=talk)
    login_as(make_user(role=role))
    for method, url in urls(talk.id, agreement.id):
        response = client.get(url) if method == "GET" else client.submit(url, {"what": "x"})
        assert response.status_code == 404, (role, method, url)
        assert b"SECRET" not in response.data


def test_anonymous_visitors_are_sent_to_login(client: Any, make_user: Any) -> None:
    talk = make_talk(make_user())
    for method, url in urls(talk.id, 1):
        response = client.get(url) if method == "GET" else client.submit(url, {})
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"], url


@pytest.mark.parametrize("url", ["/gesprekken/", "/gesprekken/afspraken", "/gesprekken/cijfers"])
def test_list_pages_use_constant_queries(app: Flask, client: Any, employee: User, url: str) -> None:
    empty = count_queries(app, client, url)
    kinds = list(WithWhom)
    for n in range(30):
        starts = NOW + dt.timedelta(days=n - 15)
        talk = make_talk(
            employee,
            starts,
            kinds[n % len(kinds)],
            goals=[("goal a", None), ("goal b", None)],
            evaluated_at=NOW if n < 15 else None,
            went_well=4,
        )
        make_agreement(
            employee,
            f"agreement {n}",
            due_on=starts.date(),
            done=n % 3 == 0,
            consult=talk if n % 2 else None,
        )
    full = count_queries(app, client, url)
    assert full == empty, (url, empty, full)
    print(url, empty)
