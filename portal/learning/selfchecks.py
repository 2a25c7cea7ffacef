"""The self-checks: definitions from content/selfchecks.yaml and pure scoring functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.brochure.content import LANGUAGES
from portal.content_reader import ContentError, Reader, line_of

ZELFMANAGEMENT = "zelfmanagement"
SIGNALEN = "signalen"
KINDS = (ZELFMANAGEMENT, SIGNALEN)
#: The answers of the Signalen-check, in the order they are offered.
SIGNAL_ANSWERS = ("yes", "no", "unsure")


@dataclass(frozen=True)
class Statement:
    """One "I" statement; for a signal, also the topic to raise when it applies."""

    id: str
    text: dict[str, str]
    #: Zelfmanagement: score 6 - answer (agreeing is the less favourable answer).
    reverse: bool = False
    topic: dict[str, str] | None = None


@dataclass(frozen=True)
class Domain:
    """One of the five self-management domains of seed 002."""

    id: str
    title: dict[str, str]
    statements: tuple[Statement, ...]
    #: Slugs of modules and of Werkwijzer chapters that help in this domain.
    modules: tuple[str, ...]
    chapters: tuple[str, ...]


@dataclass(frozen=True)
class SelfChecks:
    """Both self-checks as the data file describes them."""

    scale_min: int
    scale_max: int
    scale_labels: dict[int, dict[str, str]]
    low_below: float
    domains: tuple[Domain, ...]
    signals: tuple[Statement, ...]
    sources: tuple[str, ...]
    last_checked: dt.date

    def statement_ids(self, kind: str) -> list[str]:
        """Return the ids of every statement of one check, in order."""
        if kind == ZELFMANAGEMENT:
            return [s.id for d in self.domains for s in d.statements]
        return [s.id for s in self.signals]


# --- scoring (pure) ------------------------------------------------------------------------


def score_zelfmanagement(checks: SelfChecks, answers: dict[str, int]) -> dict[str, float]:
    """Return the mean per domain on the scale (reverse items turned), rounded to 0.1."""
    top = checks.scale_min + checks.scale_max
    scores = {}
    for domain in checks.domains:
        values = [
            top - answers[s.id] if s.reverse else answers[s.id]
            for s in domain.statements
            if s.id in answers
        ]
        if values:
            scores[domain.id] = round(sum(values) / len(values), 1)
    return scores


def low_domains(checks: SelfChecks, scores: dict[str, float]) -> list[Domain]:
    """Return the domains scoring below the threshold, in the order of the check."""
    return [d for d in checks.domains if d.id in scores and scores[d.id] < checks.low_below]


def suggested_modules(checks: SelfChecks, scores: dict[str, float]) -> list[str]:
    """Return the module slugs suggested for the low domains, without repeats."""
    found: list[str] = []
    for domain in low_domains(checks, scores):
        found.extend(slug for slug in domain.modules if slug not in found)
    return found


def signal_topics(checks: SelfChecks, answers: dict[str, str]) -> dict[str, list[Statement]]:
    """Return the signals answered 'yes' and 'unsure' (topics to raise), in order."""
    return {
        answer: [s for s in checks.signals if answers.get(s.id) == answer]
        for answer in ("yes", "unsure")
    }


def parse_answers(checks: SelfChecks, kind: str, form: Any) -> tuple[dict[str, Any], list[str]]:
    """Read the posted answers; return (answers, ids of statements missing or invalid)."""
    answers: dict[str, Any] = {}
    missing = []
    for statement_id in checks.statement_ids(kind):
        raw = form.get(statement_id, "")
        if kind == SIGNALEN and raw in SIGNAL_ANSWERS:
            answers[statement_id] = raw
        elif (
            kind == ZELFMANAGEMENT
            and raw.isdigit()
            and (checks.scale_min <= int(raw) <= checks.scale_max)
        ):
            answers[statement_id] = int(raw)
        else:
            missing.append(statement_id)
    return answers, missing


# --- loading -------------------------------------------------------------------------------


def _texts(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if (
        not isinstance(value, dict)
        or set(value) != set(LANGUAGES)
        or not all(isinstance(v, str) and v.strip() for v in value.values())
    ):
        problems.append(f"{where}: needs text in exactly the languages {', '.join(LANGUAGES)}")
        return {}
    return {k: v.strip() for k, v in value.items()}


def _statement(item: Any, where: str, seen: set[str], problems: list[str]) -> Statement:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        problems.append(f"{where}: every statement needs an id")
        return Statement("", {})
    if item["id"] in seen:
        problems.append(f"{where}: statement id {item['id']!r} used twice")
    seen.add(item["id"])
    topic = (
        _texts(item["topic"], f"{where} {item['id']} topic", problems) if "topic" in item else None
    )
    return Statement(
        id=item["id"],
        text=_texts(item.get("text"), f"{where} {item['id']}", problems),
        reverse=item.get("reverse") is True,
        topic=topic,
    )


def load_selfchecks(content_dir: Path) -> SelfChecks:
    """Read content/selfchecks.yaml; raise ContentError with '<file>:<line>: message'."""
    reader = Reader(Path(content_dir))
    path = reader.root / "selfchecks.yaml"
    name = reader.where(path)
    text = reader.text(path)
    data, node, _lines = reader.yaml_document(path, text) if text is not None else (None, None, {})
    if reader.problems:
        raise ContentError(reader.problems)
    if not isinstance(data, dict):
        raise ContentError([f"{name}:1: must be a set of 'key: value' lines"])
    problems: list[str] = []
    seen: set[str] = set()
    scale = data.get("scale") or {}
    labels = {
        int(k): _texts(v, f"{name}:{line_of(node, 'scale')}: scale label {k}", problems)
        for k, v in (scale.get("labels") or {}).items()
        if isinstance(k, int)
    }
    domains = []
    for index, item in enumerate(data.get("domains") or []):
        where = f"{name}:{line_of(node, 'domains', index)}: domain"
        statements = tuple(
            _statement(s, where, seen, problems) for s in (item.get("statements") or [])
        )
        if not 2 <= len(statements) <= 3:
            problems.append(f"{where} {item.get('id')!r}: needs 2 or 3 statements")
        domains.append(
            Domain(
                id=str(item.get("id")),
                title=_texts(item.get("title"), f"{where} title", problems),
                statements=statements,
                modules=tuple(item.get("modules") or ()),
                chapters=tuple(item.get("chapters") or ()),
            )
        )
    signals = tuple(
        _statement(item, f"{name}:{line_of(node, 'signals', i)}: signal", seen, problems)
        for i, item in enumerate(data.get("signals") or [])
    )
    if len(domains) != 5:
        problems.append(f"{name}:{line_of(node, 'domains')}: the check needs the 5 domains")
    if len(signals) != 8 or any(s.topic is None for s in signals):
        problems.append(
            f"{name}:{line_of(node, 'signals')}: needs the 8 signals, each with a topic"
        )
    if labels.keys() != set(range(scale.get("min", 1), scale.get("max", 5) + 1)):
        problems.append(f"{name}:{line_of(node, 'scale')}: every scale value needs a label")
    if not isinstance(data.get("last_checked"), dt.date):
        problems.append(f"{name}:{line_of(node, 'last_checked')}: last_checked must be a date")
    if problems:
        raise ContentError(problems)
    return SelfChecks(
        scale_min=int(scale["min"]),
        scale_max=int(scale["max"]),
        scale_labels=labels,
        low_below=float(data.get("low_below", 3)),
        domains=tuple(domains),
        signals=signals,
        sources=tuple(data.get("sources") or ()),
        last_checked=data["last_checked"],
    )
