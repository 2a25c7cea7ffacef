"""Sharing by link and code with someone without an account."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from sqlalchemy import func, select, text

from portal.audit.models import AccessEvent
from portal.codeshare.models import CodeShare
from portal.consults.services import local_today
from portal.db import db, utcnow
from tests.conftest import Client

LINK = re.compile(r'value="https?://[^"]*(/inzien/[A-Za-z0-9_\-]+)"')
CODE = re.compile(r'id="share-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


def make_share(client: Any, **overrides: Any) -> tuple[str, str]:
    """Add a contact to the dossier, share it by code, return (link path, code)."""
    client.submit(
        "/dossier/nieuw/contact",
        {
            "happened_on": local_today().isoformat(),
            "how": "phone",
            "who_role": "casemanager",
            "said": "GEDEELD-TEKST-12",
        },
    )
    data = {"name": "Dr. Visser", "role": "verzekeringsarts", "organisation": "UWV", "days": "7"}
    data["title"] = "Mijn dossier"
    response = client.submit("/delen/code/nieuw", {**data, **overrides})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link, code = LINK.search(page), CODE.search(page)
    assert link and code
    return link.group(1), code.group(1)


def visitor(app: Flask) -> Client:
    """A fresh browser without an account."""
    app.test_client_class = Client
    return app.test_client()  # type: ignore[return-value]


def enter(client: Client, path: str, code: str) -> Any:
    return client.post(path, data={"csrf_token": client.csrf_token(), "code": code})


def test_employer_and_bad_expiry_are_refused(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    base = {"name": "X", "role": "bedrijfsarts", "days": "7", "title": "T"}
    for bad in (
        {"role": "werkgever"},
        {"role": "Leidinggevende"},
        {"role": "employer"},
        {"organisation": "mijn werkgever"},
        {"days": "0"},
        {"days": "31"},
        {"days": ""},
        {"days": "zeven"},
        {"name": ""},
    ):
        response = client.submit("/delen/code/nieuw", {**base, **bad})
        assert response.status_code == 200, bad
    page = client.submit("/delen/code/nieuw", {**base, "role": "werkgever"}).get_data(as_text=True)
    assert "werkgever mag geen" in page.lower() or "employer may not" in page.lower()
    assert db.session.scalar(select(func.count()).select_from(CodeShare)) == 0


def test_link_and_code_open_the_frozen_share_once_logged(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    owner = make_user()
    login_as(owner)
    path, code = make_share(client)
    share = db.session.scalars(select(CodeShare)).one()
    raw = db.session.execute(text("SELECT recipient_name_sealed, code_hash FROM code_shares")).one()
    assert "Visser" not in raw[0] and code.replace("-", "") not in raw[1]
    assert CODE.search(client.get(f"/delen/code/{share.id}").get_data(as_text=True)) is None

    guest = visitor(app)
    first = guest.get(path)
    assert first.status_code == 200 and "GEDEELD-TEKST-12" not in first.get_data(as_text=True)
    assert first.headers["X-Robots-Tag"].startswith("noindex")
    assert first.headers["Cache-Control"] == "no-store"
    for cookie in first.headers.getlist("Set-Cookie"):
        assert "expires" not in cookie.lower() and "max-age" not in cookie.lower()
    wrong = enter(guest, path, "AAAA-AAAA")
    assert wrong.status_code == 400 and "GEDEELD-TEKST-12" not in wrong.get_data(as_text=True)
    assert guest.get(path.replace(path[-5:], "xxxxx")).status_code == 404
    opened = enter(guest, path, code.lower().replace("-", " "))
    body = opened.get_data(as_text=True)
    assert opened.status_code == 200 and "GEDEELD-TEKST-12" in body
    view_pass = re.search(r'name="view_pass" type="hidden" value="([^"]+)"', body)
    assert view_pass
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert csrf
    pdf = guest.post(
        f"{path}/pdf", data={"csrf_token": csrf.group(1), "view_pass": view_pass.group(1)}
    )
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    forged = guest.post(f"{path}/pdf", data={"csrf_token": csrf.group(1), "view_pass": "x.y.z"})
    assert forged.status_code == 404
    events = db.session.scalars(
        select(AccessEvent).where(AccessEvent.employee_id == owner.id)
    ).all()
    assert [e.event for e in events] == ["codeshare.opened", "codeshare.pdf"]
    assert {e.actor_role for e in events} == {"code"}
    log_page = client.get("/account/toegang").get_data(as_text=True)
    assert "Dr. Visser" in log_page
    detail = client.get(f"/delen/code/{share.id}").get_data(as_text=True)
    assert "1 keer" in detail or "1 times" in detail


def test_wrong_codes_lock_the_link(app: Flask, client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    path, code = make_share(client)
    guest = visitor(app)
    for _ in range(4):
        assert enter(guest, path, "ZZZZ-ZZZZ").status_code == 400
    assert enter(guest, path, "ZZZZ-ZZZZ").status_code == 404
    assert enter(guest, path, code).status_code == 404
    assert "GEDEELD" not in guest.get(path).get_data(as_text=True)
    assert db.session.scalars(select(CodeShare)).one().locked_at is not None


def test_one_time_expired_and_revoked_links_are_closed(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    path, code = make_share(client, is_one_time="y")
    guest = visitor(app)
    assert enter(guest, path, code).status_code == 200
    assert enter(visitor(app), path, code).status_code == 404

    path, code = make_share(client)
    share = db.session.scalars(select(CodeShare).order_by(CodeShare.id.desc())).first()
    assert share is not None
    share.expires_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    assert enter(visitor(app), path, code).status_code == 404

    path, code = make_share(client)
    share = db.session.scalars(select(CodeShare).order_by(CodeShare.id.desc())).first()
    assert share is not None
    assert client.submit(f"/delen/code/{share.id}/intrekken").status_code == 302
    assert enter(visitor(app), path, code).status_code == 404
    assert visitor(app).get(path).status_code == 404


def test_others_cannot_see_or_revoke(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    make_share(client)
    share_id = db.session.scalar(select(CodeShare.id))
    client.submit("/uitloggen")
    login_as(make_user())
    assert client.get(f"/delen/code/{share_id}").status_code == 404
    assert client.submit(f"/delen/code/{share_id}/intrekken").status_code == 404
    assert "Visser" not in client.get("/delen/code/").get_data(as_text=True)


def test_hostile_codes_and_tokens_never_fail(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    from tests.test_hostile_input import HOSTILE

    login_as(make_user())
    path, code = make_share(client)
    guest = visitor(app)
    for value in HOSTILE:
        response = enter(guest, path, value)
        assert response.status_code < 500, value
        if "<" in value or '"' in value:
            assert value not in response.get_data(as_text=True), value
        token_url = "/inzien/" + value.replace("/", "").replace("?", "").replace("#", "")
        assert guest.get(token_url).status_code in (404, 405, 308), value
    assert enter(guest, path, code).status_code == 404  # locked by now: guessing does not pay
    hostile_new = {"name": "<b>x</b>", "role": '"><svg onload=1>', "days": "1e309", "title": "t"}
    response = client.submit("/delen/code/nieuw", hostile_new)
    assert response.status_code == 200 and "<svg onload" not in response.get_data(as_text=True)
