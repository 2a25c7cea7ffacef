"""One reader for the editorial content: YAML files and front matter, problems as `file:line`.

The brochure, the learning modules, the self-checks and the timeline all read their files
through `Reader`, so every problem a content editor meets reads the same way
(`brochure/03-wie-doet-wat.nl.md:4: unknown front matter key 'titel'`), and
`flask content check` lists all of them at once instead of stopping at the first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class ContentError(RuntimeError):
    """Raised when the content folder has problems; the message lists them all."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Reader:
    """Read files under one content folder, collecting problems instead of stopping."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []

    def where(self, path: Path) -> str:
        """Name a file as an editor finds it: relative to the content folder when inside it."""
        return str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)

    def problem(self, path: Path, line: int, message: str) -> None:
        """Record one problem at a 1-based line of a file."""
        self.problems.append(f"{self.where(path)}:{line}: {message}")

    def text(self, path: Path) -> str | None:
        """Return a file's text, or None (recorded) when it is missing or unreadable."""
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem(path, 1, "file missing")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(path, 1, f"cannot read file ({exc})")
        return None

    def yaml_document(
        self, path: Path, text: str, offset: int = 0
    ) -> tuple[Any, yaml.Node | None, dict[str, int]]:
        """Parse YAML; return the data, its node tree and the line of each top-level key.

        `offset` is the number of lines before `text` in the file (front matter).
        """
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 + offset if mark is not None else 1 + offset
            self.problem(path, line, f"invalid YAML: {getattr(exc, 'problem', None) or exc}")
            return None, None, {}
        lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key, _value in node.value:
                if key.value in lines:
                    self.problem(
                        path, key.start_mark.line + 1 + offset, f"duplicate key {key.value!r}"
                    )
                lines[str(key.value)] = key.start_mark.line + 1 + offset
        return data, node, lines

    def front_matter(
        self, path: Path, keys: tuple[str, ...]
    ) -> tuple[dict[str, Any], dict[str, int], yaml.Node, str, int] | None:
        """Read a Markdown file with front matter: (meta, key lines, node, body, body line).

        Every key in `keys` must be there and no other; the body's headings start at
        level 2, since the page title is the h1. None when there is a problem (recorded).
        """
        text = self.text(path)
        if text is None:
            return None
        parts = text.split("\n---\n", 1)
        if not text.startswith("---\n") or len(parts) != 2:
            self.problem(path, 1, "front matter missing: start and end it with a line '---'")
            return None
        head, body = parts[0][4:], parts[1]
        body_line = head.count("\n") + 4  # '---', the front matter lines, '---'
        meta, node, lines = self.yaml_document(path, head, offset=1)
        if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
            if node is not None or meta is not None:
                self.problem(path, 2, "front matter must be a list of 'key: value' lines")
            return None
        before = len(self.problems)
        for key in meta:
            if key not in keys:
                self.problem(path, lines.get(str(key), 2), f"unknown front matter key {key!r}")
        for key in keys:
            if meta.get(key) in (None, "", []):
                self.problem(path, lines.get(key, 1), f"front matter key {key!r} is missing")
        for heading in re.finditer(r"^# ", body, flags=re.MULTILINE):
            line = body_line + body.count("\n", 0, heading.start())
            self.problem(path, line, "headings start at level 2 (##): the page title is h1")
        if len(self.problems) > before:
            return None
        return meta, lines, node, body, body_line


def line_of(node: yaml.Node | None, *keys: str | int) -> int:
    """Return the 1-based line of a nested key or list item (the nearest found above it)."""
    if node is None:
        return 1
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
    return node.start_mark.line + 1
