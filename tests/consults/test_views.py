"""Planning, preparing in steps, looking back and agreements through the real pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.consults.models import Agreement, Consult, Goal, GoalResult, WithWhom
from portal.db import db
from tests.consults.conftest import NOW, make_agreement, make_talk

URL = "/gesprekken/"


def count(model: type) -> int:
    """Return the number of rows of a model."""
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def talk_of(consult_id: int) -> Consult:
    """Read a talk afresh."""
    db.session.expire_all()
    return db.session.get_one(Consult, consult_id)


PLAN = {"day": "2026-03-17", "time": "10:30", "with_whom": "bedrijfsarts", "place": ""}


def test_plan_a_talk_in_dutch_local_time(client: Any, employee: User) -> None:
    response = client.submit(URL + "nieuw", {**PLAN, "place": "https://video.example/room"})
    assert response.status_code == 302
    consult = db.session.scalars(select(Consult)).one()
    assert response.headers["Location"] == f"/gesprekken/{consult.id}"
    assert consult.user_id == employee.id
    assert consult.starts_at == dt.datetime(2026, 3, 17, 9, 30, tzinfo=dt.UTC)
    assert consult.with_whom is WithWhom.BEDRIJFSARTS
    assert "video.example" not in (consult.place_sealed or "")  # stored sealed
    page = client.get(f"/gesprekken/{consult.id}").get_data(as_text=True)
    assert "https://video.example/room" in page
    assert 'href="https://video.example' not in page  # shown as text, never a live link


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": "31-02-2026"}, "not a date we can read"),
        ({"day": "morgen"}, "not a date we can read"),
        ({"day": "2028-03-11"}, "between 1990 and two years from now"),
        ({"day": "1989-12-31"}, "between 1990 and two years from now"),
        ({"day": ""}, "Fill in the date of the talk."),
        ({"time": "25:99"}, "not a time we can read"),
        ({"with_whom": "werkgever"}, "Choose one of the options."),
        ({"place": "x" * 501}, "Use at most 500 characters."),
    ],
)
def test_bad_planning_input_is_refused_and_nothing_stored(
    client: Any, employee: User, changes: dict[str, str], message: str
) -> None:
    response = client.submit(URL + "nieuw", {**PLAN, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(Consult) == 0


def test_two_years_ahead_is_still_fine(client: Any, employee: User) -> None:
    assert client.submit(URL + "nieuw", {**PLAN, "day": "2028-03-10"}).status_code == 302


def test_extra_fields_change_nothing(client: Any, employee: User, make_user: Any) -> None:
    other = make_user()
    client.submit(URL + "nieuw", {**PLAN, "user_id": str(other.id), "evaluated_at": "x"})
    consult = db.session.scalars(select(Consult)).one()
    assert consult.user_id == employee.id and consult.evaluated_at is None


def test_each_step_saves_only_itself(client: Any, employee: User) -> None:
    consult = make_talk(employee)
    base = f"/gesprekken/{consult.id}/voorbereiden/"
    response = client.submit(
        base + "doelen", {"goal_1": "A plan for my hours", "goal_3": "Rest", "then": "next"}
    )
    assert response.headers["Location"] == base + "veranderd"
    client.submit(base + "veranderd", {"changed": "Started physiotherapy"})
    client.submit(
        base + "kunnen",
        {
            "can_do-0-what": "Computer work",
            "can_do-0-example": "30 min",
            "cannot_do-0-what": "Lifting",
            "cannot_do-0-example": "",
            "cannot_do-1-what": "",
            "cannot_do-1-example": "",
        },
    )
    client.submit(
        base + "voorstellen",
        {"proposals": "Start with mornings", "step_plan-0": "2 hours", "step_plan-2": "3 hours"},
    )
    client.submit(
        base + "vragen",
        {"suggested": ["second_look", "tell_employer"], "own-0": "Can I work from home?"},
    )
    client.submit(base + "prive", {"private_note": "My divorce"})
    client.submit(base + "meenemen", {"bring": ["card", "medication"]})
    saved = talk_of(consult.id)
    goals = db.session.scalars(select(Goal).order_by(Goal.position)).all()
    assert [(g.position, g.text) for g in goals] == [(1, "A plan for my hours"), (3, "Rest")]
    assert saved.changed == "Started physiotherapy"
    assert saved.can_do == [{"what": "Computer work", "example": "30 min"}]
    assert saved.cannot_do == [{"what": "Lifting", "example": ""}]
    assert (saved.proposals, saved.step_plan) == ("Start with mornings", ["2 hours", "3 hours"])
    assert saved.questions == [
        {"key": "tell_employer"},
        {"key": "second_look"},
        {"text": "Can I work from home?"},
    ]
    assert saved.private_note == "My divorce"
    assert saved.bring_keys == {"card", "medication"}
    # saving one step again leaves the others as they were
    client.submit(base + "veranderd", {"changed": ""})
    saved = talk_of(consult.id)
    assert saved.changed is None and saved.private_note == "My divorce" and count(Goal) == 2
    detail = client.get(f"/gesprekken/{consult.id}").get_data(as_text=True)
    assert detail.count("Filled in") == 6 and detail.count("Not yet") == 1


def test_goals_may_be_emptied_and_the_card_says_so(client: Any, employee: User) -> None:
    consult = make_talk(employee, goals=[("Old goal", None)])
    response = client.submit(f"/gesprekken/{consult.id}/voorbereiden/doelen", {"goal_1": ""})
    assert response.status_code == 302 and count(Goal) == 0
    assert "No goals yet." in client.get(f"/gesprekken/{consult.id}/kaart").get_data(as_text=True)


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("doelen", {"goal_1": "g" * 501}, "Use at most 500 characters."),
        ("veranderd", {"changed": "c" * 2001}, "Use at most 2000 characters."),
        ("kunnen", {"can_do-0-what": "w" * 501}, "Use at most 500 characters."),
        ("voorstellen", {"step_plan-0": "s\x00tep"}, "characters that are not allowed"),
        ("vragen", {"suggested": ["made_up"]}, "Choose one of the options."),
        ("meenemen", {"bring": ["passport"]}, "Choose one of the options."),
    ],
)
def test_bad_step_input_keeps_the_text_and_stores_nothing(
    client: Any, employee: User, step: str, data: dict[str, Any], message: str
) -> None:
    consult = make_talk(employee)
    response = client.submit(f"/gesprekken/{consult.id}/voorbereiden/{step}", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert "Nothing was saved yet" in page
    saved = talk_of(consult.id)
    assert count(Goal) == 0 and saved.changed_sealed is None and saved.can_do_sealed is None
    assert saved.step_plan_sealed is None and saved.questions_sealed is None
    assert saved.bring_along == ""


def test_an_unknown_step_is_404(client: Any, employee: User) -> None:
    consult = make_talk(employee)
    assert client.get(f"/gesprekken/{consult.id}/voorbereiden/iets").status_code == 404


def test_the_index_offers_unevaluated_talks_gently(client: Any, employee: User) -> None:
    make_talk(employee, NOW - dt.timedelta(days=2), WithWhom.UWV)
    make_talk(employee, NOW - dt.timedelta(days=20), WithWhom.COACH, evaluated_at=NOW)
    make_talk(employee, NOW + dt.timedelta(days=3), goals=[("g", None)])
    page = client.get(URL).get_data(as_text=True)
    assert "Look back, when it suits you" in page
    assert page.count("Look back on ") == 1 and "UWV" in page
    assert "Goals set" in page and "Looked back on" in page


def test_evaluation_waits_for_the_day_of_the_talk(client: Any, employee: User) -> None:
    consult = make_talk(employee, NOW + dt.timedelta(days=1))
    url = f"/gesprekken/{consult.id}/terugblik"
    assert client.get(url).status_code == 302
    client.submit(url, {"went_well": "4"})
    assert talk_of(consult.id).evaluated_at is None
    today = make_talk(employee, NOW + dt.timedelta(hours=3))  # later today: offered
    assert client.get(f"/gesprekken/{today.id}/terugblik").status_code == 200


def test_evaluate_a_talk(client: Any, employee: User) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1), goals=[("One", None), ("Two", None)])
    goals = db.session.scalars(select(Goal).order_by(Goal.position)).all()
    url = f"/gesprekken/{consult.id}/terugblik"
    assert "Goal 1: One" in client.get(url).get_data(as_text=True)
    response = client.submit(
        url,
        {
            f"goal_{goals[0].id}": "achieved",
            f"goal_{goals[1].id}": "partly",
            "went_well": "4",
            "felt_understood": "2",
            "eval_good": "Calm",
            "eval_differently": "Bring notes",
        },
    )
    assert response.status_code == 302
    saved = talk_of(consult.id)
    assert (saved.went_well, saved.felt_understood) == (4, 2)
    assert (saved.eval_good, saved.eval_differently) == ("Calm", "Bring notes")
    assert saved.evaluated_at == NOW
    results = db.session.scalars(select(Goal.result).order_by(Goal.position)).all()
    assert results == [GoalResult.ACHIEVED, GoalResult.PARTLY]


@pytest.mark.parametrize(
    "data",
    [
        {"went_well": "6"},
        {"went_well": "0"},
        {"felt_understood": "-1"},
        {"went_well": "abc"},
        {"eval_good": "x" * 2001},
    ],
)
def test_bad_evaluation_input_stores_nothing(
    client: Any, employee: User, data: dict[str, str]
) -> None:
    consult = make_talk(employee, NOW - dt.timedelta(days=1))
    response = client.submit(f"/gesprekken/{consult.id}/terugblik", data)
    assert response.status_code == 200
    assert "error-summary" in response.get_data(as_text=True)
    saved = talk_of(consult.id)
    assert saved.evaluated_at is None and saved.went_well is None and saved.eval_good is None


def test_another_employees_talk_and_agreement_answer_404(
    client: Any, employee: User, make_user: Any
) -> None:
    other = make_user()
    talk = make_talk(other, NOW - dt.timedelta(days=1), goals=[("theirs", None)])
    agreement = make_agreement(other)
    base = f"/gesprekken/{talk.id}"
    for url in (
        base,
        base + "/wijzigen",
        base + "/voorbereiden/doelen",
        base + "/kaart",
        base + "/kaart.pdf",
        base + "/werkgeversversie",
        base + "/terugblik",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        base + "/wijzigen",
        base + "/verwijderen",
        base + "/voorbereiden/doelen",
        base + "/voorbereiden/kunnen/overnemen",
        base + "/terugblik",
        base + "/afspraken",
        f"/gesprekken/afspraken/{agreement.id}/klaar",
        f"/gesprekken/afspraken/{agreement.id}/verwijderen",
    ):
        assert (
            client.submit(url, {"goal_1": "mine", "what": "x", "who": "me", **PLAN}).status_code
            == 404
        ), url
    db.session.expire_all()
    assert count(Consult) == 1 and count(Agreement) == 1
    assert db.session.get_one(Agreement, agreement.id).done_at is None
    assert [g.text for g in db.session.scalars(select(Goal))] == ["theirs"]


def test_edit_and_delete_a_talk(client: Any, employee: User) -> None:
    consult = make_talk(employee, goals=[("g", None)])
    agreement = make_agreement(employee, consult=consult)
    form = client.get(f"/gesprekken/{consult.id}/wijzigen").get_data(as_text=True)
    assert 'value="2026-03-17"' in form and 'value="10:00"' in form
    client.submit(
        f"/gesprekken/{consult.id}/wijzigen",
        {**PLAN, "with_whom": "other", "with_whom_other": "Huisarts"},
    )
    saved = talk_of(consult.id)
    assert saved.with_whom is WithWhom.OTHER and saved.with_whom_other == "Huisarts"
    client.submit(f"/gesprekken/{consult.id}/verwijderen")
    assert count(Consult) == 0 and count(Goal) == 0
    db.session.expire_all()
    assert db.session.get_one(Agreement, agreement.id).consult_id is None


def test_figures_page_shows_mine_next_to_the_pilot(client: Any, employee: User) -> None:
    page = client.get("/gesprekken/cijfers").get_data(as_text=True)
    assert "92%" in page and "not yet" in page
    make_talk(
        employee,
        NOW - dt.timedelta(days=1),
        goals=[("g", GoalResult.ACHIEVED)],
        went_well=5,
        felt_understood=3,
        evaluated_at=NOW,
    )
    page = client.get("/gesprekken/cijfers").get_data(as_text=True)
    assert "100%" in page and "1 of 1" in page and "0%" in page


def test_preferences_opt_in_and_quiet_hours(client: Any, employee: User) -> None:
    from portal.consults.models import ConsultPreferences

    assert (
        client.submit(
            "/gesprekken/herinneringen",
            {"wants_reminders": "y", "quiet_from": "22", "quiet_until": "7"},
        ).status_code
        == 302
    )
    prefs = db.session.get_one(ConsultPreferences, employee.id)
    assert (prefs.wants_reminders, prefs.quiet_from, prefs.quiet_until) == (True, 22, 7)
    response = client.submit("/gesprekken/herinneringen", {"quiet_from": "24", "quiet_until": "7"})
    assert response.status_code == 200 and "Choose one of the options." in response.get_data(
        as_text=True
    )


def test_copy_from_the_scherpe_foto_when_learning_has_one(
    client: Any, employee: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portal.learning import services as learning

    consult = make_talk(employee, can_do=[{"what": "Walk", "example": "20 min"}])
    url = f"/gesprekken/{consult.id}/voorbereiden/kunnen"
    monkeypatch.setattr(learning, "scherpe_foto", lambda user_id: None)
    assert "scherpe foto" not in client.get(url).get_data(as_text=True)
    rows = [
        {"what": "Walk", "example": "20 min", "can": True},
        {"what": "Read", "example": "an hour", "can": True},
        {"what": "Lift", "example": "5 kilo", "can": False},
    ]
    monkeypatch.setattr(learning, "scherpe_foto", lambda user_id: rows)
    assert "Copy from my" in client.get(url).get_data(as_text=True)
    assert client.submit(url + "/overnemen").status_code == 302
    saved = talk_of(consult.id)
    assert saved.can_do == [
        {"what": "Walk", "example": "20 min"},
        {"what": "Read", "example": "an hour"},
    ]
    assert saved.cannot_do == [{"what": "Lift", "example": "5 kilo"}]
