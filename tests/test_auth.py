"""Registering, logging in and out, server-side sessions and password reset."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.auth.models import EmployeeProfile, Role, User, UserSession
from portal.db import db
from tests.conftest import PASSWORD


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def register(client: Any, **overrides: str) -> Any:
    data = {
        "name": "Noor",
        "email": "Noor@Example.com",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    data.update(overrides)
    return client.submit("/registreren", data)


def test_register_creates_employee_with_profile_and_logs_in(client: Any) -> None:
    response = register(client)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user is not None
    assert user.email == "noor@example.com"  # stored case-insensitively
    assert user.role is Role.EMPLOYEE
    assert user.password_hash.startswith("$argon2id$")
    assert db.session.get(EmployeeProfile, user.id) is not None
    assert "Hallo Noor" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "geen-adres"}, "Dit is geen geldig e-mailadres."),
        ({"password": "kort", "confirm": "kort"}, "Gebruik minstens 12 tekens."),
        ({"password": "x" * 129, "confirm": "x" * 129}, "Gebruik hoogstens 128 tekens."),
        ({"password": "wachtwoord123", "confirm": "wachtwoord123"}, "door veel mensen"),
        ({"confirm": "iets anders dan het eerste"}, "niet hetzelfde"),
        ({"name": ""}, "Vul je naam in."),
        ({"name": "a\x00b"}, "niet toegestaan"),
    ],
)
def test_register_bad_input_changes_nothing(
    client: Any, overrides: dict[str, str], message: str
) -> None:
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(User) == 0


def test_register_duplicate_email_is_refused_case_insensitively(
    client: Any, make_user: Any
) -> None:
    make_user(email="noor@example.com")
    response = register(client, email="NOOR@example.com")
    assert "Er is al een account met dit e-mailadres" in response.get_data(as_text=True)
    assert count(User) == 1


def test_register_in_english(client: Any) -> None:
    client.get("/?lang=en")
    response = register(client, password="kort", confirm="kort")
    assert "Use at least 12 characters." in response.get_data(as_text=True)


def test_login_and_logout(client: Any, make_user: Any) -> None:
    user = make_user(email="sam@example.com")
    response = client.submit("/inloggen", {"email": "SAM@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert count(UserSession) == 1
    assert client.get("/").status_code == 200
    response = client.submit("/uitloggen")
    assert response.status_code == 302
    assert count(UserSession) == 0
    assert client.get("/account/").headers["Location"].startswith("/inloggen")
    assert user.last_login_at is not None


def test_logout_requires_post_with_token(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    assert client.get("/uitloggen").status_code == 405
    assert client.post("/uitloggen").status_code == 400
    assert count(UserSession) == 1


def test_unknown_user_and_wrong_password_get_the_same_answer(client: Any, make_user: Any) -> None:
    make_user(email="sam@example.com")
    wrong = client.submit("/inloggen", {"email": "sam@example.com", "password": "verkeerd" * 2})
    unknown = client.submit("/inloggen", {"email": "nobody@example.com", "password": "x" * 14})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "E-mailadres of wachtwoord klopt niet." in response.get_data(as_text=True)
    assert count(UserSession) == 0


def test_overlong_password_is_refused_before_hashing(client: Any, make_user: Any) -> None:
    make_user(email="sam@example.com")
    response = client.submit("/inloggen", {"email": "sam@example.com", "password": "x" * 5000})
    assert response.status_code == 200
    assert count(UserSession) == 0


def test_deactivated_user_cannot_log_in_and_open_session_ends(
    client: Any, make_user: Any, login_as: Any
) -> None:
    user = make_user()
    login_as(user)
    user.is_active = False
    db.session.commit()
    assert client.get("/account/").status_code == 302
    assert count(UserSession) == 0
    response = client.submit("/inloggen", {"email": user.email, "password": PASSWORD})
    assert "E-mailadres of wachtwoord klopt niet." in response.get_data(as_text=True)


def test_login_redirects_to_a_relative_next_only(client: Any, make_user: Any) -> None:
    user = make_user()
    token = client.csrf_token()
    data = {"csrf_token": token, "email": user.email, "password": PASSWORD}
    response = client.post("/inloggen?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"
    client.submit("/uitloggen")
    data["csrf_token"] = client.csrf_token()
    response = client.post("/inloggen?next=/account/", data=data)
    assert response.headers["Location"] == "/account/"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/account/", "/account/"),
        ("//evil.example/", None),
        ("/\t/evil.example/", None),
        ("/\\evil.example", None),
        ("https://evil.example/", None),
        ("", None),
    ],
)
def test_safe_next(target: str, expected: str | None) -> None:
    from portal.security import safe_next

    assert safe_next(target) == expected


def test_anonymous_visitor_is_sent_to_login_with_next(client: Any) -> None:
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen?next=/account/"


def _age_session(seconds: int, field: str = "last_seen_at") -> None:
    record = db.session.scalar(select(UserSession))
    assert record is not None
    setattr(record, field, getattr(record, field) - dt.timedelta(seconds=seconds))
    db.session.commit()


@pytest.mark.parametrize(
    ("role", "idle_ok", "idle_expired"),
    [("employee", 29 * 60, 31 * 60), ("coach", 14 * 60, 16 * 60), ("admin", 14 * 60, 16 * 60)],
)
def test_idle_timeout_per_role(
    client: Any, make_user: Any, login_as: Any, role: str, idle_ok: int, idle_expired: int
) -> None:
    login_as(make_user(role=role))
    _age_session(idle_ok)
    assert client.get("/account/").status_code == 200
    _age_session(idle_expired)
    response = client.get("/account/")
    assert response.status_code == 302
    assert "reason=expired" in response.headers["Location"]
    assert count(UserSession) == 0


def test_absolute_timeout(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    _age_session(8 * 3600 + 1, field="created_at")
    assert client.get("/account/").status_code == 302


def test_login_gives_a_new_session(client: Any, make_user: Any) -> None:
    user = make_user()
    client.get("/inloggen")
    before = client.get_cookie("er_session").value
    client.submit("/inloggen", {"email": user.email, "password": PASSWORD})
    after = client.get_cookie("er_session").value
    assert before != after


def test_password_reset_by_email(client: Any, make_user: Any, mailbox: Any) -> None:
    user = make_user(email="sam@example.com")
    response = client.submit("/wachtwoord-vergeten", {"email": "sam@example.com"})
    assert "Kijk in je e-mail" in response.get_data(as_text=True)
    assert len(mailbox.messages) == 1
    body = mailbox.bodies()[0]
    link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", body)
    assert link is not None
    new = "een heel nieuw wachtwoord voor mij"
    response = client.submit(link.group(1), {"password": new, "confirm": new})
    assert response.status_code == 302
    # the link works once
    assert client.get(link.group(1)).status_code == 400
    response = client.submit("/inloggen", {"email": user.email, "password": new})
    assert response.status_code == 302


def test_password_reset_for_unknown_address_looks_the_same(client: Any, mailbox: Any) -> None:
    response = client.submit("/wachtwoord-vergeten", {"email": "nobody@example.com"})
    assert "Kijk in je e-mail" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_known_and_unknown_addresses_are_answered_after_the_same_fixed_time(
    client: Any, make_user: Any, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both answers wait until RESET_ANSWER_SECONDS have passed (no timing is measured)."""
    from portal.auth import views

    make_user(email="sam@example.com")
    clock = iter([100.0, 100.03, 200.0, 200.001])  # known: 30 ms of work; unknown: 1 ms
    monkeypatch.setattr(views, "monotonic", lambda: next(clock))
    waits: list[float] = []
    monkeypatch.setattr(views, "sleep", waits.append)
    for email in ("sam@example.com", "nobody@example.com"):
        response = client.submit("/wachtwoord-vergeten", {"email": email})
        assert "Kijk in je e-mail" in response.get_data(as_text=True)
    fixed = app.config["RESET_ANSWER_SECONDS"]
    assert waits == [pytest.approx(fixed - 0.03), pytest.approx(fixed - 0.001)]


def test_expired_reset_link_does_not_work(
    client: Any, make_user: Any, mailbox: Any, app: Flask
) -> None:
    from portal.auth.models import PasswordResetToken

    make_user(email="sam@example.com")
    client.submit("/wachtwoord-vergeten", {"email": "sam@example.com"})
    record = db.session.scalar(select(PasswordResetToken))
    assert record is not None
    record.expires_at = record.created_at - dt.timedelta(seconds=1)
    db.session.commit()
    path = re.search(r"(/wachtwoord-herstellen/\S+)", mailbox.bodies()[0])
    assert path is not None
    assert client.get(path.group(1)).status_code == 400


def test_reset_ends_all_sessions(client: Any, make_user: Any, login_as: Any, mailbox: Any) -> None:
    user = make_user()
    login_as(user)
    client.submit("/wachtwoord-vergeten", {"email": user.email})
    path = re.search(r"(/wachtwoord-herstellen/\S+)", mailbox.bodies()[0])
    assert path is not None
    new = "een heel nieuw wachtwoord voor mij"
    client.submit(path.group(1), {"password": new, "confirm": new})
    assert count(UserSession) == 0


def test_change_password_needs_the_current_one(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    new = "een heel nieuw wachtwoord voor mij"
    response = client.submit(
        "/account/wachtwoord", {"current": "fout fout fout", "password": new, "confirm": new}
    )
    assert "Dit is niet je huidige wachtwoord." in response.get_data(as_text=True)
    response = client.submit(
        "/account/wachtwoord", {"current": PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert count(UserSession) == 1  # this session goes on, all others ended


def test_mass_assignment_is_ignored(client: Any) -> None:
    register(client, role="admin", is_active="0", id="1")  # type: ignore[arg-type]
    user = db.session.scalar(select(User))
    assert user is not None and user.role is Role.EMPLOYEE and user.is_active


def test_rate_limit_on_login(app_config: dict[str, Any]) -> None:
    from portal import create_app

    app_config["RATELIMIT_ENABLED"] = True
    application = create_app(app_config)
    from tests.conftest import Client

    application.test_client_class = Client
    client = application.test_client()
    statuses = []
    with application.app_context():
        for _ in range(12):
            token = client.csrf_token()
            data = {"csrf_token": token, "email": "a@example.com", "password": "x" * 14}
            statuses.append(client.post("/inloggen", data=data).status_code)
        db.engine.dispose()
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
