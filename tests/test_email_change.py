"""Changing the e-mail address: re-authentication, a link to the new inbox, a warning."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select, update

from portal.auth.models import EmailChange, User, UserSession
from portal.db import db
from tests.conftest import PASSWORD, totp_code

NEW = "nieuw.adres@example.org"


def ask(client: Any, email: str = NEW, password: str = PASSWORD, **extra: str) -> Any:
    return client.submit("/account/e-mailadres", {"email": email, "password": password, **extra})


def confirm_link(mailbox: Any) -> str:
    to_new = [m for m in mailbox.messages if m["To"] == NEW]
    assert len(to_new) == 1
    found = re.search(r"http://localhost(/account/e-mailadres/bevestigen/\S+)", mailbox.bodies()[0])
    assert found is not None
    return found.group(1)


def test_change_is_confirmed_from_the_new_inbox_and_ends_sessions(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    user = make_user(email="oud@example.org")
    login_as(user)
    response = ask(client)
    assert response.status_code == 302
    assert db.session.get_one(User, user.id).email == "oud@example.org"  # not yet
    assert sorted(m["To"] for m in mailbox.messages) == [NEW, "oud@example.org"]
    warning = mailbox.bodies()[1]
    assert NEW not in warning and "wachtwoord" in warning  # no details, a way out
    link = confirm_link(mailbox)
    page = client.get(link)
    assert page.status_code == 200 and NEW in page.get_data(as_text=True)
    assert db.session.get_one(User, user.id).email == "oud@example.org"  # GET changes nothing
    done = client.submit(link, {})
    assert done.status_code == 302 and done.headers["Location"] == "/inloggen"
    assert db.session.get_one(User, user.id).email == NEW
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0
    assert client.get("/account/").status_code == 302  # logged out here too
    assert client.get(link).status_code == 400  # the link works once
    assert client.submit("/inloggen", {"email": NEW, "password": PASSWORD}).status_code == 302


def test_wrong_password_or_bad_address_changes_nothing(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    user = make_user()
    login_as(user)
    wrong = ask(client, password="niet mijn wachtwoord")
    assert "Het wachtwoord of de code klopt niet." in wrong.get_data(as_text=True)
    same = ask(client, email=user.email.upper())
    assert "Dit is al je e-mailadres." in same.get_data(as_text=True)
    bad = ask(client, email="geen-adres")
    assert "Dit is geen geldig e-mailadres." in bad.get_data(as_text=True)
    assert mailbox.messages == []
    assert db.session.scalar(select(func.count()).select_from(EmailChange)) == 0


def test_staff_need_their_code_too(client: Any, make_user: Any, login_as: Any) -> None:
    coach = make_user(role="coach")
    login_as(coach)
    assert ask(client).status_code == 200  # no code: refused
    assert ask(client, code=totp_code(coach)).status_code == 302


def test_an_address_taken_meanwhile_is_not_stolen(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    user = make_user()
    login_as(user)
    ask(client)
    link = confirm_link(mailbox)
    make_user(email=NEW)
    response = client.submit(link, {}, follow_redirects=True)
    assert "Dit adres hoort al bij een account" in response.get_data(as_text=True)
    assert db.session.get_one(User, user.id).email != NEW


def test_expired_link_and_password_change_stop_the_change(
    client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    user = make_user()
    login_as(user)
    ask(client)
    first = confirm_link(mailbox)
    db.session.execute(
        update(EmailChange).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )
    db.session.commit()
    assert client.get(first).status_code == 400
    mailbox.messages.clear()
    ask(client)
    second = confirm_link(mailbox)
    new = "een heel ander wachtwoord 2026"
    client.submit("/account/wachtwoord", {"current": PASSWORD, "password": new, "confirm": new})
    assert client.get(second).status_code == 400
    assert db.session.get_one(User, user.id).email == user.email
