"""Lessons, autosave, progress, module evaluation: the employee's own answers only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from portal.auth.models import User
from portal.db import db
from portal.feedback.models import Feedback, Subject
from portal.learning import services
from portal.learning.models import ExerciseAnswer, LessonProgress, ModuleRemark
from tests.conftest import count_queries
from tests.learning.conftest import LESSON, MODULE

PHOTO = {
    "scherpe-foto-0-what": "Boodschappen doen met de fiets",
    "scherpe-foto-0-can": "can",
    "scherpe-foto-0-example": "Daarna heb ik rust nodig",
    "scherpe-foto-2-what": "Vergaderen van twee uur",
    "scherpe-foto-2-can": "cannot",
    "scherpe-foto-2-example": "Ik raak de draad kwijt",
}


def answers() -> list[ExerciseAnswer]:
    return list(db.session.scalars(select(ExerciseAnswer)))


def test_pages_show_modules_and_a_lesson(client: Any, employee: User) -> None:
    index = client.get("/leren/?lang=en").get_data(as_text=True)
    assert "Your situation in focus" in index and "Tackling a problem" in index
    page = client.get(MODULE)
    assert page.status_code == 200 and "Was this useful?" in client.get(MODULE).get_data(
        as_text=True
    )
    lesson = client.get(LESSON).get_data(as_text=True)
    assert 'name="scherpe-foto-0-what"' in lesson and "data-autosave" in lesson
    assert client.get("/leren/onbekend/").status_code == 404
    assert client.get("/leren/jouw-situatie-in-beeld/onbekend").status_code == 404


def test_plain_post_saves_sealed_answers_and_they_come_back(
    client: Any, employee: User, app: Any
) -> None:
    response = client.submit(LESSON, {**PHOTO, "action": "save"})
    assert response.status_code == 302
    assert services.scherpe_foto(employee.id) == [
        {
            "what": "Boodschappen doen met de fiets",
            "example": "Daarna heb ik rust nodig",
            "can": True,
        },
        {"what": "Vergaderen van twee uur", "example": "Ik raak de draad kwijt", "can": False},
    ]
    row = answers()[0]
    assert "Boodschappen" not in (row.value_sealed or "")  # sealed at rest
    page = client.get(LESSON).get_data(as_text=True)
    assert 'value="Boodschappen doen met de fiets"' in page
    assert 'value="Ik raak de draad kwijt"' in page


def test_leaving_mid_lesson_keeps_every_word_and_emptying_removes_it(
    client: Any, employee: User
) -> None:
    client.submit(
        "/leren/probleemaanpak/wat-is-het-probleem",
        {
            "probleem-eerste-zin": "Mijn rooster past niet bij mijn energie.",
        },
    )
    # the person leaves (new page, other lesson), then comes back
    client.get("/leren/")
    page = client.get("/leren/probleemaanpak/wat-is-het-probleem").get_data(as_text=True)
    assert "Mijn rooster past niet bij mijn energie." in page
    client.submit("/leren/probleemaanpak/wat-is-het-probleem", {"probleem-eerste-zin": ""})
    assert answers() == []


def test_autosave_json_endpoint_with_csrf_header(client: Any, employee: User) -> None:
    token = client.csrf_token()
    url = "/leren/probleemaanpak/werkblad/autosave"
    response = client.post(
        url,
        data={
            "probleem-werkblad-problem": "Te veel prikkels",
            "stappenplan-0-step": "Pauze",
            "stappenplan-0-when": "Maandag",
            "stappenplan-0-who": "Ik",
        },
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200 and response.json["saved"] is True
    assert services.problem_worksheet(employee.id) == {
        "problem": "Te veel prikkels",
        "whose": "",
        "helpers": "",
        "solutions": "",
        "first_step": "",
    }
    assert services.step_plan(employee.id) == [{"step": "Pauze", "when": "Maandag", "who": "Ik"}]
    assert client.post(url, data={"probleem-werkblad-problem": "x"}).status_code == 400  # no CSRF
    too_long = client.post(
        url, data={"probleem-werkblad-problem": "x" * 1001}, headers={"X-CSRFToken": token}
    )
    assert too_long.status_code == 400 and "probleem-werkblad" in too_long.json["errors"]
    assert services.problem_worksheet(employee.id)["problem"] == "Te veel prikkels"


def test_mark_done_reopen_and_continue_where_you_were(client: Any, employee: User) -> None:
    assert services.continue_where_left(employee.id) is None
    client.submit("/leren/jouw-situatie-in-beeld/over-je-grens", {"grens-signalen": "prikkelbaar"})
    resume = services.continue_where_left(employee.id)
    assert resume is not None and resume["lesson"].slug == "over-je-grens"
    client.submit("/leren/jouw-situatie-in-beeld/over-je-grens", {"action": "done"})
    progress = db.session.scalar(select(LessonProgress))
    assert progress is not None and progress.done_at is not None
    resume = services.continue_where_left(employee.id)
    assert resume is not None and resume["lesson"].slug == "energie-en-belastbaarheid"
    assert resume["done_count"] == 1
    assert "Continue where you were" in client.get("/leren/?lang=en").get_data(as_text=True)
    client.submit("/leren/jouw-situatie-in-beeld/over-je-grens", {"action": "reopen"})
    db.session.expire_all()
    assert db.session.scalar(select(LessonProgress)).done_at is None


def test_module_evaluation_and_private_remark(client: Any, employee: User) -> None:
    url = "/leren/jouw-situatie-in-beeld/"
    assert client.submit(url + "nuttig", {"rating": "8", "recommend": "9"}).status_code == 302
    feedback = db.session.scalar(select(Feedback))
    assert feedback is not None and feedback.subject is Subject.MODULE
    assert feedback.subject_key == "jouw-situatie-in-beeld" and feedback.rating == 8
    assert client.submit(url + "nuttig", {"rating": "11", "recommend": "9"}).status_code == 400
    assert client.submit(url + "opmerking", {"remark": "Les 3 was fijn."}).status_code == 302
    remark = db.session.scalar(select(ModuleRemark))
    assert remark is not None and remark.remark == "Les 3 was fijn."
    assert "fijn" not in (remark.remark_sealed or "")
    assert "Les 3 was fijn." in client.get(url).get_data(as_text=True)
    assert client.submit(url + "opmerking", {"remark": "x" * 2001}).status_code == 400
    client.submit(url + "opmerking", {"remark": ""})
    assert db.session.scalar(select(func.count()).select_from(ModuleRemark)) == 0


def test_rating_and_remark_are_one_form_and_save_together(client: Any, employee: User) -> None:
    url = "/leren/jouw-situatie-in-beeld/"
    page = client.get(url).get_data(as_text=True)
    assert page.count("<form") - page.count('class="inline-form"') == 1  # besides log out
    both = {"rating": "7", "recommend": "6", "remark": "Rustig tempo."}
    assert client.submit(url + "opmerking", both).status_code == 302  # the remark's button
    feedback = db.session.scalar(select(Feedback))
    assert feedback is not None and (feedback.rating, feedback.recommend) == (7, 6)
    assert db.session.scalar(select(ModuleRemark.remark_sealed)) is not None
    client.submit(url + "nuttig", {"rating": "9", "recommend": "6", "remark": "Nog rustiger."})
    db.session.expire_all()
    assert db.session.scalar(select(Feedback.rating)) == 9
    assert db.session.scalar(select(ModuleRemark)).remark == "Nog rustiger."  # type: ignore[union-attr]
    # half a rating: nothing is saved, and the remark typed beside it comes back
    response = client.submit(url + "opmerking", {"rating": "3", "remark": "Toch niet."})
    assert response.status_code == 400
    assert "Toch niet." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(ModuleRemark)).remark == "Nog rustiger."  # type: ignore[union-attr]
    assert db.session.scalar(select(Feedback.rating)) == 9


def test_extra_fields_change_nothing_and_others_answers_stay_hidden(
    client: Any, make_user: Callable[..., User], login_as: Any
) -> None:
    other = make_user()
    login_as(other)
    client.submit(LESSON, {**PHOTO, "user_id": "1"})
    client.submit("/uitloggen")
    login_as(make_user())
    page = client.get(LESSON).get_data(as_text=True)
    assert "Boodschappen" not in page
    assert [row.user_id for row in answers()] == [other.id]


def test_index_module_and_lesson_pages_use_constant_queries(
    client: Any, employee: User, app: Any
) -> None:
    urls = ("/leren/", MODULE, LESSON, "/leren/probleemaanpak/werkblad")
    empty = {url: count_queries(app, client, url) for url in urls}
    client.submit(LESSON, {**PHOTO, "action": "done"})
    for lesson in ("energie-en-belastbaarheid", "over-je-grens"):
        client.submit(
            f"/leren/jouw-situatie-in-beeld/{lesson}",
            {
                "herkenbare-beperkingen": ["duur", "energie"],
                "energie-wisseling": "3",
                "grens-signalen": "slecht-slapen",
                "laatste-keer-over-grens": "Gisteren.",
                "action": "done",
            },
        )
    client.submit(
        "/leren/probleemaanpak/werkblad",
        {
            "probleem-werkblad-problem": "p",
            **{f"stappenplan-{i}-step": f"s{i}" for i in range(5)},
        },
    )
    assert len(answers()) >= 5
    full = {url: count_queries(app, client, url) for url in urls}
    assert full == empty, (empty, full)
    print("queries", full)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_exercise_shows_its_question(
    client: Any, make_user: Any, login_as: Any, lang: str
) -> None:
    """Each lesson page shows the prompt of every exercise it declares, in the page language."""
    from portal.learning import content as learning_content

    login_as(make_user())
    client.get(f"/?lang={lang}")
    for module in learning_content.modules(lang):
        for lesson in module.lessons:
            page = client.get(f"/leren/{module.slug}/{lesson.slug}").get_data(as_text=True)
            for exercise in lesson.exercises:
                prompt = str(escape(exercise.prompt[lang]))  # as Jinja escapes it
                assert prompt in page, f"{module.slug}/{lesson.slug}: {exercise.id}"
