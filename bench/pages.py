"""The measured pages: who opens them and at which address, per generated person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Employees whose sessions the load rotates over (index 0 is the main bench user; 1 and 2
#: are the "730 entries" and "0 entries" people, kept for the query-constancy check).
ROTATION = (0, 3, 4, 5, 6, 7)
#: The brochure chapter measured (the longest one).
CHAPTER = "stap-voor-stap"


@dataclass(frozen=True)
class Page:
    """One measured page."""

    name: str
    label: str
    #: Address for one person (their manifest entry).
    path: Callable[[dict[str, Any]], str]
    #: "anyone", "employees" (rotated), "main" (employee 0 only), "professional" or "peer"
    #: (the peer app's own users, bench/peer.py).
    who: str
    #: Connections for the throughput run; None means the run's default.
    connections: int | None = None
    html: bool = True


def _share(person: dict[str, Any]) -> str:
    share = person["shares"][0]["id"]  # the first share goes to the professional
    return f"/delen/ontvangen/{share}"


PAGES: tuple[Page, ...] = (
    Page("hello", "bare Flask hello (ceiling)", lambda p: "/__hello/", "anyone", html=False),
    Page(
        "peer",
        "peer: minimal logged-in Flask-SQLAlchemy page",
        lambda p: "/__peer/",
        "peer",
        html=False,
    ),
    Page("home", "employee home", lambda p: "/", "employees"),
    Page("logbook_week", "logbook week", lambda p: "/logboek/week", "employees"),
    Page("trends_year", "trends for a year", lambda p: "/logboek/trends?periode=1j", "employees"),
    Page(
        "talk_prepare",
        "talk preparation (what I can and cannot do)",
        lambda p: f"/gesprekken/{p['next_talk']}/voorbereiden/kunnen",
        "employees",
    ),
    Page("messages_2000", "conversation with 2,000 messages", lambda p: "/berichten/", "main"),
    Page("share_open", "professional opens a share", _share, "professional"),
    Page("brochure", "brochure chapter", lambda p: f"/werkwijzer/{CHAPTER}", "employees"),
    Page(
        "talk_card_pdf",
        "talk-card PDF (1 connection)",
        lambda p: f"/gesprekken/{p['next_talk']}/kaart.pdf",
        "employees",
        connections=1,
        html=False,
    ),
    Page(
        "share_pdf",
        "share PDF, opened by the professional (1 connection)",
        lambda p: _share(p) + ".pdf",
        "professional",
        connections=1,
        html=False,
    ),
)

#: Measured in every run, whatever --pages says: the yardsticks.
ALWAYS = ("hello", "peer")


def by_name(names: list[str] | None) -> list[Page]:
    """Return the pages asked for (all when names is empty), hello and the peer always."""
    if not names:
        return list(PAGES)
    return [p for p in PAGES if p.name in ALWAYS or p.name in names]
