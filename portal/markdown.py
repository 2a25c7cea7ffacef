"""Markdown to safe HTML, for the brochure, the lessons and the coach's messages.

Only what Markdown makes from our own files survives (nh3 drops every other tag and
attribute), tables get header scopes, and nothing links to a scheme outside the list.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: Exactly what Markdown produces from our files; anything else is dropped.
ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|tr|blockquote|pre)>|<br>")
_TEXT_ALIGN = re.compile(r' style="text-align:\w+"')

#: The one parser: CommonMark as JavaScript's markdown-it does it, with tables.
PARSER = MarkdownIt("js-default").enable("table")


def render_markdown(source: str) -> Markup:
    """Render Markdown to HTML and keep only the tags and attributes Markdown produces."""
    raw = _TEXT_ALIGN.sub("", PARSER.render(source)).replace("<th>", '<th scope="col">')
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def plain_text(fragment: str) -> str:
    """Return the text of an HTML fragment, one block per line."""
    text = html.unescape(nh3.clean(_BLOCK_END.sub("\n", fragment), tags=set()))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
