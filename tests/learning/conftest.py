"""Learning fixtures: a logged-in employee and a writable copy of the content folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from portal.auth.models import User
from portal.config import ROOT

LESSON = "/leren/jouw-situatie-in-beeld/scherpe-foto"
MODULE = "/leren/jouw-situatie-in-beeld/"


@pytest.fixture
def employee(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    """An employee, logged in on the test client."""
    user = make_user()
    login_as(user)
    return user


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """Return a copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file by `new`; return the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    position = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, position) + 1
