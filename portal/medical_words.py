"""Find medical words (symptoms, diagnoses, treatments) in text meant for an employer.

The list is a maintained data file, portal/data/medical-words.txt, in Dutch and English.
A word of five letters or more also matches the start of a longer word, so Dutch
compounds are found ("hoofdpijn" in "hoofdpijnklachten"); shorter words only whole.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "data" / "medical-words.txt"
#: Words at least this long also match as the start of a longer word.
PREFIX_FROM = 5


def load_words(path: Path = WORDS_FILE) -> tuple[str, ...]:
    """Return the words of the list, lower case, without comments and duplicates."""
    lines = path.read_text(encoding="utf-8").splitlines()
    words = (line.strip().lower() for line in lines)
    return tuple(dict.fromkeys(w for w in words if w and not w.startswith("#")))


@functools.cache
def _pattern() -> re.Pattern[str]:
    words = sorted(load_words(), key=len, reverse=True)
    parts = [re.escape(w) + (r"\w*" if len(w) >= PREFIX_FROM else r"(?!\w)") for w in words]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def find(text: str | None) -> list[str]:
    """Return the medical words found in a text, in order, each once."""
    if not text:
        return []
    return list(dict.fromkeys(m.group(0) for m in _pattern().finditer(text)))
