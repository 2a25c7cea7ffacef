"""Hostile input on every form: never a server error, never an unescaped reflection.

The battery finds the forms by crawling each role's pages (so new features are covered
without editing this file), then posts each hostile value into each field in turn.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.auth.models import Role

#: At least 40 values per field, as SECURITY.md asks.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}",
    "{% raw %}{{ config }}{% endraw %}",
    "${7*7}",
    "' OR '1'='1' --",
    '" OR ""="',
    "1; DROP TABLE users; --",
    "\x00",
    "nul\x00byte",
    "line\r\nSet-Cookie: x=1",
    "\r\n\r\n<html>",
    "\u202eevil\u202c",
    "\ufeff",
    "x" * 10_000,
    "é" * 3_000,
    "😀" * 500,
    "",
    " ",
    "-1",
    "0",
    "-999999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "3.14159",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "1899-01-01",
    "31-31-2026",
    "25:61",
    "true",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "%00",
    "%0d%0aX-Injected: 1",
    "\\u0000",
    "<!--",
    "]]>",
]
assert len(HOSTILE) >= 40

#: Forms whose submission ends the session the crawl needs.
SKIP_ACTIONS = {"/uitloggen"}


class FormFinder(HTMLParser):
    """Collect (action, field names) of every POST form on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._current: tuple[str, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form" and values.get("method", "get").lower() == "post":
            self._current = (values.get("action", ""), {})
        elif self._current is not None and tag in {"input", "textarea", "select"}:
            name = values.get("name")
            if name and values.get("type") not in {"submit", "button"}:
                self._current[1].setdefault(name, values.get("value", ""))
        elif self._current is not None and tag == "button" and values.get("name"):
            self._current[1].setdefault(values["name"], values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def pages_of(app: Flask) -> list[str]:
    """Return every GET URL without arguments (the pages a person can open)."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set())
        and not rule.arguments
        and rule.endpoint != "static"
        and not rule.rule.endswith((".ics", ".pdf", ".csv"))
    )


def forms_for(client: Any, app: Flask) -> dict[tuple[str, str], list[str]]:
    """Return {(page, action): field names} for every POST form the client can see."""
    found: dict[tuple[str, str], list[str]] = {}
    for page in pages_of(app):
        response = client.get(page)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        finder = FormFinder()
        finder.feed(response.get_data(as_text=True))
        for action, fields in finder.forms:
            target = action or page
            if target in SKIP_ACTIONS or not target.startswith("/"):
                continue
            names = [n for n in fields if n != "csrf_token" and not n.endswith("csrf_token")]
            found.setdefault((page, target), names)
    return found


@pytest.mark.parametrize("role", [None, *[role.value for role in Role]])
def test_hostile_values_in_every_field(
    role: str | None, app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    if role:
        login_as(make_user(role=role))
    forms = forms_for(client, app)
    assert forms, "the crawl found no forms"
    tried = 0
    for (page, action), fields in forms.items():
        for field in fields:
            for value in HOSTILE:
                response = client.submit(action, {field: value})
                label = f"{role} {page} -> {action} [{field}={value[:30]!r}]"
                assert response.status_code < 500, label
                if "<" in value or '"' in value:
                    assert value not in response.get_data(as_text=True), label
                tried += 1
    assert tried >= 40


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_text_in_the_login_and_register_forms(client: Any, text: str) -> None:
    for action, fields in (
        ("/inloggen", {"email": text, "password": text}),
        ("/registreren", {"name": text, "email": text, "password": text, "confirm": text}),
    ):
        response = client.submit(action, fields)
        assert response.status_code < 500
