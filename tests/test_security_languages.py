"""Throttle, two-step login, sessions, CSRF and error pages speak Dutch and English.

Each message is looked up in the catalog for the language, so a missing translation or a
message that stops showing fails the test, and security headers are on every answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from sqlalchemy import update

from portal.auth.models import UserSession
from portal.db import db
from tests.conftest import PASSWORD, Client, totp_code

LANGS = ["nl", "en"]


def says(response: Any, lang: str, *msgids: str) -> None:
    """Assert the page carries each message in the language, and the security headers."""
    page = response.get_data(as_text=True)
    for msgid in msgids:
        with force_locale(lang):
            text = gettext(msgid)
        assert lang == "en" or text != msgid, f"no Dutch translation for {msgid!r}"
        assert text in page, f"{lang}: {text!r} missing"
    assert "default-src" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def in_language(client: Client, lang: str) -> Client:
    client.get(f"/?lang={lang}")
    return client


@pytest.mark.parametrize("lang", LANGS)
def test_wrong_password_and_locked_account_read_the_same(
    client: Any, make_user: Any, lang: str
) -> None:
    user = make_user()
    in_language(client, lang)
    for _ in range(5):
        client.submit("/inloggen", {"email": user.email, "password": "niet-het-wachtwoord"})
    locked = client.submit("/inloggen", {"email": user.email, "password": PASSWORD})
    unknown = client.submit("/inloggen", {"email": "nobody@example.org", "password": PASSWORD})
    for response in (locked, unknown):
        assert response.status_code == 200
        says(
            response,
            lang,
            "E-mail address or password is not correct.",
            "After five wrong tries within a minute, the account waits a minute before you "
            "can try again.",
        )


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_code_is_refused_in_the_language(client: Any, make_user: Any, lang: str) -> None:
    coach = make_user(role="coach")
    in_language(client, lang)
    client.submit("/inloggen", {"email": coach.email, "password": PASSWORD})
    wrong = f"{(int(totp_code(coach)) + 1) % 1_000_000:06d}"
    response = client.submit("/inloggen/code", {"code": wrong})
    says(response, lang, "This code is not correct, or was used already.")


@pytest.mark.parametrize("lang", LANGS)
def test_an_idle_session_ends_with_a_kind_notice(
    client: Any, make_user: Any, login_as: Any, lang: str
) -> None:
    login_as(make_user())
    in_language(client, lang)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    db.session.execute(update(UserSession).values(last_seen_at=long_ago))
    db.session.commit()
    response = client.get("/account/", follow_redirects=True)
    says(
        response,
        lang,
        "You were logged out because you were away for a while. Your saved work is kept. "
        "Log in to go on.",
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_form_without_its_token_changes_nothing(client: Any, make_user: Any, lang: str) -> None:
    user = make_user()
    in_language(client, lang)
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    says(response, lang, "The form had expired")
    assert client.get("/account/").status_code == 302  # not logged in


@pytest.mark.parametrize("lang", LANGS)
def test_too_many_logins_get_a_calm_429(app_config: dict[str, Any], lang: str) -> None:
    from portal import create_app

    application: Flask = create_app({**app_config, "RATELIMIT_ENABLED": True})
    application.test_client_class = Client
    client = application.test_client()
    with application.app_context():
        in_language(client, lang)  # type: ignore[arg-type]
        data = {"email": "a@example.com", "password": "x" * 14}
        responses = [client.submit("/inloggen", data) for _ in range(11)]  # type: ignore[attr-defined]
        assert [r.status_code for r in responses] == [200] * 10 + [429]
        says(
            responses[-1],
            lang,
            "Too many tries in a short time",
            "Wait a minute and try again. This protects your account.",
        )
        db.engine.dispose()


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_page_in_the_language(client: Any, lang: str) -> None:
    in_language(client, lang)
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    says(response, lang, "We cannot find this page", "If you contact us, mention this code:")
