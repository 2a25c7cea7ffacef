"""Deny by default, proven for every route: the matrix in access_matrix.yaml × every role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask

from portal.auth.models import Role, User
from portal.security import PUBLIC, policy_of

MATRIX: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "access_matrix.yaml").read_text(encoding="utf-8")
)
ACTORS = ["anonymous", *[role.value for role in Role]]

#: Values for URL arguments; ids point at objects that do not exist.
SAMPLE_ARGS = {
    "link_id": 999_999,
    "user_id": 999_999,
    "answer": "accepteren",
    "action": "blokkeren",
    "token": "x" * 43,
    "slug": "ziek-en-toch-aan-zet",
    "step_id": "probleemanalyse",
    "module": "jouw-situatie-in-beeld",
    "lesson": "scherpe-foto",
    "kind": "zelfmanagement",
    "result_id": 999_999,
    "entry_id": 999_999,
    "day": "2024-03-04",
    "consult_id": 999_999,
    "agreement_id": 999_999,
    "step": "doelen",
    "message_id": 999_999,
    "checkin_id": 999_999,
    "share_id": 999_999,
    "entry_kind": "contact",
    "revision_id": 999_999,
    "ruler_id": 999_999,
    "suggestion_id": 999_999,
    "period_id": 999_999,
    "mark_id": 999_999,
    "advice_id": 999_999,
}


def rules(app: Flask) -> list[tuple[str, str, str, bool]]:
    """Return (endpoint, url, method, has_object_args) for every rule except static."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        args = {name: SAMPLE_ARGS[name] for name in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **args)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, url, method, bool(rule.arguments)))
    return found


def allowed(endpoint: str, actor: str) -> bool:
    """Read the matrix: may this actor reach this endpoint?"""
    entry = MATRIX[endpoint]
    return entry == "public" or actor in entry


def test_every_endpoint_is_in_the_matrix_and_declares_the_same_policy(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints - set(MATRIX) == set(), "endpoints missing from access_matrix.yaml"
    assert set(MATRIX) - endpoints == set(), "matrix lists endpoints that do not exist"
    for endpoint in endpoints:
        policy = policy_of(endpoint)
        assert policy is not None, f"{endpoint} declares no access policy"
        expected = MATRIX[endpoint]
        if expected == "public":
            assert policy == PUBLIC, endpoint
        else:
            assert policy == frozenset(Role(r) for r in expected), endpoint


def test_view_without_policy_is_refused(app: Flask, client: Any) -> None:
    def naked() -> str:
        return "secret"

    app.add_url_rule("/zonder-beleid", "naked", naked)
    assert client.get("/zonder-beleid").status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_matrix(
    actor: str, app: Flask, client: Any, make_user: Callable[..., User], login_as: Any
) -> None:
    if actor != "anonymous":
        login_as(make_user(role=actor))
    checked = 0
    for endpoint, url, method, has_object_args in rules(app):
        if endpoint == "auth.logout":
            continue  # logging out would end the session the rest of the loop needs
        response = client.get(url) if method == "GET" else client.submit(url, {})
        status, location = response.status_code, response.headers.get("Location", "")
        label = f"{actor} {method} {url} -> {status} {location}"
        if allowed(endpoint, actor):
            assert "/inloggen?" not in location, label
            assert status < 500, label
            if not has_object_args:
                assert status != 404, label
        elif actor == "anonymous":
            assert status == 302 and location.startswith("/inloggen"), label
        else:
            assert status == 404, label
        checked += 1
    assert checked >= len(MATRIX) - 1


def test_post_without_csrf_token_is_refused_everywhere(
    app: Flask, client: Any, make_user: Callable[..., User], login_as: Any
) -> None:
    login_as(make_user(role="admin"))
    for _endpoint, url, method, _ in rules(app):
        if method == "POST":
            response = client.post(url, data={})
            assert response.status_code == 400, url
            assert "verlopen" in response.get_data(as_text=True), url
