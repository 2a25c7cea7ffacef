"""Load the legal timeline data file and turn it into dated milestones for one employee.

Week convention: the first sick day is day 1 of week 1, so week N runs from
``first_day + 7 * (N - 1)`` to ``first_day + 7 * N - 1`` days.

Repeating milestones (``repeat_weeks``) expand into one :class:`DatedMilestone` per
occurrence, up to week 104. Each occurrence keeps a reference to the same
:class:`Milestone`; ``occurrence`` counts from 1 and :attr:`DatedMilestone.id` is the
milestone id for the first occurrence and ``"<id>-2"``, ``"<id>-3"``, ... after that.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from flask import Flask, current_app

from portal import clock
from portal.auth.models import EmployeeProfile, User
from portal.brochure.content import chapter_slugs
from portal.content_reader import ContentError, Reader, line_of
from portal.db import db

MAX_WEEK = 104
EARLIEST_FIRST_DAY = date(1990, 1, 1)

KINDS = ("law", "good-practice", "any-time", "proposal")
#: Kinds without a week range: shown under "at any time" (a proposal is not law yet).
UNDATED_KINDS = ("any-time", "proposal")
ACTORS = ("employee", "employer", "bedrijfsarts", "both", "uwv")
ANCHORS = ("start", "end")
LANGUAGES = ("nl", "en")

Status = Literal["past", "current", "next", "upcoming"]

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_LEVEL_KEYS = ("checked", "day_one_note", "milestones")
_REQUIRED_FIELDS = ("id", "kind", "actor", "title", "what", "prepare", "chapter", "source")
_TEXT_FIELDS = ("title", "what", "prepare")
_WEEK_FIELDS = ("start_week", "end_week")
_OPTIONAL_FIELDS = ("at", "range_note", "repeat_weeks")
_KNOWN_FIELDS = frozenset(_REQUIRED_FIELDS + _WEEK_FIELDS + _OPTIONAL_FIELDS)


class TimelineError(ContentError):
    """Raised when the timeline data file is missing, unreadable or invalid (every problem)."""


class _Invalid(ValueError):
    """One problem in one place of the timeline file; load_timeline adds the file and line."""


@dataclass(frozen=True)
class Milestone:
    """One step of the timeline as written in the data file."""

    id: str
    kind: str
    actor: str
    title: dict[str, str]
    what: dict[str, str]
    prepare: dict[str, str]
    chapter: str
    #: Where the reader can check this step, per language (a citation, never a file path).
    sources: dict[str, str]
    start_week: int | None = None
    end_week: int | None = None
    at: str = "end"
    range_note: dict[str, str] | None = None
    repeat_weeks: int | None = None

    @property
    def source(self) -> str:
        """Return the source in the language of the current request (Dutch outside one)."""
        return self.sources[_language()]


def _language() -> str:
    """Return the current interface language, or Dutch when there is no request."""
    from flask import has_request_context

    if has_request_context():
        from portal.i18n import current_language

        language = str(current_language())
        if language in LANGUAGES:
            return language
    return "nl"


@dataclass(frozen=True)
class DatedMilestone:
    """One occurrence of a milestone placed on the calendar of one absence."""

    milestone: Milestone
    start_week: int
    end_week: int
    starts_on: date
    ends_on: date
    due_on: date
    status: Status
    occurrence: int = 1

    @property
    def id(self) -> str:
        """Return the milestone id, suffixed with the occurrence number from the second on."""
        if self.occurrence == 1:
            return self.milestone.id
        return f"{self.milestone.id}-{self.occurrence}"


@dataclass(frozen=True)
class Timeline:
    """The whole validated data file."""

    path: Path
    checked: date
    day_one_note: dict[str, str]
    milestones: tuple[Milestone, ...]

    @property
    def dated(self) -> tuple[Milestone, ...]:
        """Return the milestones that sit in a week range."""
        return tuple(m for m in self.milestones if m.kind not in UNDATED_KINDS)

    @property
    def any_time(self) -> tuple[Milestone, ...]:
        """Return the milestones that can happen at any moment."""
        return tuple(m for m in self.milestones if m.kind in UNDATED_KINDS)

    def get(self, milestone_id: str) -> Milestone | None:
        """Return the milestone with this id, or None."""
        return next((m for m in self.milestones if m.id == milestone_id), None)


def week_start(first_day: date, week: int) -> date:
    """Return the first day of absence week ``week`` (week 1 starts on the first sick day)."""
    _check_week_number(week)
    return first_day + timedelta(days=7 * (week - 1))


def week_end(first_day: date, week: int) -> date:
    """Return the last day of absence week ``week`` (day 7 * week)."""
    _check_week_number(week)
    return first_day + timedelta(days=7 * week - 1)


def absence_week(first_day: date, today: date) -> int | None:
    """Return the absence week ``today`` falls in, or None before the first sick day."""
    if today < first_day:
        return None
    return (today - first_day).days // 7 + 1


def validate_first_day(value: date, today: date) -> str | None:
    """Return an error code ("future", "too_old") for an unusable first sick day, else None."""
    if value > today:
        return "future"
    if value < EARLIEST_FIRST_DAY:
        return "too_old"
    return None


def schedule(timeline: Timeline, first_day: date, today: date) -> list[DatedMilestone]:
    """Return the dated milestones of one absence, sorted by due date, with their status."""
    placed = [
        _place(milestone, occurrence, start, end, first_day)
        for milestone in timeline.dated
        for occurrence, (start, end) in enumerate(_occurrence_weeks(milestone), start=1)
    ]
    placed.sort(key=lambda item: (item[3], item[1], item[0].id, item[4]))
    result: list[DatedMilestone] = []
    next_given = False
    for milestone, starts_on, ends_on, due_on, occurrence, start, end in placed:
        status: Status
        if ends_on < today:
            status = "past"
        elif starts_on <= today:
            status = "current"
        elif not next_given:
            status = "next"
            next_given = True
        else:
            status = "upcoming"
        result.append(
            DatedMilestone(
                milestone=milestone,
                start_week=start,
                end_week=end,
                starts_on=starts_on,
                ends_on=ends_on,
                due_on=due_on,
                status=status,
                occurrence=occurrence,
            )
        )
    return result


def load_timeline(path: Path, chapters: Collection[str] | None = None) -> Timeline:
    """Read and validate the timeline data file; raise TimelineError listing every problem.

    `chapters` are the brochure chapter slugs a milestone may link to; by default those of
    the brochure folder beside the file. Each problem reads `<file>:<line>: message`.
    """
    reader = Reader(path.parent)
    known = set(chapter_slugs(path.parent) if chapters is None else chapters)
    text = reader.text(path)
    raw, node, lines = reader.yaml_document(path, text) if text is not None else (None, None, {})

    def problem(line: int, message: str) -> None:
        reader.problems.append(f"{path}:{line}: {message}")

    if not reader.problems and not isinstance(raw, Mapping):
        problem(1, f"the file must be a mapping with {_TOP_LEVEL_KEYS}")
    if reader.problems or not isinstance(raw, Mapping):
        raise TimelineError([f"{path}:{found.split(':', 1)[1]}" for found in reader.problems])
    for key in _TOP_LEVEL_KEYS:
        if key not in raw:
            problem(1, f"field '{key}' is missing")
    checked = raw.get("checked")
    if "checked" in raw and (not isinstance(checked, date) or isinstance(checked, datetime)):
        problem(lines["checked"], "field 'checked' must be a date like 2026-11-22")
    day_one_note: dict[str, str] = {}
    if "day_one_note" in raw:
        try:
            day_one_note = _bilingual(raw["day_one_note"], "field 'day_one_note'")
        except _Invalid as exc:
            problem(lines["day_one_note"], str(exc))
    items = raw.get("milestones")
    if "milestones" in raw and (not isinstance(items, list) or not items):
        problem(lines["milestones"], "field 'milestones' must be a non-empty list")
        items = []
    milestones: list[Milestone] = []
    seen: set[str] = set()
    for index, item in enumerate(items or [], start=1):
        line = line_of(node, "milestones", index - 1)
        try:
            milestone = _milestone(item, index, known)
        except _Invalid as exc:
            problem(line, str(exc))
            continue
        if milestone.id in seen:
            problem(line, f"milestone '{milestone.id}': field 'id' is a duplicate")
        seen.add(milestone.id)
        milestones.append(milestone)
    if reader.problems:
        raise TimelineError(reader.problems)
    assert isinstance(checked, date)  # checked above
    return Timeline(
        path=path, checked=checked, day_one_note=day_one_note, milestones=tuple(milestones)
    )


def _check_week_number(week: int) -> None:
    """Refuse week numbers below 1, which have no calendar meaning."""
    if week < 1:
        raise ValueError(f"absence weeks start at 1, got {week}")


def _occurrence_weeks(milestone: Milestone) -> list[tuple[int, int]]:
    """Return (start_week, end_week) for every occurrence of a dated milestone."""
    if milestone.start_week is None or milestone.end_week is None:
        raise ValueError(f"milestone {milestone.id!r} has no week range")
    start, end = milestone.start_week, milestone.end_week
    weeks = [(start, end)]
    if milestone.repeat_weeks:
        step = milestone.repeat_weeks
        while end + step <= MAX_WEEK:
            start, end = start + step, end + step
            weeks.append((start, end))
    return weeks


def _place(
    milestone: Milestone, occurrence: int, start: int, end: int, first_day: date
) -> tuple[Milestone, date, date, date, int, int, int]:
    """Return the calendar dates of one occurrence, ready to sort."""
    starts_on = week_start(first_day, start)
    ends_on = week_end(first_day, end)
    due_on = starts_on if milestone.at == "start" else ends_on
    return milestone, starts_on, ends_on, due_on, occurrence, start, end


def _bilingual(value: Any, where: str) -> dict[str, str]:
    """Return a {nl, en} text mapping, or raise naming the missing language."""
    if not isinstance(value, Mapping):
        raise _Invalid(f"{where} must have 'nl' and 'en' texts")
    texts: dict[str, str] = {}
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise _Invalid(f"{where} is missing the '{language}' text")
        texts[language] = text.strip()
    return texts


def _week(value: Any, where: str) -> int:
    """Return a week number in 1..104, or raise."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Invalid(f"{where} must be a whole number of weeks")
    if not 1 <= value <= MAX_WEEK:
        raise _Invalid(f"{where} must be between 1 and {MAX_WEEK}, got {value}")
    return value


def _choice(value: Any, options: tuple[str, ...], where: str) -> str:
    """Return ``value`` if it is one of ``options``, or raise listing them."""
    if value not in options:
        raise _Invalid(f"{where} is {value!r}; expected one of {', '.join(options)}")
    return str(value)


def _milestone(item: Any, index: int, chapters: set[str]) -> Milestone:
    """Validate one entry of the milestones list."""
    if not isinstance(item, Mapping):
        raise _Invalid(f"milestone #{index} must be a mapping")
    raw_id = item.get("id")
    if not isinstance(raw_id, str) or not _ID_PATTERN.match(raw_id):
        label = f"milestone #{index}" if raw_id is None else f"milestone {raw_id!r}"
        problem = "is missing" if raw_id is None else "must be kebab-case"
        raise _Invalid(f"{label}: field 'id' {problem}")
    prefix = f"milestone '{raw_id}': field"
    for field in _REQUIRED_FIELDS:
        if field not in item:
            raise _Invalid(f"{prefix} '{field}' is missing")
    unknown = sorted(set(item) - _KNOWN_FIELDS)
    if unknown:
        raise _Invalid(f"{prefix} '{unknown[0]}' is unknown")
    kind = _choice(item["kind"], KINDS, f"{prefix} 'kind'")
    actor = _choice(item["actor"], ACTORS, f"{prefix} 'actor'")
    chapter = _choice(item["chapter"], tuple(sorted(chapters)), f"{prefix} 'chapter'")
    at = _choice(item.get("at", "end"), ANCHORS, f"{prefix} 'at'")
    texts = {field: _bilingual(item[field], f"{prefix} '{field}'") for field in _TEXT_FIELDS}
    sources = _bilingual(item["source"], f"{prefix} 'source'")
    range_note = None
    if "range_note" in item:
        range_note = _bilingual(item["range_note"], f"{prefix} 'range_note'")

    start_week = end_week = repeat_weeks = None
    if kind in UNDATED_KINDS:
        for field in (*_WEEK_FIELDS, "at", "repeat_weeks"):
            if field in item:
                raise _Invalid(f"{prefix} '{field}' is not allowed for kind {kind}")
    else:
        for field in _WEEK_FIELDS:
            if field not in item:
                raise _Invalid(f"{prefix} '{field}' is missing")
        start_week = _week(item["start_week"], f"{prefix} 'start_week'")
        end_week = _week(item["end_week"], f"{prefix} 'end_week'")
        if end_week < start_week:
            raise _Invalid(
                f"{prefix} 'end_week' ({end_week}) is before 'start_week' ({start_week})"
            )
        if "repeat_weeks" in item:
            repeat_weeks = _week(item["repeat_weeks"], f"{prefix} 'repeat_weeks'")
    return Milestone(
        id=raw_id,
        kind=kind,
        actor=actor,
        title=texts["title"],
        what=texts["what"],
        prepare=texts["prepare"],
        chapter=chapter,
        sources=sources,
        start_week=start_week,
        end_week=end_week,
        at=at,
        range_note=range_note,
        repeat_weeks=repeat_weeks,
    )


# --- the timeline in the app ---------------------------------------------------------------


def init_timeline(app: Flask) -> None:
    """Load the timeline once at start-up, its chapter links checked against the brochure."""
    content_dir = Path(app.config["CONTENT_DIR"])
    app.extensions["timeline"] = load_timeline(content_dir / "timeline.yaml")


def get_timeline() -> Timeline:
    """Return the timeline the app loaded at start-up."""
    timeline: Timeline = current_app.extensions["timeline"]
    return timeline


def next_step(items: list[DatedMilestone]) -> DatedMilestone | None:
    """Return the first milestone that has not started yet."""
    return next((item for item in items if item.status == "next"), None)


def home_summary(user: User) -> dict[str, Any] | None:
    """Return {week, next} for the home page, or None when no first sick day is set.

    ``week`` is the absence week today falls in (None if the first day is still ahead),
    ``next`` the next :class:`DatedMilestone` (None after the last one).
    """
    profile = db.session.get(EmployeeProfile, user.id)
    if profile is None or profile.sick_since is None:
        return None
    items = schedule(get_timeline(), profile.sick_since, clock.today())
    return {"week": absence_week(profile.sick_since, clock.today()), "next": next_step(items)}
