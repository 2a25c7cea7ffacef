"""Extreme ids and dates never give a server error (issue 19, item 3).

Every route of app.url_map is requested, as every role, with ids of 2^31, 2^63 and 10^23,
dates like 9999-12-31 and 0001-01-01 in the path, and the same in every query parameter the
portal reads. The answer may be 404, 400, a redirect or a page, but never 500.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from portal.auth.models import Role
from tests.conftest import CSRF_RE, log_in

BIG_IDS = ["2147483648", "9223372036854775808", "99999999999999999999999"]
DATES = ["9999-12-31", "0001-01-01", "9999-12"]
#: Query parameters read by some page; each gets an extreme value.
QUERY_NAMES = ["pagina", "voor", "start", "end", "van", "tot", "week", "maand", "dag", "day"]
ACTORS = ["anonymous", *[role.value for role in Role]]
SKIP = {"auth.logout", "account.delete_account"}
ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


def urls(app: Flask) -> list[tuple[str, str, str]]:
    """Return (endpoint, method, url) for every rule and every extreme value."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint in SKIP:
            continue
        variants = []
        for index, big in enumerate(BIG_IDS):
            date = DATES[index % len(DATES)]

            def value(match: re.Match[str], big: str = big, date: str = date) -> str:
                if match["converter"] == "int":
                    return big
                return date if match["name"] in {"day", "week", "date"} else big

            path = ARGUMENT.sub(value, rule.rule)
            query = "&".join(
                f"{name}={big if name in {'pagina', 'voor'} else date}" for name in QUERY_NAMES
            )
            variants.append(f"{path}?{query}")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for url in dict.fromkeys(variants):
                found.append((rule.endpoint, method, url))
    return found


@pytest.mark.parametrize("actor", ACTORS)
def test_no_server_error_on_extreme_values_anywhere(
    app: Flask, client: Any, make_user: Any, actor: str
) -> None:
    if actor != "anonymous":
        log_in(client, make_user(role=actor))
    page = client.get("/account/" if actor != "anonymous" else "/inloggen")
    token = CSRF_RE.search(page.get_data(as_text=True))
    csrf = token.group(1) if token else ""
    errors = []
    checked = 0
    for endpoint, method, url in urls(app):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.open(url, method=method, data={"csrf_token": csrf})
        checked += 1
        if response.status_code >= 500:
            errors.append(f"{method} {url} ({endpoint}) -> {response.status_code}")
    assert checked > 300
    assert errors == [], "\n".join(errors)


def test_the_int_converter_bounds_ids_and_known_parameters_fall_back(
    client: Any, make_user: Any
) -> None:
    from portal.bounds import MAX_ID, bounded_int

    log_in(client, make_user())
    assert client.get(f"/gesprekken/{MAX_ID + 1}").status_code == 404
    assert client.get(f"/gesprekken/{MAX_ID}").status_code == 404  # in range, not found
    assert client.get("/logboek/dag/9999-12-31").status_code == 404
    page = client.get("/account/toegang?end=9999-12-31")
    assert page.status_code == 200
    assert "Kies een datum tussen 1900 en 2199." in page.get_data(as_text=True)
    for bad in ("", "-1", "1e3", str(MAX_ID + 1), "9" * 30):
        with pytest.raises(ValueError):
            bounded_int(bad)
    assert bounded_int(str(MAX_ID)) == MAX_ID


def test_an_overflow_anywhere_answers_400_not_500(app: Flask, client: Any) -> None:
    import datetime as dt

    from portal.security import public

    @public
    def overflow() -> str:
        return str(dt.date.max + dt.timedelta(days=1))

    app.add_url_rule("/test-overflow", "test_overflow", overflow)
    response = client.get("/test-overflow")
    assert response.status_code == 400
