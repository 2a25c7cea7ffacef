"""Search the brochure: chapters whose title or text holds the words, ignoring accents."""

from __future__ import annotations

import unicodedata

from portal.brochure.content import Chapter, chapters


def fold(value: str) -> str:
    """Lower-case and strip accents, for accent-insensitive matching (é → e)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search(lang: str, query: str, context: int = 80) -> list[tuple[Chapter, str]]:
    """Find chapters whose title or text contains the query (ignoring case and accents).

    Returns (chapter, snippet) pairs, title matches first, then in reading order; the
    snippet is plain text around the first match in the text (or the first summary line).
    """
    needle = fold(" ".join(query.split()))
    if not needle:
        return []
    by_title: list[tuple[Chapter, str]] = []
    results: list[tuple[Chapter, str]] = []
    for item in chapters(lang):
        if needle in fold(item.title):
            by_title.append((item, item.summary[0]))
            continue
        text = " ".join(item.text.split())
        folded, positions = _folded_with_positions(text)
        found = folded.find(needle)
        if found < 0:
            continue
        start = positions[found]
        end = positions[min(found + len(needle), len(positions) - 1)]
        left, right = max(0, start - context), min(len(text), end + context)
        snippet = text[left:right].strip()
        results.append(
            (item, ("… " if left else "") + snippet + (" …" if right < len(text) else ""))
        )
    return by_title + results


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """Fold text and map each folded character back to its index in the original."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        chars.append(folded)
        positions.extend([index] * len(folded))
    positions.append(len(text))
    return "".join(chars), positions
