"""Bidirectional and invisible control characters: refused in names, neutralised on display.

Characters such as U+202E (right-to-left override) make "gpj.exe" look like "exe.jpg" and
let a name or a message pose as something else toward the coach, professional or admin.
Names and e-mail addresses refuse them (a clear form message); every value a template shows
has them removed (the Jinja ``finalize`` hook), so free text stays as written but cannot
reorder or hide what is around it. Joiners (U+200C, U+200D) stay: scripts and emoji need them.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from markupsafe import Markup

#: Embeddings, overrides and isolates; direction marks; zero-width space, word joiner and
#: invisible operators; the byte-order mark; the soft hyphen; the Arabic letter mark.
INVISIBLE = (
    "\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069"
    "\u200b\u200e\u200f\u061c"
    "\u2060\u2061\u2062\u2063\u2064"
    "\ufeff\u00ad"
)
_PATTERN = re.compile(f"[{INVISIBLE}]")


def has_invisible(text: str | None) -> bool:
    """Return whether the text holds a bidi control or invisible character."""
    return bool(text) and _PATTERN.search(text or "") is not None


def neutralise(text: str) -> str:
    """Remove bidi controls and invisible characters from text for display."""
    return _PATTERN.sub("", text)


def finalize(value: Any) -> Any:
    """Jinja finalize hook: neutralise every string a template outputs."""
    if isinstance(value, Markup):
        if not _PATTERN.search(value):
            return value
        return Markup(neutralise(str(value)))  # noqa: S704 - removing characters adds no markup
    if isinstance(value, str) and _PATTERN.search(value):
        return neutralise(value)
    return value


def init_text_safety(app: Flask) -> None:
    """Neutralise invisible characters in everything the templates render."""
    app.jinja_env.finalize = finalize
    app.add_template_filter(neutralise, "neutralise")
