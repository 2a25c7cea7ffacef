"""Browser tests: the portal on a live local server, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_browser() -> None:
    if shutil.which(CHROMIUM) is None:
        message = f"{CHROMIUM} is missing: apt-get install chromium chromium-driver"
        if os.environ.get("PORTAL_REQUIRE_E2E"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the run."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """Serve this test's app on a free loopback port in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context and page; a screenshot is kept as an artefact."""
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    tab = context.new_page()
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    db_kind = "pg" if os.environ.get("PORTAL_TEST_DATABASE_URL") else "sqlite"
    tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{db_kind}.png"), full_page=True)
    context.close()


def assert_accessible(tab: Any, label: str) -> None:
    """Run axe-core on the page; fail on any serious or critical violation.

    A click that submits a form may still be loading the next page: axe runs once that page
    has loaded, and once more if a navigation replaced the document under it.
    """
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    tab.wait_for_load_state("load")
    try:
        results = Axe().run(tab)
    except PlaywrightError as error:
        if "documentElement" not in str(error) and "navigat" not in str(error):
            raise
        tab.wait_for_load_state("load")
        results = Axe().run(tab)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{label}: {bad}"


def no_script_tab(browser: Any, width: int) -> Any:
    """Open a tab with JavaScript switched off, failing fast (10 s) instead of hanging."""
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=False
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.set_default_navigation_timeout(10_000)
    return tab


def assert_accessible_without_js(tab: Any, label: str) -> None:
    """Run axe-core on what a tab without JavaScript shows, in a copy that has JavaScript.

    axe waits on timers, and timers never fire with JavaScript off: run in that tab, the
    evaluate (which has no timeout of its own) would wait for ever. So the same HTML is served
    again, at the same address and width, to a tab where axe can run.
    """
    html, url = tab.content(), tab.url
    context = tab.context.browser.new_context(viewport=tab.viewport_size)
    try:
        copy = context.new_page()
        copy.set_default_timeout(10_000)
        copy.route(url, lambda route: route.fulfill(content_type="text/html", body=html))
        copy.goto(url)
        assert_accessible(copy, label)
    finally:
        context.close()


@pytest.fixture
def open_tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Return a function that opens a page in a new, separate browser context (a person)."""
    contexts: list[tuple[str, Any, Any]] = []

    def open_one(label: str) -> Any:
        context = browser.new_context(viewport={"width": 1024, "height": 900})
        tab = context.new_page()
        contexts.append((label, context, tab))
        return tab

    yield open_one
    ARTIFACTS.mkdir(exist_ok=True)
    for label, context, tab in contexts:
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{label}.png"), full_page=True)
        context.close()


def log_in(tab: Any, base: str, user: Any) -> None:
    """Log in through the real form (with the code step for staff), then read in English."""
    from playwright.sync_api import expect

    from portal.auth.models import Role
    from tests.conftest import PASSWORD, totp_code

    tab.goto(base + "/inloggen")
    tab.get_by_label("E-mailadres").fill(user.email)
    tab.get_by_label("Wachtwoord").fill(PASSWORD)
    tab.get_by_role("button", name="Inloggen").click()
    if user.role is not Role.EMPLOYEE:  # staff log in with a second step
        tab.wait_for_url("**/inloggen/code")
        assert_accessible(tab, "login: second step")
        tab.get_by_label("Code", exact=True).fill(totp_code(user))
        tab.get_by_role("button", name="Inloggen").click()
    # Logged in: the log-out button is on the page (folded in the menu on a phone).
    expect(tab.locator("form button", has_text="Uitloggen")).to_have_count(1)
    tab.goto(base + "/account/?lang=en")


def linked_pair(make_user: Any, employee: str = "Eva", doctor: str = "Dirk") -> tuple[Any, Any]:
    """Make an employee and a bedrijfsarts with an active link between them; commit."""
    from portal.auth.models import Role
    from portal.db import db
    from portal.links.models import CareLink, LinkKind, LinkStatus

    person = make_user(role=Role.EMPLOYEE, name=employee)
    professional = make_user(role=Role.PROFESSIONAL, name=doctor)
    db.session.add(
        CareLink(
            employee_id=person.id,
            carer_id=professional.id,
            kind=LinkKind.PROFESSIONAL,
            status=LinkStatus.ACTIVE,
        )
    )
    db.session.commit()
    return person, professional
