"""Every exercise type: what is accepted, what is refused with a message, nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from portal.auth.models import User
from portal.db import db
from portal.learning import content
from portal.learning.exercises import read_answers
from portal.learning.models import ExerciseAnswer


def lesson_exercises(module: str, lesson: str) -> Any:
    found = content.module("nl", module)
    assert found is not None
    item = found.lesson(lesson)
    assert item is not None
    return item.exercises


CASES = [
    # (module, lesson, exercise id, posted, expected value or None, error expected)
    (
        "probleemaanpak",
        "wat-is-het-probleem",
        "probleem-eerste-zin",
        {"probleem-eerste-zin": " Te druk "},
        "Te druk",
        False,
    ),
    (
        "probleemaanpak",
        "wat-is-het-probleem",
        "probleem-eerste-zin",
        {"probleem-eerste-zin": "x" * 501},
        None,
        True,
    ),
    (
        "probleemaanpak",
        "wat-is-het-probleem",
        "probleem-eerste-zin",
        {"probleem-eerste-zin": "a\x00b"},
        None,
        True,
    ),
    (
        "jouw-situatie-in-beeld",
        "energie-en-belastbaarheid",
        "energie-wisseling",
        {"energie-wisseling": "5"},
        5,
        False,
    ),
    (
        "jouw-situatie-in-beeld",
        "energie-en-belastbaarheid",
        "energie-wisseling",
        {"energie-wisseling": "6"},
        None,
        True,
    ),
    (
        "jouw-situatie-in-beeld",
        "energie-en-belastbaarheid",
        "energie-wisseling",
        {"energie-wisseling": "-1"},
        None,
        True,
    ),
    (
        "probleemaanpak",
        "wie-kan-helpen",
        "wiens-probleem",
        {"wiens-probleem": "samen"},
        "samen",
        False,
    ),
    ("probleemaanpak", "wie-kan-helpen", "wiens-probleem", {"wiens-probleem": "baas"}, None, True),
    (
        "jouw-situatie-in-beeld",
        "energie-en-belastbaarheid",
        "herkenbare-beperkingen",
        {"herkenbare-beperkingen": ["wisselend", "duur"]},
        ["duur", "wisselend"],
        False,
    ),
    (
        "jouw-situatie-in-beeld",
        "energie-en-belastbaarheid",
        "herkenbare-beperkingen",
        {"herkenbare-beperkingen": ["duur", "vals"]},
        None,
        True,
    ),
    (
        "probleemaanpak",
        "wie-kan-helpen",
        "hulpbronnen",
        {"hulpbronnen": ["coach"]},
        ["coach"],
        False,
    ),
    ("probleemaanpak", "wie-kan-helpen", "hulpbronnen", {"hulpbronnen": ["<script>"]}, None, True),
    (
        "jouw-situatie-in-beeld",
        "scherpe-foto",
        "scherpe-foto",
        {
            "scherpe-foto-1-what": "Lezen",
            "scherpe-foto-1-can": "cannot",
            "scherpe-foto-1-example": "Na 10 min hoofdpijn",
        },
        [{"what": "Lezen", "example": "Na 10 min hoofdpijn", "can": False}],
        False,
    ),
    (
        "jouw-situatie-in-beeld",
        "scherpe-foto",
        "scherpe-foto",
        {"scherpe-foto-1-what": "Lezen"},
        None,
        True,
    ),
    (
        "jouw-situatie-in-beeld",
        "scherpe-foto",
        "scherpe-foto",
        {"scherpe-foto-0-what": "x" * 301, "scherpe-foto-0-can": "can"},
        None,
        True,
    ),
    (
        "jouw-situatie-in-beeld",
        "scherpe-foto",
        "scherpe-foto",
        {"scherpe-foto-9-what": "rij buiten bereik", "scherpe-foto-9-can": "can"},
        None,
        False,
    ),
    (
        "probleemaanpak",
        "werkblad",
        "probleem-werkblad",
        {"probleem-werkblad-first_step": "Mail"},
        {"problem": "", "whose": "", "helpers": "", "solutions": "", "first_step": "Mail"},
        False,
    ),
    (
        "probleemaanpak",
        "werkblad",
        "probleem-werkblad",
        {"probleem-werkblad-solutions": "x" * 1001},
        None,
        True,
    ),
    (
        "probleemaanpak",
        "werkblad",
        "stappenplan",
        {"stappenplan-3-who": "Ik"},
        [{"step": "", "when": "", "who": "Ik"}],
        False,
    ),
    ("probleemaanpak", "werkblad", "stappenplan", {"stappenplan-0-step": "x" * 201}, None, True),
]


@pytest.mark.parametrize(("module", "lesson", "exercise_id", "posted", "expected", "fails"), CASES)
def test_each_type_reads_or_refuses(
    app: Any,
    module: str,
    lesson: str,
    exercise_id: str,
    posted: dict[str, Any],
    expected: Any,
    fails: bool,
) -> None:
    with app.test_request_context():
        values, errors = read_answers(lesson_exercises(module, lesson), MultiDict(posted))
    if fails:
        assert errors.get(exercise_id)
    else:
        assert errors == {} and values[exercise_id] == expected


@pytest.mark.parametrize("case", [c for c in CASES if c[5]])
def test_a_bad_answer_stores_nothing_and_says_why(
    client: Any, employee: User, case: tuple[Any, ...]
) -> None:
    module, lesson, _exercise_id, posted, _expected, _fails = case
    response = client.submit(f"/leren/{module}/{lesson}?lang=en", posted)
    assert response.status_code == 400
    assert "Nothing was saved yet" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ExerciseAnswer)) == 0
