"""The advice loop: a professional replies with structured advice, the employee decides.

Only the professional who received the share sends advice; only the employee takes it over
into their own agreements; the next summary counts how many of them are done; the employer
never sees it.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.models import User
from portal.consults.models import Agreement
from portal.db import db
from portal.sharing.models import AdviceKind, AdviceState, Share, ShareAdvice, ShareReply
from tests.conftest import Client
from tests.sharing.conftest import add_talk, make_share


@pytest.fixture
def shared(people: dict[str, User]) -> Share:
    """A share from Eva to her professional."""
    return make_share(people["eva"], people["doctor"], "Hallo dokter")


def later(days: int) -> str:
    """Return a date some days from today, as the form posts it."""
    return (clock.today() + dt.timedelta(days=days)).isoformat()


def advice_form(**values: str) -> dict[str, str]:
    """Return a full advice form with some fields filled in."""
    empty = {f"{name}_{n}": "" for name in ("what", "due") for n in (1, 2, 3)}
    return {"body": "", "next_talk_on": "", "treater": "", **empty, **values}


def send_advice(doctor: Client, share: Share) -> None:
    """Send a reply with two agreements, the next talk and a treater question."""
    response = doctor.submit(
        f"/delen/ontvangen/{share.id}/antwoord",
        advice_form(
            body="Goed voorbereid.",
            what_1="Elke dag een half uur wandelen",
            due_1=later(14),
            what_2="Met leidinggevende werkplek bespreken",
            next_talk_on=later(28),
            treater="Is de therapie gericht op werkhervatting?",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_the_professional_sends_structured_advice(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    send_advice(doctor, shared)
    reply = db.session.scalars(select(ShareReply)).one()
    assert reply.body == "Goed voorbereid."
    items = db.session.scalars(select(ShareAdvice).order_by(ShareAdvice.position)).all()
    assert [(i.kind, i.text) for i in items] == [
        (AdviceKind.AGREEMENT, "Elke dag een half uur wandelen"),
        (AdviceKind.AGREEMENT, "Met leidinggevende werkplek bespreken"),
        (AdviceKind.NEXT_TALK, None),
        (AdviceKind.TREATER, "Is de therapie gericht op werkhervatting?"),
    ]
    assert items[0].due_on == clock.today() + dt.timedelta(days=14)
    assert all(i.state is AdviceState.OPEN and i.reply_id == reply.id for i in items)
    page = doctor.get(f"/delen/ontvangen/{shared.id}").get_data(as_text=True)
    assert "Elke dag een half uur wandelen" in page


def test_bad_advice_is_refused_and_changes_nothing(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    url = f"/delen/ontvangen/{shared.id}/antwoord?lang=en"
    cases = {
        "Write a note or fill in at least one piece of advice.": advice_form(),
        "Write the agreement that belongs to this date.": advice_form(due_2=later(3)),
        "Choose today or a later date.": advice_form(what_1="Wandelen", due_1=later(-1)),
        "This is not a date we can read.": advice_form(what_1="Wandelen", due_1="morgen"),
        "Write at most 5 questions.": advice_form(treater="\n".join("vraag" for _ in range(6))),
        "Use at most 500 characters.": advice_form(what_3="x" * 501),
        "characters that are not allowed": advice_form(what_1="a\x00b"),
    }
    refused_each(doctor, url, cases)


def refused_each(doctor: Client, url: str, cases: dict[str, dict[str, str]]) -> None:
    """Post each bad reply: its message shows, and no reply or advice is stored."""
    for message, data in cases.items():
        response = doctor.submit(url, data)
        assert response.status_code == 200, message
        assert message in response.get_data(as_text=True), message
    assert db.session.scalars(select(ShareReply)).all() == []
    assert db.session.scalars(select(ShareAdvice)).all() == []


def test_a_coach_cannot_send_advice(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    shared = make_share(people["eva"], people["coach"], "Voor de check-in")
    coach = new_client(people["coach"])
    page = coach.get(f"/delen/ontvangen/{shared.id}").get_data(as_text=True)
    assert 'name="what_1"' not in page
    response = coach.submit(
        f"/delen/ontvangen/{shared.id}/antwoord", advice_form(body="Hoi", what_1="Wandelen")
    )
    assert response.status_code == 302
    assert db.session.scalars(select(ShareReply)).one().body == "Hoi"
    assert db.session.scalars(select(ShareAdvice)).all() == []


def test_only_the_recipient_professional_can_send_advice(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    form = advice_form(what_1="Wandelen")
    for name in ("other_doctor", "eva", "other_employee", "coach", "admin"):
        response = new_client(people[name]).submit(f"/delen/ontvangen/{shared.id}/antwoord", form)
        assert response.status_code in (403, 404), name
    assert db.session.scalars(select(ShareAdvice)).all() == []


def test_the_employee_takes_advice_over_and_the_next_summary_counts_it(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    send_advice(new_client(people["doctor"]), shared)
    eva = new_client(people["eva"])
    page = eva.get("/gesprekken/afspraken").get_data(as_text=True)
    assert "Elke dag een half uur wandelen" in page and "Dokter Dirk" in page
    items = db.session.scalars(select(ShareAdvice).order_by(ShareAdvice.position)).all()
    walk, talk_with_boss, next_talk, treater = items

    assert (
        eva.submit(f"/delen/advies/{walk.id}/overnemen?terug=afspraken")
        .headers["Location"]
        .endswith("/gesprekken/afspraken")
    )
    assert eva.submit(f"/delen/advies/{next_talk.id}/overnemen").headers["Location"] == (
        f"/delen/{shared.id}"
    )
    eva.submit(f"/delen/advies/{treater.id}/overnemen")
    eva.submit(f"/delen/advies/{talk_with_boss.id}/afwijzen")

    agreements = {a.what: a for a in db.session.scalars(select(Agreement))}
    assert set(agreements) == {
        "Elke dag een half uur wandelen",
        "Volgend gesprek met Dokter Dirk",
        "Vraag aan mijn behandelaar: Is de therapie gericht op werkhervatting?",
    }
    walking = agreements["Elke dag een half uur wandelen"]
    assert walking.user_id == people["eva"].id
    assert walking.due_on == clock.today() + dt.timedelta(days=14)
    assert "Elke dag een half uur wandelen" in eva.get("/gesprekken/afspraken").get_data(
        as_text=True
    )

    # A second decision on the same item changes nothing.
    eva.submit(f"/delen/advies/{talk_with_boss.id}/overnemen")
    assert len(db.session.scalars(select(Agreement)).all()) == 3

    eva.submit(f"/gesprekken/afspraken/{walking.id}/klaar")
    chosen = eva.submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["since"]})
    assert chosen.status_code == 302
    lines = html.unescape(eva.get("/delen/nieuw/tekst").get_data(as_text=True))
    assert "Advies van Dokter Dirk" in lines
    assert "2 van 3 afspraken gedaan" not in lines  # the next talk is a date, not counted
    assert "1 van 2 afspraken gedaan" in lines
    assert "1 advies heb ik niet overgenomen." in lines


def test_only_the_employee_decides_on_advice(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    send_advice(doctor, shared)
    item = db.session.scalars(select(ShareAdvice)).first()
    assert item is not None
    for name in ("doctor", "other_employee", "coach", "admin", "other_doctor"):
        client = doctor if name == "doctor" else new_client(people[name])
        for action in ("overnemen", "afwijzen"):
            response = client.submit(f"/delen/advies/{item.id}/{action}")
            assert response.status_code in (403, 404), (name, action)
    assert db.session.scalars(select(Agreement)).all() == []
    db.session.refresh(item)
    assert item.state is AdviceState.OPEN


def test_advice_reaches_no_werkgeversversie_by_itself(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    talk = add_talk(people["eva"], "Afspraken maken", "Halve dagen", "Privé")
    send_advice(new_client(people["doctor"]), shared)
    eva = new_client(people["eva"])
    for item in db.session.scalars(select(ShareAdvice)).all():
        eva.submit(f"/delen/advies/{item.id}/overnemen")
    assert len(db.session.scalars(select(Agreement)).all()) == 4
    page = eva.get(f"/gesprekken/{talk.id}/werkgeversversie").get_data(as_text=True)
    assert "Eva Employee" in page  # the werkgeversversie itself is shown
    for text in ("Elke dag een half uur wandelen", "werkhervatting", "Dokter Dirk"):
        assert text not in page, text
