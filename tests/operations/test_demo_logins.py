"""`make run`: a newcomer can try the four demo roles in a row without being locked out."""

from __future__ import annotations

import re
import runpy
import time
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask

from portal import create_app
from portal.cli import DEMO_PASSWORD
from portal.db import db
from tests.conftest import empty_tables

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture
def demo_app(app_config: dict[str, Any]) -> Any:
    """The app as `make run` serves it: development, its settings, demo data, staff TOTP."""
    server = runpy.run_path(str(ROOT / "bin" / "demo-server"), run_name="demo_server")
    application: Flask = create_app(
        {**app_config, "ENV": "development", "RATELIMIT_ENABLED": True, **server["DEMO_SETTINGS"]}
    )
    with application.app_context():
        from portal.cli import ensure_demo_data

        accounts = ensure_demo_data()
        server["enroll_staff_two_factor"](accounts)
    yield application, accounts, server["DEMO_TOTP_SECRET"]
    empty_tables(application)
    with application.app_context():
        db.engine.dispose()


def post(client: Any, path: str, form: dict[str, str]) -> Any:
    """Post a form the way a browser does: with the token from the page."""
    page = client.get(path).get_data(as_text=True)
    token = CSRF.search(page)
    assert token, f"no form on {path}"
    return client.post(path, data={"csrf_token": token.group(1), **form})


def test_four_demo_roles_in_a_row_twice_with_a_typo_each(demo_app: Any) -> None:
    """Each role: a mistyped password, the right one, the code for staff, home, log out.

    Within a minute from one address: more than the per-IP login limit allows in production.
    """
    application, accounts, secret = demo_app
    client = application.test_client()
    assert len(accounts) == 4
    for again in range(2):  # and once more, to compare what each role sees
        for role, email, _name in accounts:
            wrong = post(client, "/inloggen", {"email": email, "password": "demo-wachtwoord"})
            assert wrong.status_code == 200, (role, wrong.status_code)
            answer = post(client, "/inloggen", {"email": email, "password": DEMO_PASSWORD})
            assert answer.status_code == 302, (role, answer.status_code)
            if answer.headers["Location"].endswith("/inloggen/code"):
                # The second time, the next code (a code counts once; the app shows a new one
                # every 30 seconds).
                code = pyotp.TOTP(secret).at(time.time() + 30 * again)
                answer = post(client, "/inloggen/code", {"code": code})
                assert answer.status_code == 302, (role, answer.status_code)
            home = client.get(answer.headers["Location"], follow_redirects=True)
            assert home.status_code == 200, (role, home.status_code)
            token = CSRF.search(home.get_data(as_text=True))
            assert token, role
            out = client.post("/uitloggen", data={"csrf_token": token.group(1)})
            assert out.status_code == 302, (role, out.status_code)


def test_the_demo_still_locks_an_account_after_five_wrong_passwords(demo_app: Any) -> None:
    """Only the per-IP limit is off in the demo; guessing one account's password still locks it."""
    application, accounts, _secret = demo_app
    client = application.test_client()
    email = accounts[0][1]
    for _ in range(5):
        assert post(client, "/inloggen", {"email": email, "password": "guess"}).status_code == 200
    locked = post(client, "/inloggen", {"email": email, "password": DEMO_PASSWORD})
    assert locked.status_code == 200  # the login page again, as for a wrong password
    assert "/uitloggen" not in locked.get_data(as_text=True)
