"""Find internal working references in editorial content, so none reaches a reader's screen.

Readers see real citations (authors, title, publisher or journal, year; a law by name and
article; a public page by publisher and title). They must never see the names of working
files, repository paths, line numbers, the content brief or the word "seed" that the
editors use among themselves. :func:`check` scans every content file the portal shows:
the brochure chapters and obstacles table, the learning modules and lessons, the
self-checks, the coach cards and the legal timeline (whose structure `flask content check`
checks through the one content reader). Editorial notes belong in docs/content-review.md.
"""

from __future__ import annotations

import re
from pathlib import Path

#: (pattern, what it is) pairs; a match anywhere in a shown file is a problem.
INTERNAL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bseeds?\b", re.IGNORECASE), "the word 'seed'"),
    (re.compile(r"\b\d{3}_[0-9a-f]{16}\b"), "a source file name"),
    (re.compile(r"CONTENT\.md", re.IGNORECASE), "the content brief"),
    (re.compile(r"\bresearch/", re.IGNORECASE), "a research notes path"),
    (
        re.compile(
            r"(?<![\w/])(?:content|portal|docs|tests|translations|bin|migrations)/[\w./-]+",
        ),
        "a repository path",
    ),
    (
        re.compile(r"\b[\w-]+(?:/[\w.-]+)*\.(?:txt|md|ya?ml|py|po|html|json|csv)\b"),
        "a file name",
    ),
    (re.compile(r"(?<![\w-])L\d+(?:\s*[–-]\s*L?\d+)?\b"), "a line number"),
)

#: Where the shown content lives, relative to the content folder.
SHOWN_FILES = (
    "brochure/*.md",
    "brochure/*.yaml",
    "modules/*/*.md",
    "coach/*.md",
    "selfchecks.yaml",
    "timeline.yaml",
)


#: Short function words that belong to one language only (none of them exists in the other).
STOP_WORDS = {
    "en": frozenset(
        [
            "the",
            "and",
            "you",
            "your",
            "are",
            "with",
            "for",
            "what",
            "this",
            "that",
            "not",
            "can",
            "do",
            "does",
            "be",
            "have",
            "has",
            "on",
            "at",
            "by",
            "from",
            "if",
            "or",
            "when",
            "will",
            "they",
            "their",
            "them",
            "it",
            "its",
            "which",
            "who",
            "about",
            "how",
            "there",
            "these",
            "those",
            "would",
            "should",
            "could",
            "into",
            "after",
            "before",
            "than",
            "then",
            "also",
            "only",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "je",
            "jij",
            "jouw",
            "van",
            "met",
            "voor",
            "wat",
            "dit",
            "dat",
            "niet",
            "kan",
            "kun",
            "kunt",
            "zijn",
            "heb",
            "hebt",
            "op",
            "aan",
            "bij",
            "uit",
            "als",
            "wanneer",
            "wordt",
            "ze",
            "hun",
            "naar",
            "ook",
            "maar",
            "dan",
            "om",
            "te",
            "er",
            "hoe",
            "jullie",
            "wie",
            "welke",
            "deze",
            "nog",
            "al",
            "geen",
            "zich",
            "wel",
            "mag",
            "moet",
        ]
    ),
}
#: A publication's year, e.g. "(2021)": the title may be in the publication's own language.
_PUBLICATION_YEAR = re.compile(r"\((?:19|20)\d{2}[),]")
_WORD = re.compile(r"[a-zA-ZÀ-ÿ']+")
_SOURCE_ITEM = re.compile(r'^\s*(?:-|nl:|en:)\s*"(?P<text>.*)"\s*$')


def words(text: str) -> list[str]:
    """Return the words of a text, lower-case, without quotes around them."""
    return [w.lower().strip("'") for w in _WORD.findall(text)]


def reads_as_other_language(text: str, lang: str) -> bool:
    """Return whether text reads as the other language than lang.

    It does when it holds at least three function words that only the other language has,
    and more than twice as many as of its own.
    """
    tokens = words(text)
    other = "en" if lang == "nl" else "nl"
    own = sum(t in STOP_WORDS[lang] for t in tokens)
    foreign = sum(t in STOP_WORDS[other] for t in tokens)
    return foreign >= 3 and foreign > 2 * own


def other_language(text: str, lang: str) -> bool:
    """Return whether a source line reads as the other language (citations with a year pass)."""
    return not _PUBLICATION_YEAR.search(text) and reads_as_other_language(text, lang)


def source_language_problems(path: Path, text: str, root: Path) -> list[str]:
    """Return a problem for each source line of a .nl/.en file in the other language.

    Checks the front-matter ``sources`` of chapters, modules and lessons, and the ``nl:`` and
    ``en:`` texts of each ``source`` in the timeline.
    """
    problems: list[str] = []
    lang = path.name.split(".")[-2] if path.suffix == ".md" else None
    in_sources = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if path.suffix == ".md":
            if stripped == "sources:" or (stripped.startswith("sources:") and line[0] != " "):
                in_sources = True
                continue
            if in_sources and not line.startswith("  "):
                in_sources = False
            if not in_sources or lang not in STOP_WORDS:
                continue
            line_lang = lang
        else:
            if stripped.startswith("source:"):
                in_sources = True
                continue
            if in_sources and not line.startswith("      "):
                in_sources = False
            if not in_sources or not stripped.startswith(("nl:", "en:")):
                continue
            line_lang = stripped[:2]
        match = _SOURCE_ITEM.match(line)
        if match and other_language(match["text"], line_lang):
            problems.append(
                f"{path.relative_to(root)}:{number}: source is not written in "
                f"{'Dutch' if line_lang == 'nl' else 'English'}; give readers the source in "
                "their language"
            )
    return problems


def internal_references(text: str) -> list[str]:
    """Return a description of each internal reference found in one line of text."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for pattern, what in INTERNAL_PATTERNS:
        for match in pattern.finditer(text):
            if any(start <= match.start() and match.end() <= end for start, end in spans):
                continue  # already reported as part of a longer reference
            spans.append(match.span())
            found.append(f"{what} ({match.group(0)!r})")
    return found


def shown_files(content_dir: Path) -> list[Path]:
    """Return every content file whose text can reach a reader, in a stable order."""
    files: set[Path] = set()
    for pattern in SHOWN_FILES:
        files.update(p for p in content_dir.glob(pattern) if p.name != "README.md")
    return sorted(files)


def check(content_dir: Path) -> list[str]:
    """Return '<file>:<line>: message' for each internal reference (empty: clean)."""
    root = Path(content_dir)
    problems: list[str] = []
    for path in shown_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the loaders report files that are not UTF-8
        if path.suffix == ".md" or path.name == "timeline.yaml":
            problems.extend(source_language_problems(path, text, root))
        for number, line in enumerate(text.splitlines(), start=1):
            for found in internal_references(line):
                problems.append(
                    f"{path.relative_to(root)}:{number}: names {found}; cite the real "
                    "publication, law or public page, and keep editorial notes in "
                    "docs/content-review.md"
                )
    return problems
