"""The module loader: the real content is valid; broken copies give '<file>:<line>: message'."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.brochure.content import ContentError
from portal.config import ROOT
from portal.learning.content import MAX_MINUTES, check, load
from portal.learning.selfchecks import load_selfchecks
from tests.learning.conftest import edit

M1 = "modules/jouw-situatie-in-beeld"


def test_real_content_is_valid_in_both_languages() -> None:
    assert check(ROOT / "content") == []
    modules = load(ROOT / "content")
    assert [m.slug for m in modules["nl"]] == [m.slug for m in modules["en"]]
    for lang in ("nl", "en"):
        for module in modules[lang]:
            assert 3 <= len(module.lessons) <= 5
            for lesson in module.lessons:
                assert lesson.minutes <= MAX_MINUTES and lesson.exercises and lesson.sources
                for exercise in lesson.exercises:
                    assert set(exercise.prompt) == {"nl", "en"}
    load_selfchecks(ROOT / "content")


def test_lesson_too_long(content_copy: Path) -> None:
    path = content_copy / M1 / "03-scherpe-foto.nl.md"
    line = edit(path, "minutes: 6", "minutes: 9")
    assert check(content_copy) == [f"{M1}/03-scherpe-foto.nl.md:{line}: minutes must be 1 to 7"]


def test_missing_translation(content_copy: Path) -> None:
    (content_copy / M1 / "02-over-je-grens.en.md").unlink()
    assert check(content_copy) == [
        f"{M1}/02-over-je-grens.nl.md:2: translation missing: no en file for 'over-je-grens'"
    ]


def test_duplicate_exercise_id_in_a_module(content_copy: Path) -> None:
    edit(content_copy / M1 / "02-over-je-grens.nl.md", "id: grens-signalen", "id: scherpe-foto")
    problems = check(content_copy)
    assert len(problems) == 1
    assert problems[0].startswith(f"{M1}/")
    assert "exercise id 'scherpe-foto' also in lesson" in problems[0]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("type: can_cannot", "type: drawing", "type must be one of"),
        ("max_length: 300", "max_length: lots", "max_length must be a whole number"),
        ("    max_length: 300\n", "", "'max_length' is missing"),
        ("      en: What can you do", "      de: What can you do", "needs exactly the languages"),
        ("    rows: 6", "    rows: 6\n    colour: red", "unknown key 'colour'"),
    ],
)
def test_broken_exercise(content_copy: Path, old: str, new: str, message: str) -> None:
    path = content_copy / M1 / "03-scherpe-foto.nl.md"
    edit(path, old, new)
    problems = check(content_copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{M1}/03-scherpe-foto.nl.md:10: ")  # the exercise's line
    assert message in problems[0]


def test_broken_choices_and_scale(content_copy: Path) -> None:
    path = content_copy / M1 / "01-energie-en-belastbaarheid.nl.md"
    edit(path, "id: energie\n", "id: duur\n")
    edit(path, "      5: {nl: Heel sterk", "      8: {nl: Heel sterk")
    problems = "\n".join(check(content_copy))
    assert "option id 'duur' used twice" in problems
    assert "label for 8 is outside 1-5" in problems


def test_bad_yaml_and_exercises_in_the_english_file(content_copy: Path) -> None:
    edit(content_copy / M1 / "module.nl.md", "order: 1", "order: [1")
    edit(content_copy / M1 / "02-over-je-grens.en.md", "minutes: 5", "minutes: 5\nexercises: []")
    problems = check(content_copy)
    assert any(p.startswith(f"{M1}/module.nl.md:") and "invalid YAML" in p for p in problems)
    assert f"{M1}/02-over-je-grens.en.md:6: unknown front matter key 'exercises'" in problems


def test_load_raises_with_every_problem(content_copy: Path) -> None:
    edit(content_copy / M1 / "03-scherpe-foto.nl.md", "minutes: 6", "minutes: 0")
    with pytest.raises(ContentError) as raised:
        load(content_copy)
    assert "minutes must be 1 to 7" in str(raised.value)


def test_broken_selfchecks_file(content_copy: Path) -> None:
    path = content_copy / "selfchecks.yaml"
    edit(path, "      - id: inzicht-grens", "      - id: inzicht-kunnen")
    with pytest.raises(ContentError) as raised:
        load_selfchecks(content_copy)
    assert "selfchecks.yaml:" in str(raised.value) and "used twice" in str(raised.value)
