"""The "password step passed" marker lives server-side (issue 19, item 10)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from portal.auth.models import UserSession
from portal.auth.pending import PendingLogin
from portal.db import db, utcnow
from tests.conftest import PASSWORD, totp_code


def test_a_forged_cookie_cannot_skip_the_password_step(client: Any, make_user: Any) -> None:
    """Whoever holds the secret key can write any cookie; it still needs a server row."""
    coach = make_user(role="coach")
    with client.session_transaction() as session:  # signed with the real secret key
        session.update(pending_user=coach.id, pending_at=utcnow().timestamp(), pending_next=None)
        session["pending"] = "a-token-the-server-never-issued"
    response = client.submit("/inloggen/code", {"code": totp_code(coach)})
    assert response.headers["Location"] == "/inloggen"
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_the_cookie_holds_only_a_token_and_the_row_is_spent(client: Any, make_user: Any) -> None:
    coach = make_user(role="coach")
    client.submit("/inloggen", {"email": coach.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert set(session) - {"csrf_token", "lang", "_fresh"} == {"pending"}
        assert len(session["pending"]) >= 40  # a random token, no user id
    assert db.session.scalar(select(func.count()).select_from(PendingLogin)) == 1
    assert client.submit("/inloggen/code", {"code": totp_code(coach)}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PendingLogin)) == 0
