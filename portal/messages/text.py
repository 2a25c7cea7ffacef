"""Plain-text messages as HTML: every piece escaped, web addresses made into links."""

from __future__ import annotations

import re
from pathlib import Path

from flask import current_app
from markupsafe import Markup, escape

from portal.markdown import render_markdown

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
#: Punctuation that usually ends a sentence rather than an address.
_TRAILING = ".,;:!?)]}'\""
_MIN_URL = len("https://") + 1


def message_html(text: str | None) -> Markup:
    """Return a message as HTML: escaped text, http(s) addresses as links that open safely.

    Line breaks stay in the text; the stylesheet shows them (white-space: pre-wrap).
    """
    if not text:
        return Markup("")
    parts: list[Markup] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        if len(url) < _MIN_URL:
            continue
        start, end = match.start(), match.start() + len(url)
        parts.append(escape(text[position:start]))
        parts.append(
            Markup('<a href="')
            + escape(url)
            + Markup('" rel="noopener noreferrer nofollow">')
            + escape(url)
            + Markup("</a>")
        )
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def normalise(text: str) -> str:
    """Return message text with uniform line breaks and no trailing spaces around it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def coach_content(name: str, lang: str) -> Markup:
    """Return content/coach/<name>.<lang>.md as sanitised HTML (read once per app)."""
    cache: dict[tuple[str, str], Markup] = current_app.extensions.setdefault("coach_content", {})
    key = (name, lang)
    if key not in cache:
        folder = Path(current_app.config["CONTENT_DIR"]) / "coach"
        path = folder / f"{name}.{lang}.md"
        if not path.is_file():
            path = folder / f"{name}.nl.md"
        source = path.read_text(encoding="utf-8")
        if source.startswith("---\n"):  # front matter: sources and the date last checked
            source = source.split("\n---\n", 1)[1]
        cache[key] = render_markdown(source)
    return cache[key]
