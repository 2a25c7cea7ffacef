"""Sharing by link and code with someone without an account."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask
from sqlalchemy import func, select, text

from portal import clock
from portal.audit.models import AccessEvent
from portal.codeshare.models import CodeShare
from portal.db import db, utcnow
from tests.conftest import Client

LINK = re.compile(r'value="https?://[^"]*(/inzien/[A-Za-z0-9_\-]+)"')
CODE = re.compile(r'id="share-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


#: Step 1 for someone without an account: who, and which parts of a summary.
STEP1 = {
    "recipient": "code",
    "code_name": "Dr. Visser",
    "code_role": "verzekeringsarts",
    "code_org": "UWV",
    "sections": ["dossier", "free"],
    "title": "Mijn dossier",
}


def make_share(client: Any, *, days: str = "7", **step3: Any) -> tuple[str, str]:
    """Add a contact, compose a summary with it for someone without an account; (link, code)."""
    client.submit(
        "/dossier/nieuw/contact",
        {
            "happened_on": clock.today().isoformat(),
            "how": "phone",
            "who_role": "casemanager",
            "said": "GEDEELD-TEKST-12",
        },
    )
    assert client.submit("/delen/nieuw", STEP1).status_code == 302
    texts = {"dossier": "", "free": "EIGEN-WOORDEN-7"}
    assert client.submit("/delen/nieuw/tekst", texts).status_code == 302
    response = client.submit("/delen/nieuw/voorbeeld", {"days": days, **step3})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link, code = LINK.search(page), CODE.search(page)
    assert link and code
    return link.group(1), code.group(1)


def shares_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CodeShare)) or 0


def visitor(app: Flask) -> Client:
    """A fresh browser without an account."""
    app.test_client_class = Client
    return app.test_client()  # type: ignore[return-value]


def enter(client: Client, path: str, code: str) -> Any:
    return client.post(path, data={"csrf_token": client.csrf_token(), "code": code})


def test_employer_and_missing_person_are_refused_in_step_1(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    for bad in (
        {"code_role": "werkgever"},
        {"code_role": "Leidinggevende"},
        {"code_role": "employer"},
        {"code_role": "HR"},
        {"code_org": "mijn werkgever"},
        {"code_name": ""},
        {"code_name": "   "},
        {"code_role": ""},
        {"recipient": "iemand"},
        {"recipient": "0"},
        {"sections": ["selfcheck"]},  # self-check scores go only to the coach
    ):
        response = client.submit("/delen/nieuw", {**STEP1, **bad})
        assert response.status_code == 200, bad
    page = client.submit("/delen/nieuw", {**STEP1, "code_role": "werkgever"})
    body = page.get_data(as_text=True).lower()
    assert "werkgever mag geen" in body or "employer may not" in body
    assert shares_count() == 0
    assert client.get("/delen/nieuw/tekst").status_code == 302  # no draft was stored


def test_expiry_is_required_and_at_most_30_days(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    assert client.submit("/delen/nieuw", {**STEP1, "sections": ["free"]}).status_code == 302
    assert client.submit("/delen/nieuw/tekst", {"free": "Tekst"}).status_code == 302
    preview = client.get("/delen/nieuw/voorbeeld").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="days"[^>]*value="7"', preview)  # default 7
    for days in ("", "0", "31", "90", "zeven", "1e309", "-1"):
        response = client.submit("/delen/nieuw/voorbeeld", {"days": days})
        assert response.status_code == 200, days
        assert "30" in response.get_data(as_text=True)
    assert shares_count() == 0
    assert client.submit("/delen/nieuw/voorbeeld", {"days": "30"}).status_code == 302
    share = db.session.scalars(select(CodeShare)).one()
    assert dt.timedelta(days=29, hours=23) < share.expires_at - share.created_at
    assert share.expires_at - share.created_at <= dt.timedelta(days=30)


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
    assert "EIGEN-WOORDEN-7" in body  # the composed summary, not only the dossier
    view_pass = re.search(r'name="view_pass" type="hidden" value="([^"]+)"', body)
    assert view_pass
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert csrf
    pdf = guest.post(
        f"{path}/pdf", data={"csrf_token": csrf.group(1), "view_pass": view_pass.group(1)}
    )
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"
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
    hostile_new = {**STEP1, "code_name": "<b>x</b>", "code_role": '"><svg onload=1>'}
    assert client.submit("/delen/nieuw", hostile_new).status_code == 302
    client.submit("/delen/nieuw/tekst", {"free": "t"})
    response = client.submit("/delen/nieuw/voorbeeld", {"days": "1e309"})
    assert response.status_code == 200 and "<svg onload" not in response.get_data(as_text=True)


def test_reader_sees_exactly_the_preview_and_the_pdf_holds_it(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    import subprocess

    from tests.sharing.test_dossier_part import article

    login_as(make_user())
    client.submit(
        "/dossier/nieuw/contact",
        {"happened_on": "2026-01-05", "how": "letter", "who_role": "UWV", "said": "BRIEF-9"},
    )
    step1 = {**STEP1, "sections": ["work", "dossier", "free"], "birth_date": "1980-03-14"}
    assert client.submit("/delen/nieuw", step1).status_code == 302
    texts = {"work": "WERK-8", "dossier": "UITLEG-8", "free": "EIGEN-8"}
    assert client.submit("/delen/nieuw/tekst", texts).status_code == 302
    preview = client.get("/delen/nieuw/voorbeeld").get_data(as_text=True)
    assert "Dr. Visser" in preview and "14 maart 1980" in preview
    response = client.submit("/delen/nieuw/voorbeeld", {"days": "1", "is_one_time": "y"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    path, code = LINK.search(page), CODE.search(page)
    assert path and code
    share = db.session.scalars(select(CodeShare)).one()
    assert share.is_one_time and share.expires_at - share.created_at == dt.timedelta(days=1)
    guest = visitor(app)
    opened = enter(guest, path.group(1), code.group(1)).get_data(as_text=True)
    assert article(opened) == article(preview)
    assert "14 maart 1980" in opened and "Vertrouwelijk" in opened
    assert "/dossier/" not in opened and "/delen/" not in opened  # nothing else is reachable
    view_pass = re.search(r'name="view_pass" type="hidden" value="([^"]+)"', opened)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', opened)
    assert view_pass and csrf
    pdf = guest.post(
        f"{path.group(1)}/pdf", data={"csrf_token": csrf.group(1), "view_pass": view_pass.group(1)}
    )
    printed = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True
    ).stdout.decode()
    for text_ in ("WERK-8", "UITLEG-8", "EIGEN-8", "BRIEF-9", "Dr. Visser"):
        assert text_ in printed, text_
    # one-time use: the second open is refused, the employee sees it was used
    assert enter(visitor(app), path.group(1), code.group(1)).status_code == 404
    detail = client.get(f"/delen/code/{share.id}").get_data(as_text=True)
    assert "1 keer" in detail or "1 times" in detail


def test_share_made_before_summaries_still_opens(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    from portal.codeshare import services as codes
    from portal.crypto import new_row_key

    owner = make_user()
    share = CodeShare(
        employee_id=owner.id,
        token_hash=codes.hash_token("oude-link-" + "x" * 30),
        expires_at=utcnow() + dt.timedelta(days=3),
        row_key=new_row_key(),
    )
    share.code_hash = codes.hash_code(share, "ABCD-EFGH")
    share.recipient_name, share.recipient_role, share.title = "Dr. Oud", "huisarts", "Oud"
    item = {"day": "2026-01-05", "kind": "note", "title": "N", "lines": [["Note", "OUD-ITEM-3"]]}
    share.snapshot = {"owner": "Eva", "items": [item]}
    db.session.add(share)
    db.session.commit()
    opened = enter(visitor(app), "/inzien/oude-link-" + "x" * 30, "abcd efgh")
    assert opened.status_code == 200 and "OUD-ITEM-3" in opened.get_data(as_text=True)
    login_as(owner)
    detail = client.get(f"/delen/code/{share.id}").get_data(as_text=True)
    assert "OUD-ITEM-3" in detail  # the employee sees what was shared, too


def test_a_code_read_that_cannot_be_logged_shows_nothing(
    app: Flask, client: Any, make_user: Any, login_as: Any, monkeypatch: Any
) -> None:
    """The one failure rule also holds for a reader without an account: 503, nothing shown."""
    from portal.codeshare import services as codes

    owner = make_user()
    login_as(owner)
    path, code = make_share(client)

    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(codes, "record_access", broken)
    guest = visitor(app)
    guest.get(path)
    refused = enter(guest, path, code)
    assert refused.status_code == 503
    assert "GEDEELD-TEKST-12" not in refused.get_data(as_text=True)
    share = db.session.scalars(select(CodeShare)).one()
    db.session.refresh(share)
    assert share.open_count == 0 and share.first_opened_at is None
    assert db.session.scalars(select(AccessEvent)).all() == []
