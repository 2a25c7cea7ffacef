"""Bidi and invisible control characters (issue 19, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, render_template_string
from markupsafe import Markup
from sqlalchemy import select

from portal.auth.models import User
from portal.db import db
from tests.conftest import PASSWORD

REFUSED = "onzichtbare tekens of tekens die de schrijfrichting veranderen"
SPOOFS = ["Coach\u202eniraK", "Karin\u2066x\u2069", "Kar\u200bin", "\ufeffKarin", "Ka\u200frin"]


@pytest.mark.parametrize("name", SPOOFS)
def test_registration_refuses_invisible_characters_in_the_name(client: Any, name: str) -> None:
    response = client.submit(
        "/registreren",
        {"name": name, "email": "nieuw@example.com", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 200
    assert REFUSED in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "nieuw@example.com")) is None


def test_registration_refuses_invisible_characters_in_the_e_mail_address(client: Any) -> None:
    response = client.submit(
        "/registreren",
        {
            "name": "Sanne",
            "email": "san\u202ene@example.com",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert REFUSED in response.get_data(as_text=True)


def test_changing_the_name_refuses_them_too(client: Any, make_user: Any, login_as: Any) -> None:
    user = make_user(name="Sanne")
    login_as(user)
    response = client.submit("/account/", {"name": "San\u202ene", "locale": "nl", "theme": "auto"})
    assert REFUSED in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.name == "Sanne"


def test_displayed_free_text_is_neutralised_in_every_template(app: Flask) -> None:
    with app.test_request_context():
        shown = render_template_string(
            "{{ text }}|{{ markup }}", text="exe.\u202egpj", markup=Markup("<b>a\u2067b</b>")
        )
    assert shown == "exe.gpj|<b>ab</b>"
    assert "\u200d" in render_template_string("{{ t }}", t="\U0001f469\u200d\U0001f4bb")
