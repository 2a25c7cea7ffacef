"""The figures page in Dutch (needs the merged catalog: fails until NL_EVALUATION is merged)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from portal.auth.models import Role, User
from portal.db import db
from portal.evaluation.models import Helped
from portal.feedback.models import Subject
from tests.evaluation.conftest import CHAPTER, feedback, helped, moment


def test_the_page_speaks_dutch_and_withholds_small_groups(
    app: Flask,
    client: Any,
    make_user: Callable[..., User],
    login_as: Callable[[User], Any],
    people: Callable[[int], list[User]],
) -> None:
    users = people(12)
    for user in users:
        helped(user, Helped.YES, moment(2))
    for user in users[:9]:
        feedback(user, Subject.CHAPTER, CHAPTER, 9, 9, moment(2))
    db.session.commit()
    login_as(make_user(role=Role.ADMIN))
    text = client.get("/admin/evaluatie/?lang=nl").get_data(as_text=True)
    assert "Evaluatiecijfers" in text
    assert "te weinig gegevens" in text
    assert "Eigen Regie hielp mijn doelen te bereiken: ja" in text
    assert "9,0" not in text  # the chapter of nine people has no number
