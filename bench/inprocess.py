"""In-process measurements with the Flask test client: SQL statements and page weight.

Uses the same database and settings as the server run and logs in through the real forms.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from bench.pages import Page
from bench.settings import PASSWORD, TOTP_SECRET

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
ASSET_RE = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src)="([^"]+)"')


def https_client(app: Flask) -> FlaskClient:
    """A test client that talks https, so the Secure session cookie is kept."""
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    client.environ_base["HTTP_USER_AGENT"] = "eigen-regie-bench"
    return client


def _csrf(client: FlaskClient, path: str) -> str:
    match = CSRF_RE.search(client.get(path).get_data(as_text=True))
    if not match:
        raise RuntimeError(f"no CSRF token on {path}")
    return match.group(1)


def last_totp_step(app: Flask, email: str) -> int:
    """Return the last TOTP step used by a staff member (a step works only once)."""
    from sqlalchemy import select

    from portal.auth import twofactor
    from portal.auth.models import User
    from portal.db import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        state = twofactor.of(user.id) if user else None
        return state.last_step if state else 0


def usable_step(last_step: int) -> int:
    """Return a TOTP step not used yet, waiting for the clock when both usable ones were."""
    step = max(int(time.time()) // 30, last_step + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    return step


def log_in(app: Flask, email: str) -> FlaskClient:
    """Log in through /inloggen (and /inloggen/code for staff); return the client."""
    client = https_client(app)
    response = client.post(
        "/inloggen",
        data={"csrf_token": _csrf(client, "/inloggen"), "email": email, "password": PASSWORD},
    )
    if response.status_code != 302:
        raise RuntimeError(f"login of {email} failed: {response.status_code}")
    if response.headers["Location"].endswith("/inloggen/code"):
        step = usable_step(last_totp_step(app, email))
        code = pyotp.TOTP(TOTP_SECRET).at(step * 30)
        response = client.post(
            "/inloggen/code", data={"csrf_token": _csrf(client, "/inloggen/code"), "code": code}
        )
        if response.status_code != 302 or response.headers["Location"].endswith("/code"):
            raise RuntimeError(f"code step of {email} failed")
    return client


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    """Collect the SQL statements sent while the block runs."""
    seen: list[str] = []
    engine = app.extensions["portal_db"]

    def before(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def page_weight(client: FlaskClient, html: str, cache: dict[str, int]) -> int:
    """Return the bytes of the stylesheets and scripts a page links (uncompressed)."""
    total = 0
    for href in sorted(set(ASSET_RE.findall(html))):
        if href not in cache:
            response = client.get(href)
            cache[href] = len(response.get_data()) if response.status_code == 200 else 0
            response.close()
        total += cache[href]
    return total


def measure_page(
    app: Flask, client: FlaskClient, path: str, assets: dict[str, int]
) -> dict[str, Any]:
    """GET a page twice (the first warms caches) and measure the second."""
    client.get(path).close()
    with counting(app) as statements:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    body = response.get_data()
    result: dict[str, Any] = {
        "status": response.status_code,
        "queries": len(statements),
        "bytes": len(body),
        "ms_in_process": round(elapsed * 1000, 1),
    }
    if response.mimetype == "text/html":
        result["asset_bytes"] = page_weight(client, body.decode(), assets)
        result["page_weight"] = result["bytes"] + result["asset_bytes"]
    return result


def measure(
    app: Flask,
    pages: list[Page],
    people: dict[str, dict[str, Any]],
    professional: str,
    log: Callable[[str], None] = print,
) -> dict[str, dict[str, Any]]:
    """Measure every page for its people; per page, the main person's figures + variants.

    Employee pages are measured for employee 0 (about 85% of days logged), employee 1 (all
    730 days) and employee 2 (nothing logged, no messages), to show whether the number of
    statements stays the same whatever the amount of data.
    """
    clients: dict[str, FlaskClient] = {}
    assets: dict[str, int] = {}
    results: dict[str, dict[str, Any]] = {}
    for page in pages:
        if page.who in ("anyone", "peer"):
            continue
        variants: dict[str, dict[str, Any]] = {}
        keys = (
            ["professional"]
            if page.who == "professional"
            else ["employee0", "employee1", "employee2"]
        )
        for key in keys:
            email = professional if key == "professional" else people[key]["email"]
            if email not in clients:
                clients[email] = log_in(app, email)
            person = people["employee0"] if key == "professional" else people[key]
            variants[key] = measure_page(app, clients[email], page.path(person), assets)
        main = variants[keys[0]]
        counts = {v["queries"] for v in variants.values()}
        results[page.name] = {
            **main,
            "queries_by_data": {k: v["queries"] for k, v in variants.items()},
            "queries_constant": len(counts) == 1,
        }
        log(
            f"  {page.name}: {main['queries']} statements, {main['bytes']} bytes "
            f"(by data: {results[page.name]['queries_by_data']})"
        )
    return results
