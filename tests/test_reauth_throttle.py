"""Every check of a password, TOTP code or recovery code goes through one throttle.

Issue 19, items 1 and 11: the re-authentication points used to accept unlimited guesses,
and the failure counter could be dodged with parallel requests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from portal.auth import throttle
from portal.auth.models import User
from portal.db import db, utcnow
from tests.conftest import PASSWORD, totp_code

WRONG = "dit is niet het wachtwoord"
TOO_MANY = "Te veel verkeerde pogingen"


def _download(pw: str, code: str = "") -> dict[str, str]:
    return {"export-password": pw, "export-code": code}


def _delete(pw: str, code: str = "") -> dict[str, str]:
    return {"delete-password": pw, "delete-code": code, "delete-confirm": "y"}


def _email(pw: str, code: str = "") -> dict[str, str]:
    return {"password": pw, "code": code, "email": "nieuw@example.com"}


def _password(pw: str, code: str = "") -> dict[str, str]:
    new = "een heel nieuw wachtwoord 2026"
    return {"current": pw, "password": new, "confirm": new}


#: (url, form builder, does the right password do the thing: status of success)
POINTS: list[tuple[str, Callable[..., dict[str, str]]]] = [
    ("/account/mijn-gegevens/download", _download),
    ("/account/mijn-gegevens/verwijderen", _delete),
    ("/account/e-mailadres", _email),
    ("/account/wachtwoord", _password),
]


def allowed_before_lock(client: Any, user: User, url: str, form: Callable[..., Any]) -> int:
    """Send wrong passwords until the account locks; return how many were checked."""
    for attempt in range(1, 30):
        client.submit(url, form(WRONG))
        if throttle.is_locked(user, utcnow()):
            return attempt
    return 99


@pytest.mark.parametrize(("url", "form"), POINTS)
def test_each_reauthentication_point_locks_after_five_wrong_passwords(
    client: Any, make_user: Any, login_as: Any, url: str, form: Callable[..., Any]
) -> None:
    user = make_user()
    login_as(user)
    assert allowed_before_lock(client, user, url, form) == throttle.MAX_FAILURES
    # locked: even the right password does nothing, and the page says why
    response = client.submit(url, form(PASSWORD))
    assert response.status_code == 200
    assert TOO_MANY in response.get_data(as_text=True)
    assert response.mimetype == "text/html"  # no ZIP
    db.session.expire_all()
    again = db.session.get(User, user.id)
    assert again is not None and again.password_hash == user.password_hash
    assert again.email == user.email


def test_two_step_page_counts_wrong_codes_and_locks(
    client: Any, make_user: Any, login_as: Any
) -> None:
    user = make_user(two_factor=True)
    login_as(user)
    for _ in range(throttle.MAX_FAILURES):
        client.submit(
            "/account/tweestaps", {"password": PASSWORD, "code": "000000", "action": "codes"}
        )
    assert throttle.is_locked(user, utcnow())
    response = client.submit(
        "/account/tweestaps", {"password": PASSWORD, "code": totp_code(user), "action": "codes"}
    )
    assert TOO_MANY in response.get_data(as_text=True)
    assert 'class="recovery-codes"' not in response.get_data(as_text=True)


def test_wrong_codes_at_the_export_count_too(client: Any, make_user: Any, login_as: Any) -> None:
    user = make_user(two_factor=True)
    login_as(user)
    for _ in range(throttle.MAX_FAILURES):
        client.submit("/account/mijn-gegevens/download", _download(PASSWORD, "123456"))
    response = client.submit(
        "/account/mijn-gegevens/download", _download(PASSWORD, totp_code(user))
    )
    assert response.mimetype == "text/html"
    assert TOO_MANY in response.get_data(as_text=True)


def test_a_lock_from_the_login_page_holds_in_the_account_pages(
    client: Any, make_user: Any, login_as: Any
) -> None:
    user = make_user()
    login_as(user)
    attacker = client.application.test_client()
    for _ in range(throttle.MAX_FAILURES):
        attacker.submit("/inloggen", {"email": user.email, "password": WRONG})
    assert throttle.is_locked(user, utcnow())
    response = client.submit("/account/mijn-gegevens/download", _download(PASSWORD))
    assert response.mimetype == "text/html"


def test_the_right_password_resets_the_count(client: Any, make_user: Any, login_as: Any) -> None:
    user = make_user()
    login_as(user)
    for _ in range(throttle.MAX_FAILURES - 1):
        client.submit("/account/mijn-gegevens/download", _download(WRONG))
    assert client.submit("/account/mijn-gegevens/download", _download(PASSWORD)).mimetype == (
        "application/zip"
    )
    db.session.expire_all()
    assert db.session.scalar(select(User.failed_login_count).where(User.id == user.id)) == 0


@pytest.fixture
def limited(app_config: dict[str, Any]) -> dict[str, Any]:
    app_config["RATELIMIT_ENABLED"] = True
    app_config["RATELIMIT_STORAGE_URI"] = "memory://"
    return app_config


def test_failed_checks_from_one_address_add_up_across_accounts_and_points(
    limited: Any, client: Any, make_user: Any, login_as: Any
) -> None:
    """Ten wrong checks per minute from one address, wherever they happen (login's limit)."""
    first, second = make_user(), make_user()
    login_as(first)
    for _ in range(2):
        client.submit("/account/mijn-gegevens/download", _download(WRONG))
    for _ in range(2):
        client.submit("/account/wachtwoord", _password(WRONG))
    assert not throttle.is_locked(first, utcnow())
    client.post("/uitloggen", data={"csrf_token": client.csrf_token()})
    for _ in range(6):
        client.submit("/inloggen", {"email": "niemand@example.com", "password": WRONG})
    # ten failed checks: the address is blocked, even for another account's right password
    response = client.submit("/inloggen", {"email": second.email, "password": PASSWORD})
    assert response.status_code == 200
    assert not throttle.is_locked(second, utcnow())


def test_parallel_wrong_attempts_lock_the_account(app: Flask, make_user: Any) -> None:
    """Five simultaneous failures, each on its own connection, lock the account once."""
    user = make_user()
    user_id = user.id
    start = threading.Barrier(throttle.MAX_FAILURES)
    errors: list[BaseException] = []

    def wrong_guess() -> None:
        try:
            with app.app_context():
                me = db.session.get_one(User, user_id)
                assert not throttle.is_locked(me, utcnow())
                start.wait(timeout=10)
                throttle.register_failure(me, utcnow())
                db.session.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=wrong_guess) for _ in range(throttle.MAX_FAILURES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    db.session.expire_all()
    row = db.session.get_one(User, user_id)
    assert row.locked_until is not None and row.lockout_count == 1
    assert row.failed_login_count == 0


def test_a_storage_outage_leaves_the_account_lock_working(
    limited: Any, client: Any, make_user: Any, login_as: Any, monkeypatch: Any
) -> None:
    """Per-IP counting needs the limiter's storage; without it the account lock still holds."""
    from portal.ratelimit import limiter

    user = make_user()
    login_as(user)

    def down(*_args: Any) -> bool:
        raise ConnectionError("storage down")

    monkeypatch.setattr(limiter.limiter, "test", down)
    monkeypatch.setattr(limiter.limiter, "hit", down)
    url, form = POINTS[0]
    assert allowed_before_lock(client, user, url, form) == throttle.MAX_FAILURES


def test_ten_simultaneous_wrong_logins_lock_the_account(app: Flask, make_user: Any) -> None:
    """The issue's attack over HTTP: 10 parallel wrong passwords, each its own connection."""
    from tests.conftest import CSRF_RE, Client

    app.test_client_class = Client
    user = make_user()
    email, user_id = user.email, user.id
    clients = [app.test_client() for _ in range(10)]
    tokens = []
    for c in clients:
        match = CSRF_RE.search(c.get("/inloggen").get_data(as_text=True))
        assert match is not None
        tokens.append(match.group(1))
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def guess(c: Any, token: str) -> None:
        start.wait(timeout=10)
        response = c.post(
            "/inloggen", data={"csrf_token": token, "email": email, "password": WRONG}
        )
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 10
    db.session.expire_all()
    row = db.session.get_one(User, user_id)
    assert row.locked_until is not None and row.lockout_count >= 1
