"""Brochure fixtures: a writable copy of the real content folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal.config import ROOT

CONTENT = ROOT / "content"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """Return a copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file by `new`; return the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    position = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, position) + 1
