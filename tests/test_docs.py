"""The README documents every route and the stable interfaces."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_route_is_in_the_readme(app: Flask) -> None:
    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and f"`{rule.rule}`" not in README
    ]
    assert missing == [], "run bin/route-table and update the README"


def test_readme_starts_with_the_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    assert "make run" in head and "make test" in head
