"""Load and validate the e-learning modules in content/modules/, once per app.

A module is a folder ``<slug>/`` with ``module.<lang>.md`` and lessons
``NN-<lesson-slug>.<lang>.md``; every file has YAML front matter. Exercises are declared
once, in the Dutch lesson file, with prompts in every language. Problems are reported as
``<file>:<line>: message`` (see content/modules/README.md for the format).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, current_app
from markupsafe import Markup

from portal.brochure.content import LANGUAGES, chapter_slugs, text_list
from portal.content_reader import ContentError, Reader
from portal.markdown import render_markdown

MAX_MINUTES = 7
MODULE_KEYS = ("slug", "title", "order", "summary", "sources", "last_checked")
LESSON_KEYS = ("slug", "title", "order", "minutes", "sources", "exercises")
#: Extra keys each exercise type needs (besides id, type, prompt) and may have.
TYPE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "free_text": (("max_length",), ("hint", "rows")),
    "scale": (("min", "max", "labels"), ("hint",)),
    "single_choice": (("options",), ("hint",)),
    "multiple_choice": (("options",), ("hint",)),
    "checklist": (("options",), ("hint",)),
    "can_cannot": (("max_length", "rows"), ("hint",)),
    "problem_worksheet": (("max_length",), ("hint",)),
    "step_plan": (("max_length", "rows"), ("hint",)),
}
MAX_TEXT = 5000
MAX_ROWS = 12

_LESSON_FILE = re.compile(r"^\d+-(?P<slug>[a-z0-9-]+)\.(?P<lang>[a-z]+)\.md$")
_MODULE_FILE = re.compile(r"^module\.(?P<lang>[a-z]+)\.md$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Option:
    """One choice of a choice or checklist exercise."""

    id: str
    label: dict[str, str]


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lesson; texts per language."""

    id: str
    type: str
    prompt: dict[str, str]
    hint: dict[str, str] | None = None
    max_length: int = 0
    minimum: int = 0
    maximum: int = 0
    #: Scale labels by value (only some values need one).
    labels: dict[int, dict[str, str]] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    #: Number of rows of a table exercise, or of lines of a free-text box.
    rows: int = 0


@dataclass(frozen=True)
class Lesson:
    """One lesson in one language; the exercises are shared by the languages."""

    slug: str
    title: str
    order: int
    minutes: int
    sources: tuple[str, ...]
    exercises: tuple[Exercise, ...]
    html: Markup


@dataclass(frozen=True)
class Module:
    """One module in one language, with its lessons in order."""

    slug: str
    title: str
    order: int
    summary: tuple[str, ...]
    sources: tuple[str, ...]
    last_checked: dt.date
    html: Markup
    lessons: tuple[Lesson, ...]

    def lesson(self, slug: str) -> Lesson | None:
        """Return the lesson with this slug, or None."""
        return next((item for item in self.lessons if item.slug == slug), None)


class _Loader(Reader):
    """Read every module folder, collecting problems instead of stopping at the first."""

    def __init__(self, content_dir: Path) -> None:
        super().__init__(content_dir)
        self.folder = content_dir / "modules"
        #: Lesson slugs per language of the module being read, as the file names give them.
        self.file_slugs: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}

    def common(self, path: Path, meta: dict[str, Any], lines: dict[str, int], slug: str) -> bool:
        """Check the keys modules and lessons share; False when one is wrong."""
        checks = [
            ("slug", meta["slug"] == slug, f"must be {slug!r}, as in the file or folder name"),
            ("title", isinstance(meta["title"], str), "must be text"),
            ("order", type(meta["order"]) is int and meta["order"] > 0, "must be a number > 0"),
            ("sources", text_list(meta["sources"]), "must be a list of sources"),
        ]
        ok = True
        for key, good, message in checks:
            if not good:
                self.problem(path, lines.get(key, 2), f"{key} {message}")
                ok = False
        return ok

    def module_file(self, path: Path, slug: str) -> dict[str, Any] | None:
        """Read module.<lang>.md; return the module's values or None."""
        parsed = self.front_matter(path, MODULE_KEYS)
        if parsed is None:
            return None
        meta, lines, _node, body, _line = parsed
        ok = self.common(path, meta, lines, slug)
        if not text_list(meta["summary"]):
            self.problem(path, lines["summary"], "summary must be a list of sentences")
            ok = False
        if not isinstance(meta["last_checked"], dt.date):
            self.problem(path, lines["last_checked"], "last_checked must be a date YYYY-MM-DD")
            ok = False
        if not ok:
            return None
        return {
            "slug": slug,
            "title": meta["title"].strip(),
            "order": meta["order"],
            "summary": tuple(s.strip() for s in meta["summary"]),
            "sources": tuple(s.strip() for s in meta["sources"]),
            "last_checked": meta["last_checked"],
            "html": render_markdown(body),
        }

    def lesson_file(self, path: Path, slug: str, lang: str) -> Lesson | None:
        """Read one lesson file; exercises only in the Dutch file."""
        keys = LESSON_KEYS if lang == "nl" else LESSON_KEYS[:-1]
        parsed = self.front_matter(path, keys)
        if parsed is None:
            return None
        meta, lines, node, body, _line = parsed
        ok = self.common(path, meta, lines, slug)
        minutes = meta["minutes"]
        if type(minutes) is not int or not 0 < minutes <= MAX_MINUTES:
            self.problem(path, lines["minutes"], f"minutes must be 1 to {MAX_MINUTES}")
            ok = False
        exercises: tuple[Exercise, ...] = ()
        if lang == "nl":
            value = next(v for k, v in node.value if k.value == "exercises")
            exercises = self.exercises(path, meta["exercises"], value)
            ok = ok and bool(exercises)
        if not ok:
            return None
        return Lesson(
            slug=slug,
            title=meta["title"].strip(),
            order=meta["order"],
            minutes=minutes,
            sources=tuple(s.strip() for s in meta["sources"]),
            exercises=exercises,
            html=render_markdown(body),
        )

    def exercises(self, path: Path, data: Any, node: Any) -> tuple[Exercise, ...]:
        """Check the exercise list; return it, or () when something is wrong."""
        if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
            self.problem(path, node.start_mark.line + 2, "exercises must be a list")
            return ()
        before = len(self.problems)
        found = [
            self.exercise(path, item, item_node.start_mark.line + 2)
            for item, item_node in zip(data, node.value, strict=True)
        ]
        if len(self.problems) > before:
            return ()
        return tuple(item for item in found if item is not None)

    def exercise(self, path: Path, item: Any, line: int) -> Exercise | None:
        """Check one exercise declaration."""
        if not isinstance(item, dict):
            self.problem(path, line, "each exercise must be a set of 'key: value' lines")
            return None
        ex_id, kind = item.get("id"), item.get("type")
        where = f"exercise {ex_id!r}"
        if not isinstance(ex_id, str) or not _SLUG.match(ex_id):
            self.problem(path, line, f"{where}: id must be lower-case words joined by '-'")
            return None
        if kind not in TYPE_KEYS:
            self.problem(path, line, f"{where}: type must be one of {', '.join(TYPE_KEYS)}")
            return None
        needed, optional = TYPE_KEYS[kind]
        before = len(self.problems)
        for key in item:
            if key not in ("id", "type", "prompt", *needed, *optional):
                self.problem(path, line, f"{where}: unknown key {key!r} for type {kind}")
        for key in ("prompt", *needed):
            if key not in item:
                self.problem(path, line, f"{where}: {key!r} is missing")
        if len(self.problems) > before:
            return None
        values: dict[str, Any] = {"id": ex_id, "type": kind}
        values["prompt"] = self.texts(path, line, f"{where} prompt", item["prompt"])
        if "hint" in item:
            values["hint"] = self.texts(path, line, f"{where} hint", item["hint"])
        if "max_length" in item:
            values["max_length"] = self.number(path, line, f"{where} max_length", item, 1, MAX_TEXT)
        if "rows" in item:
            values["rows"] = self.number(path, line, f"{where} rows", item, 1, MAX_ROWS)
        if kind == "scale":
            values["minimum"] = self.number(path, line, f"{where} min", item, 0, 10, "min")
            values["maximum"] = self.number(path, line, f"{where} max", item, 1, 10, "max")
            values["labels"] = self.scale_labels(path, line, where, item["labels"], values)
        if "options" in item:
            values["options"] = self.options(path, line, where, item["options"])
        if len(self.problems) > before:
            return None
        return Exercise(**values)

    def texts(self, path: Path, line: int, where: str, value: Any) -> dict[str, str]:
        """Check a text given in every language."""
        if not isinstance(value, dict) or set(value) != set(LANGUAGES):
            self.problem(path, line, f"{where} needs exactly the languages {', '.join(LANGUAGES)}")
            return {}
        if not all(isinstance(v, str) and v.strip() for v in value.values()):
            self.problem(path, line, f"{where} must be text in every language")
            return {}
        return {lang: str(text).strip() for lang, text in value.items()}

    def number(
        self,
        path: Path,
        line: int,
        where: str,
        item: dict[str, Any],
        low: int,
        high: int,
        key: str | None = None,
    ) -> int:
        """Check a whole number within a range."""
        value = item[key or where.rsplit(" ", 1)[1]]
        if type(value) is not int or not low <= value <= high:
            self.problem(path, line, f"{where} must be a whole number from {low} to {high}")
            return 0
        return value

    def scale_labels(
        self, path: Path, line: int, where: str, labels: Any, values: dict[str, Any]
    ) -> dict[int, dict[str, str]]:
        """Check the labels of a scale: keys are values within the range."""
        low, high = values["minimum"], values["maximum"]
        if low >= high:
            self.problem(path, line, f"{where}: min must be below max")
            return {}
        if not isinstance(labels, dict) or not labels:
            self.problem(path, line, f"{where}: labels must map scale values to texts")
            return {}
        result = {}
        for value, text in labels.items():
            if type(value) is not int or not low <= value <= high:
                self.problem(path, line, f"{where}: label for {value!r} is outside {low}-{high}")
                continue
            result[value] = self.texts(path, line, f"{where} label {value}", text)
        return result

    def options(self, path: Path, line: int, where: str, options: Any) -> tuple[Option, ...]:
        """Check the options of a choice exercise: unique ids, labels in every language."""
        if not isinstance(options, list) or len(options) < 2:
            self.problem(path, line, f"{where}: options must be a list of at least two")
            return ()
        found: list[Option] = []
        for option in options:
            if not isinstance(option, dict) or not _SLUG.match(str(option.get("id", ""))):
                self.problem(path, line, f"{where}: every option needs an id like 'some-id'")
                continue
            if any(o.id == option["id"] for o in found):
                self.problem(path, line, f"{where}: option id {option['id']!r} used twice")
            label = {k: v for k, v in option.items() if k != "id"}
            found.append(Option(option["id"], self.texts(path, line, where, label)))
        return tuple(found)

    def module(self, folder: Path) -> dict[str, Module] | None:
        """Read one module folder in every language."""
        slug = folder.name
        if not _SLUG.match(slug):
            self.problem(folder, 1, "folder name must be lower-case words joined by '-'")
            return None
        before = len(self.problems)
        heads: dict[str, dict[str, Any]] = {}
        lessons: dict[str, dict[str, tuple[Path, Lesson]]] = {lang: {} for lang in LANGUAGES}
        self.file_slugs = {lang: set() for lang in LANGUAGES}
        for path in sorted(folder.glob("*.md")):
            head, lesson = _MODULE_FILE.match(path.name), _LESSON_FILE.match(path.name)
            if head and head["lang"] in LANGUAGES:
                values = self.module_file(path, slug)
                if values is not None:
                    heads[head["lang"]] = values
            elif lesson and lesson["lang"] in LANGUAGES:
                self.file_slugs[lesson["lang"]].add(lesson["slug"])
                read = self.lesson_file(path, lesson["slug"], lesson["lang"])
                if read is not None:
                    lessons[lesson["lang"]][read.slug] = (path, read)
            else:
                self.problem(path, 1, "file name must be module.<lang>.md or NN-<slug>.<lang>.md")
        self.check_module(folder, heads, lessons)
        if len(self.problems) > before:
            return None
        shared = {slug: lesson.exercises for slug, (_p, lesson) in lessons["nl"].items()}
        return {
            lang: Module(
                **heads[lang],
                lessons=tuple(
                    sorted(
                        (_with_exercises(item, shared[key]) for key, (_p, item) in found.items()),
                        key=lambda item: item.order,
                    )
                ),
            )
            for lang, found in lessons.items()
        }

    def check_module(
        self,
        folder: Path,
        heads: dict[str, dict[str, Any]],
        lessons: dict[str, dict[str, tuple[Path, Lesson]]],
    ) -> None:
        """Check across the files of one module: languages, order, exercise ids."""
        for lang in LANGUAGES:
            if lang not in heads:
                self.problem(folder / f"module.{lang}.md", 1, "file missing or broken")
        if not self.file_slugs["nl"]:
            self.problem(folder, 1, "a module needs at least one lesson")
        for lang, found in lessons.items():
            orders: dict[int, str] = {}
            for key, (path, lesson) in found.items():
                for other in LANGUAGES:
                    if other != lang and key not in self.file_slugs[other]:
                        self.problem(path, 2, f"translation missing: no {other} file for {key!r}")
                if lesson.order in orders:
                    self.problem(
                        path, 2, f"order {lesson.order} also in lesson {orders[lesson.order]!r}"
                    )
                orders[lesson.order] = key
        seen: dict[str, str] = {}
        for key, (path, lesson) in lessons["nl"].items():
            for exercise in lesson.exercises:
                if exercise.id in seen:
                    self.problem(
                        path, 2, f"exercise id {exercise.id!r} also in lesson {seen[exercise.id]!r}"
                    )
                seen[exercise.id] = key

    def load(self) -> dict[str, tuple[Module, ...]] | None:
        """Read every module; None when there are problems."""
        if not self.folder.is_dir():
            self.problems.append("modules: folder missing")
            return None
        found: dict[str, list[Module]] = {lang: [] for lang in LANGUAGES}
        for folder in sorted(p for p in self.folder.iterdir() if p.is_dir()):
            read = self.module(folder)
            for lang, module in (read or {}).items():
                found[lang].append(module)
        if self.problems:
            return None
        return {lang: tuple(sorted(items, key=lambda m: m.order)) for lang, items in found.items()}


def _with_exercises(lesson: Lesson, exercises: tuple[Exercise, ...]) -> Lesson:
    return Lesson(**{**lesson.__dict__, "exercises": exercises})


def check(content_dir: Path) -> list[str]:
    """Return every problem in content/modules as '<file>:<line>: message' (empty: ok)."""
    loader = _Loader(Path(content_dir))
    loader.load()
    return loader.problems


def load(content_dir: Path) -> dict[str, tuple[Module, ...]]:
    """Read and validate the modules; raise ContentError listing every problem."""
    loader = _Loader(Path(content_dir))
    modules = loader.load()
    if modules is None:
        raise ContentError(loader.problems)
    return modules


def cross_links(
    content_dir: Path, checks: Any, modules: dict[str, tuple[Module, ...]]
) -> list[str]:
    """Return the self-checks' suggestions that point at no module or no brochure chapter."""
    known_modules = {item.slug for item in modules.get("nl", ())}
    known_chapters = chapter_slugs(content_dir)
    return [
        f"selfchecks.yaml:1: domain {domain.id!r} suggests unknown {kind} {slug!r}"
        for domain in checks.domains
        for kind, slugs, known in (
            ("module", domain.modules, known_modules),
            ("chapter", domain.chapters, known_chapters),
        )
        for slug in slugs
        if slug not in known
    ]


def init_learning(app: Flask) -> None:
    """Load the modules and self-checks once at start-up; broken content stops the app."""
    from portal.learning.selfchecks import load_selfchecks

    content_dir = Path(app.config["CONTENT_DIR"])
    loaded, checks = load(content_dir), load_selfchecks(content_dir)
    unknown = cross_links(content_dir, checks, loaded)
    if unknown:
        raise ContentError(unknown)
    app.extensions["learning"] = {"modules": loaded, "selfchecks": checks}


def _loaded() -> dict[str, Any]:
    loaded: dict[str, Any] = current_app.extensions["learning"]
    return loaded


def modules(lang: str) -> tuple[Module, ...]:
    """Return the modules in one language, in order."""
    found: tuple[Module, ...] = _loaded()["modules"].get(lang, ())
    return found


def module(lang: str, slug: str) -> Module | None:
    """Return one module, or None."""
    return next((item for item in modules(lang) if item.slug == slug), None)


def selfchecks() -> Any:
    """Return the self-check definitions (see portal.learning.selfchecks)."""
    return _loaded()["selfchecks"]
