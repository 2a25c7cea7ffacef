"""Self-check scoring on hand-made answer sets, and the pages that store and show results."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.config import ROOT
from portal.db import db
from portal.learning import services
from portal.learning.models import SelfCheckResult
from portal.learning.selfchecks import (
    Domain,
    SelfChecks,
    Statement,
    load_selfchecks,
    low_domains,
    score_zelfmanagement,
    signal_topics,
    suggested_modules,
)

CHECKS = load_selfchecks(ROOT / "content")


def all_answers(value: int) -> dict[str, int]:
    return {statement_id: value for statement_id in CHECKS.statement_ids("zelfmanagement")}


def test_means_per_domain_on_hand_made_answers() -> None:
    answers = all_answers(4) | {
        "geinformeerd-stappen": 1,
        "geinformeerd-uitkering": 2,
        "geinformeerd-klachten": 2,
        "inzicht-kunnen": 5,
        "inzicht-grens": 2,
        "regelen-aanpakken": 3,
        "regelen-hulp": 2,
    }
    scores = score_zelfmanagement(CHECKS, answers)
    assert scores == {
        "geinformeerd": 1.7,
        "inzicht": 3.5,
        "communiceren": 4.0,
        "regelen": 2.5,
        "motivatie": 4.0,
    }
    assert [d.id for d in low_domains(CHECKS, scores)] == ["geinformeerd", "regelen"]
    assert suggested_modules(CHECKS, scores) == ["probleemaanpak"]


def test_exactly_three_is_not_low_and_all_low_suggests_each_module_once() -> None:
    assert low_domains(CHECKS, score_zelfmanagement(CHECKS, all_answers(3))) == []
    low = score_zelfmanagement(CHECKS, all_answers(1))
    assert set(low.values()) == {1.0}
    assert suggested_modules(CHECKS, low) == [
        "jouw-situatie-in-beeld",
        "erkenning-en-grenzen",
        "vertellen-wat-je-kunt",
        "gesprek-voorbereiden",
        "probleemaanpak",
        "zelfvertrouwen-en-eigen-regie",
        "herstel-en-werk",
    ]


def test_reverse_statements_are_turned() -> None:
    checks = SelfChecks(
        scale_min=1,
        scale_max=5,
        scale_labels={},
        low_below=3,
        domains=(
            Domain("d", {}, (Statement("a", {}), Statement("b", {}, reverse=True)), ("m",), ()),
        ),
        signals=(),
        sources=(),
        last_checked=CHECKS.last_checked,
    )
    assert score_zelfmanagement(checks, {"a": 5, "b": 5}) == {"d": 3.0}
    assert score_zelfmanagement(checks, {"a": 2, "b": 5}) == {"d": 1.5}
    assert suggested_modules(checks, {"d": 1.5}) == ["m"]


def test_signal_topics_for_yes_and_unsure() -> None:
    answers = {s.id: "no" for s in CHECKS.signals} | {
        "signaal-werk": "yes",
        "signaal-eerder": "unsure",
        "signaal-tijdpad": "yes",
    }
    topics = signal_topics(CHECKS, answers)
    assert [s.id for s in topics["yes"]] == ["signaal-tijdpad", "signaal-werk"]
    assert [s.id for s in topics["unsure"]] == ["signaal-eerder"]


def test_take_the_self_management_check_and_see_history(client: Any, employee: User) -> None:
    assert services.last_selfcheck(employee.id) is None
    page = client.get("/leren/zelfcheck/zelfmanagement").get_data(as_text=True)
    assert page.count('type="radio"') == 13 * 5
    form = {key: str(value) for key, value in all_answers(2).items()}
    response = client.submit("/leren/zelfcheck/zelfmanagement", form)
    assert response.status_code == 302
    result = db.session.scalar(select(SelfCheckResult))
    assert result is not None and json.loads(result.scores_json)["inzicht"] == 2.0
    assert "geinformeerd-stappen" not in (result.answers_sealed or "")
    shown = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Something to work on" in shown and "Module: Tackling a problem" in shown
    client.submit("/leren/zelfcheck/zelfmanagement", {k: "4" for k in form})
    overview = client.get("/leren/zelfcheck/").get_data(as_text=True)
    assert "<polyline" in overview and "style=" not in overview
    assert overview.count("<circle") == 2
    last = services.last_selfcheck(employee.id)
    assert last is not None and last["kind"] == "zelfmanagement"


@pytest.mark.parametrize("bad", ["0", "6", "", "vijf"])
def test_an_incomplete_or_forged_check_stores_nothing(
    client: Any, employee: User, bad: str
) -> None:
    form = {key: "3" for key in CHECKS.statement_ids("zelfmanagement")}
    form["inzicht-grens"] = bad
    response = client.submit("/leren/zelfcheck/zelfmanagement?lang=en", form)
    assert response.status_code == 400
    assert "Answer every statement" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SelfCheckResult)) == 0


def test_signals_check_says_it_is_not_a_diagnosis(client: Any, employee: User) -> None:
    form = {s.id: "no" for s in CHECKS.signals} | {"signaal-zorg": "yes"}
    response = client.submit("/leren/zelfcheck/signalen", form)
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "This is not a diagnosis" in page
    assert "Conflicting advice or waiting times" in page
    assert (
        client.submit("/leren/zelfcheck/signalen", {"signaal-zorg": "misschien"}).status_code == 400
    )
    assert client.get("/leren/zelfcheck/onbekend").status_code == 404


def test_another_persons_result_is_404(
    client: Any, make_user: Callable[..., User], login_as: Any
) -> None:
    owner = make_user()
    login_as(owner)
    form = {s.id: "unsure" for s in CHECKS.signals}
    location = client.submit("/leren/zelfcheck/signalen", form).headers["Location"]
    assert client.get(location).status_code == 200
    client.submit("/uitloggen")
    login_as(make_user())
    assert client.get(location).status_code == 404
    client.submit("/uitloggen")
    login_as(make_user(role="coach"))
    assert client.get(location).status_code == 404
