"""The employee's home page says calmly that new advice arrived, until every item is decided."""

from __future__ import annotations

import html
from collections.abc import Callable

from sqlalchemy import select

from portal.auth.models import Role, User
from portal.db import db
from portal.sharing.models import Share, ShareAdvice
from tests.conftest import Client
from tests.sharing.conftest import link, make_share
from tests.sharing.test_advice import send_advice

#: Words that would turn a heads-up into a reproach.
GUILT = (
    "still",
    "not yet",
    "forgot",
    "must",
    "should",
    "nog steeds",
    "vergeten",
    "moet",
    "nog niet",
)


def heads_up(client: Client, lang: str = "nl") -> str | None:
    """Return the text of the advice card on the home page, or None when there is none."""
    page = html.unescape(client.get(f"/?lang={lang}").get_data(as_text=True))
    if 'id="advice-title"' not in page:
        return None
    return page.split('id="advice-title"')[1].split("</section>")[0]


def test_new_advice_shows_on_home_until_each_item_is_decided(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    assert heads_up(eva) is None  # no advice, no card
    share = make_share(people["eva"], people["doctor"], "Hallo dokter")
    send_advice(new_client(people["doctor"]), share)  # 4 items

    card = heads_up(eva)
    assert card is not None
    assert "Nieuw advies" in card
    assert "Dokter Dirk heeft advies gestuurd bij een reactie op je samenvatting: 4 punten." in card
    assert 'href="/gesprekken/afspraken#advice-title"' in card
    english = heads_up(eva, "en")
    assert english is not None
    assert "Dokter Dirk sent advice with a reply to your summary: 4 items." in english
    for text in (card, english):
        words = " ".join(text.lower().split())
        assert not [w for w in GUILT if f" {w} " in words], words
    target = eva.get("/gesprekken/afspraken").get_data(as_text=True)
    assert 'id="advice-title"' in target and "Elke dag een half uur wandelen" in target

    items = db.session.scalars(select(ShareAdvice).order_by(ShareAdvice.position)).all()
    eva.submit(f"/delen/advies/{items[0].id}/overnemen?terug=afspraken", {})
    assert "3 punten" in (heads_up(eva) or "")  # one decided, three to go
    for item in items[1:3]:
        eva.submit(f"/delen/advies/{item.id}/overnemen?terug=afspraken", {})
    assert "1 punt." in (heads_up(eva) or "")
    eva.submit(f"/delen/advies/{items[3].id}/afwijzen?terug=afspraken", {})
    assert heads_up(eva) is None  # every item taken over or left out


def test_no_other_employee_sees_the_advice(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    share: Share = make_share(people["eva"], people["doctor"], "Hallo dokter")
    send_advice(new_client(people["doctor"]), share)
    other = new_client(people["other_employee"])
    assert heads_up(other) is None
    assert heads_up(other, "en") is None
    assert heads_up(new_client(people["eva"])) is not None


def test_advice_from_two_professionals_is_counted_without_one_name(
    people: dict[str, User],
    new_client: Callable[[User], Client],
    make_user: Callable[..., User],
) -> None:
    second = make_user(role=Role.PROFESSIONAL, name="Dokter Tweede")
    link(people["eva"], second)
    for doctor in (people["doctor"], second):
        send_advice(new_client(doctor), make_share(people["eva"], doctor, "Hallo"))
    card = heads_up(new_client(people["eva"]), "en") or ""
    assert "Advice came with replies to your summaries: 8 items." in card
    assert "Dokter" not in card
