"""Load and validate the editorial content in content/brochure/, once per app.

Chapters are Markdown files ``NN-<slug>.<lang>.md`` with YAML front matter; the obstacles
table is ``obstacles.yaml``. Everything is checked at start-up: a broken file stops the app
(and ``flask content check`` lists every problem as ``<file>:<line>: message``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, current_app
from markupsafe import Markup

from portal.content_reader import ContentError, Reader
from portal.markdown import PARSER, plain_text, render_markdown

LANGUAGES = ("nl", "en")
CONDITIONS = ("whiplash", "me-cvs", "pds", "lage-rug", "psychisch")
FRONT_MATTER_KEYS = (
    "slug",
    "title",
    "order",
    "summary",
    "reading_minutes",
    "sources",
    "last_checked",
)
OBSTACLE_KEYS = ("id", "conditions", "source", "obstacle", "try", "ask")
OBSTACLE_TOP_KEYS = ("source_note", "last_checked", "rows")
#: Site paths a chapter may link to besides other chapters (the feature URLs in DESIGN.md).
INTERNAL_PREFIXES = (
    "/werkwijzer/",
    "/tijdlijn/",
    "/leren/",
    "/gesprekken/",
    "/logboek/",
    "/berichten/",
    "/delen/",
    "/account/",
    "/hulp",
    "/privacy",
)

_FILE_NAME = re.compile(r"^\d+-(?P<slug>[a-z0-9-]+)\.(?P<lang>[a-z]+)\.md$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Chapter:
    """One brochure chapter in one language."""

    lang: str
    slug: str
    title: str
    order: int
    summary: tuple[str, ...]
    reading_minutes: int
    sources: tuple[str, ...]
    last_checked: dt.date
    #: Sanitised HTML of the body, safe to output as is.
    html: Markup
    #: Plain text of the body, one block (paragraph, heading, list item) per line.
    text: str


@dataclass(frozen=True)
class Obstacle:
    """One row of the obstacles table in one language."""

    id: str
    conditions: tuple[str, ...]
    source: str
    obstacle: str
    to_try: str
    ask: str


@dataclass(frozen=True)
class Library:
    """All validated content of one content folder."""

    chapters: dict[str, tuple[Chapter, ...]]
    obstacles: dict[str, tuple[Obstacle, ...]]
    obstacles_checked: dt.date | None
    #: Fingerprint of the files, so derived artefacts (the PDF) can be cached safely.
    digest: str


# --- loading and validation ----------------------------------------------------------------


class _Loader(Reader):
    """Read every file of the brochure folder, collecting problems instead of stopping."""

    def __init__(self, content_dir: Path) -> None:
        super().__init__(content_dir)
        self.folder = content_dir / "brochure"
        #: Slugs by language as the file names give them, also for files with problems.
        self.file_slugs: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}

    def chapter(self, path: Path) -> Chapter | None:
        """Read one chapter file; None when it has problems (they are recorded)."""
        name = _FILE_NAME.match(path.name)
        if name is None or name["lang"] not in LANGUAGES:
            self.problem(path, 1, f"file name must be NN-<slug>.<{'|'.join(LANGUAGES)}>.md")
            return None
        self.file_slugs[name["lang"]].add(name["slug"])
        read = self.front_matter(path, FRONT_MATTER_KEYS)
        if read is None:
            return None
        meta, lines, _node, body, _body_line = read
        before = len(self.problems)
        values = self.chapter_values(path, meta, lines, name["slug"])
        if values is None or len(self.problems) > before:
            return None
        rendered = render_markdown(body)
        return Chapter(lang=name["lang"], html=rendered, text=plain_text(rendered), **values)

    def chapter_values(
        self, path: Path, meta: dict[str, Any], lines: dict[str, int], file_slug: str
    ) -> dict[str, Any] | None:
        """Check the types of the front matter values; None when one is wrong."""
        checks: list[tuple[str, bool, str]] = [
            (
                "slug",
                isinstance(meta["slug"], str) and bool(_SLUG.match(meta["slug"])),
                "must be lower-case words joined by '-'",
            ),
            ("title", isinstance(meta["title"], str), "must be text"),
            (
                "order",
                type(meta["order"]) is int and meta["order"] > 0,
                "must be a whole number above 0",
            ),
            (
                "summary",
                text_list(meta["summary"]),
                "must be a list of sentences (quote a sentence that contains ': ')",
            ),
            (
                "reading_minutes",
                type(meta["reading_minutes"]) is int and meta["reading_minutes"] > 0,
                "must be a whole number of minutes",
            ),
            (
                "sources",
                text_list(meta["sources"]),
                "must be a list of sources (quote a source that contains ': ')",
            ),
            (
                "last_checked",
                isinstance(meta["last_checked"], dt.date),
                "must be a date written as YYYY-MM-DD",
            ),
        ]
        failed = False
        for key, ok, message in checks:
            if not ok:
                self.problem(path, lines.get(key, 2), f"{key} {message}")
                failed = True
        if not failed and meta["slug"] != file_slug:
            self.problem(path, lines["slug"], f"slug {meta['slug']!r} differs from the file name")
            failed = True
        if failed:
            return None
        return {
            "slug": meta["slug"],
            "title": meta["title"].strip(),
            "order": meta["order"],
            "summary": tuple(s.strip() for s in meta["summary"]),
            "reading_minutes": meta["reading_minutes"],
            "sources": tuple(s.strip() for s in meta["sources"]),
            "last_checked": meta["last_checked"],
        }

    def check_set(self, found: dict[str, list[tuple[Path, Chapter]]]) -> None:
        """Check across files: duplicates, translations, internal links."""
        slugs = {lang: set(names) for lang, names in self.file_slugs.items()}
        for lang in LANGUAGES:
            seen_slug: dict[str, Path] = {}
            seen_order: dict[int, Path] = {}
            for path, chapter in found[lang]:
                if chapter.slug in seen_slug:
                    self.problem(
                        path, 2, f"slug {chapter.slug!r} also in {seen_slug[chapter.slug].name}"
                    )
                if chapter.order in seen_order:
                    self.problem(
                        path, 4, f"order {chapter.order} also in {seen_order[chapter.order].name}"
                    )
                seen_slug.setdefault(chapter.slug, path)
                seen_order.setdefault(chapter.order, path)
                for other in LANGUAGES:
                    if other != lang and chapter.slug not in slugs[other]:
                        self.problem(
                            path, 2, f"translation missing: no {other} file for {chapter.slug!r}"
                        )
                self.check_links(path, slugs[lang])

    def check_links(self, path: Path, slugs: set[str]) -> None:
        """Every internal link must point at a chapter or a feature of the portal."""
        text = path.read_text(encoding="utf-8")
        head, body = text[4:].split("\n---\n", 1)
        body_line = head.count("\n") + 4
        for token in PARSER.parse(body):
            for child in token.children or []:
                href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
                if not href.startswith("/"):
                    continue
                line = body_line + (token.map[0] if token.map else 0)
                target = href.split("#", 1)[0].split("?", 1)[0]
                if target.startswith("/werkwijzer/"):
                    slug = target.removeprefix("/werkwijzer/").strip("/")
                    if slug and slug not in slugs:
                        self.problem(path, line, f"link to unknown chapter {href!r}")
                elif not target.startswith(INTERNAL_PREFIXES):
                    self.problem(path, line, f"link to unknown page {href!r}")

    def obstacles(self, path: Path) -> tuple[dict[str, tuple[Obstacle, ...]], dt.date | None]:
        """Read obstacles.yaml: every row needs known conditions and both languages."""
        empty: dict[str, tuple[Obstacle, ...]] = {lang: () for lang in LANGUAGES}
        text = self.text(path)
        if text is None:
            return empty, None
        data, node, lines = self.yaml_document(path, text)
        if data is None:
            return empty, None
        if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
            self.problem(path, 1, "needs a list 'rows'")
            return empty, None
        for key in data:
            if key not in OBSTACLE_TOP_KEYS:
                self.problem(path, lines.get(str(key), 1), f"unknown key {key!r}")
        checked = data.get("last_checked")
        assert isinstance(node, yaml.MappingNode)  # parsed above: a mapping with 'rows'
        row_nodes = next(v for k, v in node.value if k.value == "rows").value
        rows: dict[str, list[Obstacle]] = {lang: [] for lang in LANGUAGES}
        seen: set[str] = set()
        for row, row_node in zip(data["rows"], row_nodes, strict=True):
            line = row_node.start_mark.line + 1
            parsed = self.obstacle_row(path, line, row, seen)
            for lang, obstacle in parsed.items():
                rows[lang].append(obstacle)
        return {lang: tuple(rows[lang]) for lang in LANGUAGES}, (
            checked if isinstance(checked, dt.date) else None
        )

    def obstacle_row(self, path: Path, line: int, row: Any, seen: set[str]) -> dict[str, Obstacle]:
        """Check one row; return it per language (empty when it has problems)."""
        before = len(self.problems)
        if not isinstance(row, dict):
            self.problem(path, line, "each row must be a set of 'key: value' lines")
            return {}
        row_id = row.get("id")
        for key in row:
            if key not in OBSTACLE_KEYS:
                self.problem(path, line, f"row {row_id}: unknown key {key!r}")
        for key in OBSTACLE_KEYS:
            if not row.get(key):
                self.problem(path, line, f"row {row_id}: {key!r} is missing")
        if len(self.problems) > before:
            return {}
        if str(row_id) in seen:
            self.problem(path, line, f"row {row_id}: id used twice")
        seen.add(str(row_id))
        conditions = row["conditions"]
        if not isinstance(conditions, list):
            conditions = [conditions]
        for condition in conditions:
            if condition not in CONDITIONS:
                self.problem(
                    path,
                    line,
                    f"row {row_id}: unknown condition {condition!r} "
                    f"(known: {', '.join(CONDITIONS)})",
                )
        for key in ("obstacle", "try", "ask"):
            value = row[key]
            for lang in LANGUAGES:
                if (
                    not isinstance(value, dict)
                    or not isinstance(value.get(lang), str)
                    or not value[lang].strip()
                ):
                    self.problem(path, line, f"row {row_id}: {key!r} missing language {lang!r}")
            if isinstance(value, dict):
                for lang in value:
                    if lang not in LANGUAGES:
                        self.problem(path, line, f"row {row_id}: {key!r} unknown language {lang!r}")
        if len(self.problems) > before:
            return {}
        return {
            lang: Obstacle(
                id=str(row_id),
                conditions=tuple(conditions),
                source=str(row["source"]),
                obstacle=row["obstacle"][lang].strip(),
                to_try=row["try"][lang].strip(),
                ask=row["ask"][lang].strip(),
            )
            for lang in LANGUAGES
        }

    def load(self) -> Library | None:
        """Read and check everything; None when there are problems."""
        if not self.folder.is_dir():
            self.problems.append(f"{self.folder}: folder missing")
            return None
        found: dict[str, list[tuple[Path, Chapter]]] = {lang: [] for lang in LANGUAGES}
        files = sorted(self.folder.glob("*.md"))
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
            chapter = self.chapter(path)
            if chapter is not None:
                found[chapter.lang].append((path, chapter))
        if not files:
            self.problems.append(f"{self.folder.relative_to(self.root)}: no chapters")
        self.check_set(found)
        obstacles_path = self.folder / "obstacles.yaml"
        if obstacles_path.is_file():
            digest.update(obstacles_path.read_bytes())
        obstacles, checked = self.obstacles(obstacles_path)
        if self.problems:
            return None
        return Library(
            chapters={
                lang: tuple(sorted((c for _p, c in found[lang]), key=lambda c: c.order))
                for lang in LANGUAGES
            },
            obstacles=obstacles,
            obstacles_checked=checked,
            digest=digest.hexdigest(),
        )


def text_list(value: Any) -> bool:
    """Return whether value is a non-empty list of non-blank strings (front-matter lists)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, str) and item.strip() for item in value)
    )


def check(content_dir: Path) -> list[str]:
    """Return every problem in the content folder as '<file>:<line>: message' (empty: ok)."""
    loader = _Loader(Path(content_dir))
    loader.load()
    return loader.problems


def load(content_dir: Path) -> Library:
    """Read and validate the content folder; raise ContentError listing every problem."""
    loader = _Loader(Path(content_dir))
    library = loader.load()
    if library is None:
        raise ContentError(loader.problems)
    return library


def init_content(app: Flask) -> None:
    """Load the content once at start-up; broken content stops the app from starting."""
    app.extensions["content"] = load(Path(app.config["CONTENT_DIR"]))


# --- queries -------------------------------------------------------------------------------


def library() -> Library:
    """Return the content of the current app."""
    loaded: Library = current_app.extensions["content"]
    return loaded


def chapters(lang: str) -> list[Chapter]:
    """Return the chapters in one language, in reading order."""
    return list(library().chapters.get(lang, ()))


def chapter(lang: str, slug: str) -> Chapter | None:
    """Return one chapter, or None when there is no chapter with this slug."""
    return next((c for c in chapters(lang) if c.slug == slug), None)


def obstacles(lang: str, condition: str | None = None) -> list[Obstacle]:
    """Return the obstacle rows in one language; only those for a condition when given."""
    rows = library().obstacles.get(lang, ())
    if condition is None:
        return list(rows)
    return [row for row in rows if condition in row.conditions]


def chapter_slugs(content_dir: Path) -> set[str]:
    """Return the chapter slugs the brochure's file names give (links from other content)."""
    names = (_FILE_NAME.match(path.name) for path in (content_dir / "brochure").glob("*.md"))
    return {name["slug"] for name in names if name is not None}
