"""Two-step login: required for staff, offered to employees, codes and recovery codes once."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.auth import twofactor
from portal.auth.models import UserSession
from portal.db import db, utcnow
from tests.conftest import PASSWORD, TOTP_SECRET, Client, log_in, totp_code


def sessions_of(user: Any) -> int:
    query = select(func.count()).where(UserSession.user_id == user.id)
    return db.session.scalar(query) or 0


def password_step(client: Any, user: Any) -> Any:
    return client.submit("/inloggen", {"email": user.email, "password": PASSWORD})


def set_up(client: Any) -> list[str]:
    """Walk the setup page as a person would; return the recovery codes shown."""
    client.submit("/account/tweestaps", {"action": "begin"})
    page = client.get("/account/tweestaps").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'<code class="incident-id">([A-Z2-7]+)</code>', page)
    assert secret is not None
    code = pyotp.TOTP(secret.group(1)).now()
    page = client.submit("/account/tweestaps", {"code": code}).get_data(as_text=True)
    return re.findall(r"<li><code>([0-9a-f-]+)</code></li>", page)


@pytest.mark.parametrize("role", ["coach", "professional", "admin"])
def test_staff_must_set_up_two_step_login_before_anything_else(
    client: Any, make_user: Any, login_as: Any, role: str
) -> None:
    user = make_user(role=role, two_factor=False)
    login_as(user)
    home = {"coach": "/coach/", "professional": "/professional/", "admin": "/admin/"}[role]
    assert client.get(home).headers["Location"] == "/account/tweestaps"
    assert client.get("/account/").headers["Location"] == "/account/tweestaps"
    codes = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(home).status_code == 200
    assert twofactor.is_enabled(user.id)


def test_login_asks_for_the_code_and_a_code_works_once(
    app: Flask, client: Any, make_user: Any
) -> None:
    coach = make_user(role="coach")
    assert password_step(client, coach).headers["Location"] == "/inloggen/code"
    assert client.get("/coach/").status_code == 302  # not logged in yet
    wrong = client.submit("/inloggen/code", {"code": "000000"})
    assert "Deze code klopt niet" in wrong.get_data(as_text=True)
    code = totp_code(coach)
    assert client.submit("/inloggen/code", {"code": code}).status_code == 302
    assert client.get("/coach/").status_code == 200
    # the same code on another device is refused
    other: Client = app.test_client()  # type: ignore[assignment]
    password_step(other, coach)
    again = other.submit("/inloggen/code", {"code": code})
    assert "Deze code klopt niet" in again.get_data(as_text=True)
    assert sessions_of(coach) == 1


def test_recovery_code_works_once(app: Flask, client: Any, make_user: Any, login_as: Any) -> None:
    employee = make_user()
    login_as(employee)
    codes = set_up(client)
    client.submit("/uitloggen")
    password_step(client, employee)
    assert client.submit("/inloggen/code", {"code": codes[0].upper()}).status_code == 302
    client.submit("/uitloggen")
    password_step(client, employee)
    page = client.submit("/inloggen/code", {"code": codes[0]}).get_data(as_text=True)
    assert "Deze code klopt niet" in page
    assert twofactor.unused_recovery_codes(employee.id) == 9


def test_the_code_step_expires(client: Any, make_user: Any) -> None:
    coach = make_user(role="coach")
    password_step(client, coach)
    import datetime as dt

    from sqlalchemy import update

    from portal.auth.pending import PendingLogin

    db.session.execute(update(PendingLogin).values(created_at=utcnow() - dt.timedelta(seconds=301)))
    db.session.commit()
    response = client.submit("/inloggen/code", {"code": totp_code(coach)})
    assert response.headers["Location"] == "/inloggen"


def test_wrong_codes_lock_the_account(client: Any, make_user: Any) -> None:
    coach = make_user(role="coach")
    password_step(client, coach)
    for _ in range(5):
        client.submit("/inloggen/code", {"code": "123456"})
    client.submit("/inloggen/code", {"code": totp_code(coach)})
    assert sessions_of(coach) == 0


def test_employees_may_switch_it_on_and_off(client: Any, make_user: Any, login_as: Any) -> None:
    employee = make_user()
    login_as(employee)
    assert client.get("/account/").status_code == 200  # optional for employees
    set_up(client)
    state = twofactor.of(employee.id)
    assert state is not None and state.secret is not None
    code = pyotp.TOTP(state.secret).at((state.last_step + 1) * twofactor.STEP)
    client.submit("/account/tweestaps", {"action": "off", "password": PASSWORD, "code": code})
    assert not twofactor.is_enabled(employee.id)


def test_staff_cannot_switch_it_off(client: Any, make_user: Any, login_as: Any) -> None:
    coach = make_user(role="coach")
    login_as(coach)
    client.submit(
        "/account/tweestaps", {"action": "off", "password": PASSWORD, "code": totp_code(coach)}
    )
    assert twofactor.is_enabled(coach.id)


def test_new_recovery_codes_need_password_and_code(
    client: Any, make_user: Any, login_as: Any
) -> None:
    coach = make_user(role="coach")
    login_as(coach)
    page = client.submit(
        "/account/tweestaps", {"action": "codes", "password": "fout", "code": "000000"}
    ).get_data(as_text=True)
    assert "klopt niet" in page
    page = client.submit(
        "/account/tweestaps", {"action": "codes", "password": PASSWORD, "code": totp_code(coach)}
    ).get_data(as_text=True)
    assert len(re.findall(r"<li><code>", page)) == 10


def test_require_for_everyone(app_config: dict[str, Any], make_user: Any) -> None:
    from portal import create_app

    application = create_app({**app_config, "REQUIRE_2FA": "all"})
    application.test_client_class = Client
    with application.app_context():
        employee = make_user()
        client = log_in(application.test_client(), employee)  # type: ignore[arg-type]
        assert client.get("/").headers["Location"] == "/account/tweestaps"
        db.engine.dispose()


def test_admin_resets_two_step_login(
    app: Flask, client: Any, make_user: Any, login_as: Any, mailbox: Any
) -> None:
    coach = make_user(role="coach")
    coach_client = log_in(app.test_client(), coach)  # type: ignore[arg-type]
    login_as(make_user(role="admin"))
    client.submit(f"/admin/accounts/{coach.id}/tweestaps-resetten")
    assert not twofactor.is_enabled(coach.id)
    assert coach_client.get("/coach/").status_code == 302  # sessions ended
    assert "opnieuw in" in mailbox.bodies()[-1]
    assert mailbox.messages[-1]["To"] == coach.email


def test_the_secret_is_sealed_at_rest(app: Flask, make_user: Any) -> None:
    coach = make_user(role="coach")
    state = twofactor.of(coach.id)
    assert state is not None and TOTP_SECRET not in (state.secret_sealed or "")
    assert state.secret == TOTP_SECRET
