"""Who can open a share, for how long, and the access log row of every read."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.audit import services as audit_services
from portal.audit.models import AccessEvent
from portal.auth.models import User
from portal.db import db
from portal.links.models import CareLink
from portal.links.services import end_link
from portal.sharing import services as sharing
from portal.sharing.models import Share, ShareReply
from tests.conftest import Client, count_queries, freeze
from tests.sharing.conftest import make_share, share_through_forms


def access_rows(share: Share, kind: str | None = None) -> int:
    query = select(func.count()).where(AccessEvent.share_id == share.id)
    if kind:
        query = query.where(AccessEvent.event == kind)
    return db.session.scalar(query) or 0


@pytest.fixture
def shared(people: dict[str, User], new_client: Callable[[User], Client]) -> Share:
    """A share from Eva to her professional, made through the forms."""
    share_through_forms(new_client(people["eva"]), people["doctor"], {"free": "Hallo dokter"})
    return db.session.scalars(select(Share)).one()


def test_a_new_share_is_visible_to_exactly_one_person(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    url, own = f"/delen/ontvangen/{shared.id}", f"/delen/{shared.id}"
    doctor = new_client(people["doctor"])
    assert doctor.get(url).status_code == 200
    assert "Summary from Eva Employee" in doctor.get("/professional/?lang=en").get_data(
        as_text=True
    )
    assert doctor.get(own).status_code == 404
    for name in ("other_doctor", "coach", "other_coach", "admin", "other_employee", "eva"):
        client = new_client(people[name])
        for path in (url, url + ".pdf"):
            assert client.get(path).status_code == 404, (name, path)
        assert client.submit(url + "/antwoord", {"body": "x"}).status_code == 404, name
        if name != "eva":
            assert client.get(own).status_code == 404, name
            assert client.submit(own + "/intrekken").status_code == 404, name
    coach_page = new_client(people["coach"]).get("/coach/?lang=en").get_data(as_text=True)
    assert "Summary from Eva" not in coach_page
    assert new_client(people["eva"]).get(own).status_code == 200


def test_revoke_takes_effect_on_the_next_request_in_an_open_session(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor, eva = new_client(people["doctor"]), new_client(people["eva"])
    assert doctor.get(f"/delen/ontvangen/{shared.id}").status_code == 200
    response = eva.submit(f"/delen/{shared.id}/intrekken?terug=lijst")  # one click, from the list
    assert response.headers["Location"] == "/delen/"
    assert doctor.get(f"/delen/ontvangen/{shared.id}").status_code == 404
    assert doctor.get(f"/delen/ontvangen/{shared.id}.pdf").status_code == 404
    assert (
        "Eva Employee"
        not in doctor.get("/professional/")
        .get_data(as_text=True)
        .split("shares-title")[1]
        .split("linked-title")[0]
    )
    again = eva.submit(f"/delen/{shared.id}/intrekken?lang=en")
    assert again.status_code == 302
    page = eva.get(again.headers["Location"]).get_data(as_text=True)
    assert "You had already stopped sharing this summary." in page
    assert "What was already read cannot be unread" in page


def test_expiry_takes_effect_on_the_next_request(
    people: dict[str, User], new_client: Callable[[User], Client], monkeypatch: Any
) -> None:
    share_through_forms(new_client(people["eva"]), people["doctor"], {"free": "Kort"}, "7")
    share = db.session.scalars(select(Share)).one()
    doctor = new_client(people["doctor"])
    assert doctor.get(f"/delen/ontvangen/{share.id}").status_code == 200
    later = share.created_at + dt.timedelta(days=7, seconds=1)
    freeze(monkeypatch, later)
    doctor = new_client(people["doctor"])  # a week on, the earlier login has expired
    assert doctor.get(f"/delen/ontvangen/{share.id}").status_code == 404
    assert "Kort" not in doctor.get("/professional/").get_data(as_text=True)
    owner = new_client(people["eva"]).get("/delen/?lang=en").get_data(as_text=True)
    assert "Ended on" in owner


def test_an_ended_link_closes_the_share(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    assert doctor.get(f"/delen/ontvangen/{shared.id}").status_code == 200
    end_link(db.session.get_one(CareLink, shared.link_id))
    db.session.commit()
    assert doctor.get(f"/delen/ontvangen/{shared.id}").status_code == 404


def test_every_reading_session_leaves_one_access_log_row_per_thing_opened(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    for _ in range(3):  # reloads in one reading session
        assert doctor.get(f"/delen/ontvangen/{shared.id}").status_code == 200
        assert access_rows(shared, "share.opened") == 1
    doctor.submit(f"/delen/ontvangen/{shared.id}/antwoord", {"body": "Dank je"})
    assert doctor.get(f"/delen/ontvangen/{shared.id}").status_code == 200
    assert access_rows(shared, "share.opened") == 1  # back after the note: the same session
    pdf = doctor.get(f"/delen/ontvangen/{shared.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    doctor.get(f"/delen/ontvangen/{shared.id}.pdf")
    assert access_rows(shared, "share.pdf") == 1 and access_rows(shared) == 2
    again = new_client(people["doctor"])  # a new login is a new reading session
    assert again.get(f"/delen/ontvangen/{shared.id}").status_code == 200
    assert access_rows(shared, "share.opened") == 2
    row = db.session.scalars(select(AccessEvent).where(AccessEvent.event == "share.pdf")).one()
    assert (row.employee_id, row.actor_id, row.actor_role) == (
        people["eva"].id,
        people["doctor"].id,
        "professional",
    )
    db.session.refresh(shared)
    assert shared.first_opened_at is not None
    owner = new_client(people["eva"])
    log_page = owner.get("/account/toegang?lang=en").get_data(as_text=True)
    assert log_page.count("Dokter Dirk") == 3  # two opens (two sessions) and one PDF
    assert "Opened for the first time" in owner.get(f"/delen/{shared.id}?lang=en").get_data(
        as_text=True
    )


def test_a_read_that_cannot_be_logged_is_refused(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client], monkeypatch: Any
) -> None:
    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(audit_services, "record_access", broken)
    doctor = new_client(people["doctor"])
    for path in (f"/delen/ontvangen/{shared.id}", f"/delen/ontvangen/{shared.id}.pdf"):
        response = doctor.get(path)
        assert response.status_code == 503
        assert "Hallo dokter" not in response.get_data(as_text=True)
        assert b"%PDF" not in response.data
    db.session.refresh(shared)
    assert shared.first_opened_at is None and access_rows(shared) == 0


def test_replies_reach_the_employee(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    empty = doctor.submit(f"/delen/ontvangen/{shared.id}/antwoord?lang=en", {"body": "  "})
    assert "Write a note or fill in at least one piece of advice." in empty.get_data(as_text=True)
    sent = doctor.submit(f"/delen/ontvangen/{shared.id}/antwoord", {"body": "Tot dinsdag"})
    assert sent.headers["Location"] == f"/delen/ontvangen/{shared.id}"
    reply = db.session.scalars(select(ShareReply)).one()
    assert reply.author_id == people["doctor"].id and reply.body == "Tot dinsdag"
    eva = new_client(people["eva"])
    assert "Tot dinsdag" in eva.get(f"/delen/{shared.id}").get_data(as_text=True)
    assert "Dokter Dirk" in eva.get("/delen/").get_data(as_text=True)
    eva.submit(f"/delen/{shared.id}/intrekken")
    assert doctor.submit(f"/delen/ontvangen/{shared.id}/antwoord", {"body": "x"}).status_code == 404


def test_the_coach_receives_a_share_with_the_same_rules(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    share_through_forms(new_client(people["eva"]), people["coach"], {"free": "Voor de check-in"})
    share = db.session.scalars(select(Share)).one()
    coach = new_client(people["coach"])
    listing = coach.get("/coach/?lang=en").get_data(as_text=True)
    assert "Shared with you" in listing and f"/delen/ontvangen/{share.id}" in listing
    assert "Voor de check-in" in coach.get(f"/delen/ontvangen/{share.id}").get_data(as_text=True)
    assert access_rows(share, "share.opened") == 1
    assert new_client(people["doctor"]).get(f"/delen/ontvangen/{share.id}").status_code == 404
    new_client(people["eva"]).submit(f"/delen/{share.id}/intrekken")
    assert coach.get(f"/delen/ontvangen/{share.id}").status_code == 404


def test_the_pdf_has_the_name_and_date_in_the_footer(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    pdf = new_client(people["doctor"]).get(f"/delen/ontvangen/{shared.id}.pdf?lang=en").data
    text = pdf_text(pdf)
    assert "Hallo dokter" in text
    footer_line = next(line for line in text.splitlines() if "Eva Employee, shared on" in line)
    assert str(shared.created_at.year) in footer_line


def pdf_text(pdf: bytes) -> str:
    """Extract the text of a PDF with pdftotext (poppler-utils)."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode()


def test_list_pages_use_a_constant_number_of_queries(
    app: Any, people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva, doctor = people["eva"], people["doctor"]
    owner, receiver = new_client(eva), new_client(doctor)
    first = make_share(eva, doctor)
    db.session.add(ShareReply(share_id=first.id, author_id=doctor.id))
    db.session.commit()
    one = (count_queries(app, owner, "/delen/"), count_queries(app, receiver, "/professional/"))
    for n in range(19):
        share = make_share(eva, doctor, revoked_at=first.created_at if n % 3 == 0 else None)
        db.session.add(ShareReply(share_id=share.id, author_id=doctor.id))
    db.session.commit()
    many = (count_queries(app, owner, "/delen/"), count_queries(app, receiver, "/professional/"))
    assert many == one, (one, many)
    print(f"queries /delen/ and /professional/ with 1 and 20 shares: {one} {many}")


def test_home_summary_counts_live_shares_and_the_draft(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    none = {"advice": 0, "advice_from": None}  # advice: tests/sharing/test_advice_heads_up.py
    assert sharing.home_summary(eva.id) == {"active": 0, "has_draft": False} | none
    make_share(eva, people["doctor"])
    make_share(eva, people["coach"], revoked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    new_client(eva).submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["free"]})
    assert sharing.home_summary(eva.id) == {"active": 1, "has_draft": True} | none


@pytest.mark.parametrize("revoked", [False, True])
@pytest.mark.parametrize("expires", [None, "past", "ahead"])
def test_the_live_rule_is_the_same_in_python_and_in_sql(
    people: dict[str, User], revoked: bool, expires: str | None
) -> None:
    """Share.is_live and Share.live_at (the query form) agree in every combination."""
    moment = clock.now()
    shared = make_share(people["eva"], people["doctor"])
    shared.revoked_at = moment - dt.timedelta(minutes=1) if revoked else None
    offsets = {None: None, "past": -dt.timedelta(hours=1), "ahead": dt.timedelta(hours=1)}
    offset = offsets[expires]
    shared.expires_at = None if offset is None else moment + offset
    db.session.commit()
    in_sql = db.session.scalar(select(Share.id).where(Share.id == shared.id, Share.live_at(moment)))
    assert shared.is_live(moment) is (in_sql is not None)
    assert shared.is_live(moment) is (not revoked and expires != "past")
