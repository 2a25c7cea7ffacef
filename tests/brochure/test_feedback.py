"""'Was dit nuttig?' on a chapter: one answer per employee per chapter, changeable."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.feedback.models import Feedback, Subject

URL = "/werkwijzer/wie-doet-wat/nuttig"


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Feedback)) or 0


def test_employee_gives_and_changes_feedback(client: Any, make_user: Any, login_as: Any) -> None:
    user = make_user()
    login_as(user)
    assert 'id="nuttig"' in client.get("/werkwijzer/wie-doet-wat").get_data(as_text=True)
    response = client.submit(URL, {"rating": "8", "recommend": "9"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/werkwijzer/wie-doet-wat#nuttig")
    client.submit(URL, {"rating": "6", "recommend": "7"})
    stored = db.session.scalars(select(Feedback)).all()
    assert [(f.user_id, f.subject, f.subject_key, f.rating, f.recommend) for f in stored] == [
        (user.id, Subject.CHAPTER, "wie-doet-wat", 6, 7)
    ]
    page = client.get("/werkwijzer/wie-doet-wat").get_data(as_text=True)
    checked = re.findall(r'<input checked[^>]*name="(\w+)"[^>]*value="(\d+)"', page)
    assert checked == [("rating", "6"), ("recommend", "7")]  # the earlier answer is shown


@pytest.mark.parametrize(
    "data",
    [
        {"rating": "11", "recommend": "5"},
        {"rating": "0", "recommend": "5"},
        {"rating": "5", "recommend": "-1"},
        {"rating": "vijf", "recommend": "5"},
        {"rating": "5"},
        {},
    ],
)
def test_bad_feedback_is_refused_with_a_message(
    client: Any, make_user: Any, login_as: Any, data: dict[str, str]
) -> None:
    login_as(make_user())
    response = client.submit(URL, data)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Kijk dit even na" in body
    assert count() == 0


def test_unknown_chapter_is_404(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    response = client.submit("/werkwijzer/bestaat-niet/nuttig", {"rating": "5", "recommend": "5"})
    assert response.status_code == 404
    assert count() == 0


def test_only_employees_see_and_give_feedback(client: Any, make_user: Any, login_as: Any) -> None:
    assert 'id="nuttig"' not in client.get("/werkwijzer/wie-doet-wat").get_data(as_text=True)
    login_as(make_user(role="professional"))
    assert 'id="nuttig"' not in client.get("/werkwijzer/wie-doet-wat").get_data(as_text=True)
    assert client.submit(URL, {"rating": "5", "recommend": "5"}).status_code == 404
    assert count() == 0


def test_feedback_of_two_people_is_kept_apart(app: Any, make_user: Any) -> None:
    from portal.feedback.models import give_feedback, own_feedback

    a, b = make_user(), make_user()
    give_feedback(a.id, Subject.CHAPTER, "hulpbronnen", 9, 10)
    give_feedback(b.id, Subject.CHAPTER, "hulpbronnen", 4, 3)
    db.session.commit()
    mine = own_feedback(a.id, Subject.CHAPTER, "hulpbronnen")
    assert mine is not None and (mine.rating, mine.recommend) == (9, 10)


def test_each_person_sees_their_own_answer_in_their_own_language(app: Any, make_user: Any) -> None:
    """The radio buttons are rendered once and kept (portal.templating.radio_options): the
    kept markup must never carry one person's answer or language to another."""
    from portal.feedback.models import give_feedback
    from tests.conftest import Client, log_in

    a, b, c = make_user(), make_user(), make_user()
    give_feedback(a.id, Subject.CHAPTER, "wie-doet-wat", 9, 10)
    give_feedback(b.id, Subject.CHAPTER, "wie-doet-wat", 4, 3)
    db.session.commit()
    expected = {
        a.id: [("rating", "9"), ("recommend", "10")],
        b.id: [("rating", "4"), ("recommend", "3")],
        c.id: [],
    }
    app.test_client_class = Client
    for _round in range(2):  # the second round is served from the kept markup
        for user, lang, question in (
            (a, "nl", "Hoe nuttig"),
            (b, "en", "How useful"),
            (c, "nl", "Hoe nuttig"),
        ):
            client = log_in(app.test_client(), user)
            page = client.get(f"/werkwijzer/wie-doet-wat?lang={lang}").get_data(as_text=True)
            checked = re.findall(r'<input checked[^>]*name="(\w+)"[^>]*value="(\d+)"', page)
            assert checked == expected[user.id]
            assert question in page
            assert len(re.findall(r'type="radio"', page)) == 21
