"""Stylesheets are served minified without changing a single rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tinycss2

from portal.assets import minify_css

CSS = sorted((Path(__file__).resolve().parent.parent / "portal/static/css").glob("*.css"))


def rules(text: str) -> list[Any]:
    """Return the stylesheet as nested (prelude, content) tokens, whitespace normalised."""

    def compact(tokens: list[Any]) -> list[Any]:
        """Return the tokens as comparable items; whitespace only where it carries meaning."""
        out: list[Any] = []
        for i, token in enumerate(tokens):
            if token.type == "whitespace":
                around = tokens[i - 1 : i] + tokens[i + 1 : i + 2]
                if len(around) == 2 and not any(punctuation(t) for t in around):
                    out.append(" ")
            elif token.type == "function":
                out.append((token.lower_name, compact(token.arguments)))
            elif token.type in {"() block", "[] block", "{} block"}:
                out.append((token.type, compact(token.content)))
            elif token.type != "comment":
                out.append(tinycss2.serialize([token]))
        return out

    def punctuation(token: Any) -> bool:
        return token.type == "literal" and token.value in {",", ":", ";"}

    def walk(nodes: list[Any]) -> list[Any]:
        out = []
        for node in nodes:
            if node.type in {"whitespace", "comment"}:
                continue
            content = node.content or []
            if node.type == "at-rule" and node.lower_at_keyword in {"media", "supports"}:
                body: Any = walk(tinycss2.parse_rule_list(content, True, True))
            else:
                body = sorted(
                    (d.lower_name, compact(d.value), d.important)
                    for d in tinycss2.parse_blocks_contents(content, True, True)
                    if d.type == "declaration"
                )
            out.append((node.type, compact(node.prelude), body))
        return out

    return walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))


@pytest.mark.parametrize("path", CSS, ids=[p.name for p in CSS])
def test_minifying_keeps_every_rule(path: Path) -> None:
    source = path.read_text("utf-8")
    small = minify_css(source)
    assert len(small) < len(source)
    assert rules(small) == rules(source)
    assert "/*" not in small and "\n" not in small


def test_stylesheets_are_served_minified_and_cached(client: Any) -> None:
    response = client.get("/static/css/portal.css")
    source = CSS[[p.name for p in CSS].index("portal.css")].read_text("utf-8")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.get_data(as_text=True) == minify_css(source)
    again = client.get(
        "/static/css/portal.css", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304
    assert client.get("/static/css/../../config.py").status_code == 404
    assert client.get("/static/css/bestaat-niet.css").status_code == 404
    script = client.get("/static/js/logbook.js")
    assert script.status_code == 200 and "function" in script.get_data(as_text=True)
    script.close()


def test_minifying_keeps_quoted_strings_as_written() -> None:
    from portal.assets import minify_css

    css = 'dt::after { content: ": " ; } /* a note: "no string */ q::before { content: \'a  b\' }'
    assert minify_css(css) == "dt::after{content:\": \"}q::before{content:'a  b'}"
