"""Catalog helpers: English is the msgid language, and catalogs are checked for gaps."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def fill_english(path: Path) -> int:
    """Copy each msgid to an empty msgstr in the English catalog; return how many."""
    catalog = _load(path)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string or ()):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, no_location=True)
    return filled


def catalog_problems(path: Path) -> list[str]:
    """List untranslated, fuzzy and placeholder-mismatched entries of a .po file."""
    problems = []
    for message in _load(path):
        if not message.id:
            continue
        ids = [str(i) for i in message.id] if isinstance(message.id, tuple) else [str(message.id)]
        raw = message.string
        strings = [str(s or "") for s in raw] if isinstance(raw, tuple | list) else [str(raw or "")]
        label = ids[0][:60]
        if message.fuzzy:
            problems.append(f"fuzzy: {label}")
        if not all(strings):
            problems.append(f"untranslated: {label}")
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ: {label}")
    return problems
