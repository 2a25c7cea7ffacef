"""The user sees where they are logged in and can end every other session."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from portal.auth.models import UserSession
from portal.db import db
from tests.conftest import Client, log_in


def second_device(app: Flask, user: Any) -> Client:
    other: Client = app.test_client()  # type: ignore[assignment]
    other.environ_base["HTTP_USER_AGENT"] = "Telefoon-browser/1.0"
    return log_in(other, user)


def test_list_and_end_other_sessions(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    user = make_user()
    login_as(user)
    phone = second_device(app, user)
    page = client.get("/account/sessies").get_data(as_text=True)
    assert "Telefoon-browser/1.0" in page and "dit apparaat" in page
    client.submit("/account/sessies/anderen-beeindigen")
    assert phone.get("/account/").status_code == 302  # logged out on the phone
    assert client.get("/account/").status_code == 200  # still in here
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_sessions_of_others_are_not_listed_or_ended(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    me, other = make_user(), make_user()
    their_phone = second_device(app, other)
    login_as(me)
    assert "Telefoon-browser" not in client.get("/account/sessies").get_data(as_text=True)
    client.submit("/account/sessies/anderen-beeindigen")
    assert their_phone.get("/account/").status_code == 200
