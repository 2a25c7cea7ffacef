"""Every page each role reaches is valid HTML (html5lib, strict) and weighs under 60 KB.

html5lib implements the WHATWG parsing algorithm; strict mode raises on every parse error
(misnested or unclosed elements, stray end tags, duplicate attributes, bad characters).
Also checked: every <time datetime> value is a valid date or global date-and-time string.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import html5lib
import pytest

from portal.auth.models import User
from tests.conftest import Client, log_in
from tests.pages_by_role import ROLES, pages_for, seed

DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$"
)


ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')
MAX_WEIGHT = 60 * 1024  # the page and the stylesheets and scripts it links, uncompressed


def weight(client: Client, page: str) -> int:
    """Return the bytes of a page plus the stylesheets and scripts it links (as served)."""
    total = len(page.encode())
    for href in set(ASSET.findall(page)):
        response = client.get(href)
        total += len(response.get_data())
        response.close()
    return total


def check(url: str, page: str) -> None:
    try:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    except html5lib.html5parser.ParseError as error:
        pytest.fail(f"{url}: {error}")
    for value in re.findall(r'<time[^>]*\sdatetime="([^"]*)"', page):
        assert DATETIME.match(value), f"{url}: invalid datetime {value!r}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_role_is_valid_html(
    role: str, client: Client, make_user: Callable[..., User]
) -> None:
    world = seed(make_user)
    log_in(client, world[role])
    for lang in ("nl", "en"):
        client.get(f"/?lang={lang}")
        for url in pages_for(role, world):
            response = client.get(url)
            assert response.status_code == 200, url
            page = response.get_data(as_text=True)
            check(url, page)
            assert weight(client, page) < MAX_WEIGHT, f"{url} weighs {weight(client, page)} B"


def test_public_pages_are_valid_html(client: Client) -> None:
    for url in [
        "/",
        "/inloggen",
        "/registreren",
        "/wachtwoord-vergeten",
        "/werkwijzer/",
        "/hulp",
        "/privacy",
        "/werkwijzer/afdrukken",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        check(url, response.get_data(as_text=True))
