"""The employee's treatment status: the choices, reading "since", and the lines of a summary.

The employee records their treaters once (``/dossier/behandeling``); a shared summary's
"Treatment" part is prefilled from it, one readable line per treater in the employee's
language, and the employee can still change every line before sharing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import format_date

from portal import clock
from portal.dossier.models import Treatment
from portal.i18n import _, _l

#: At most this many treaters (rows on the page).
MAX_TREATERS = 4
#: The id of the timeline item that states the consent rule and its source.
CONSENT_STEP = "toestemming-behandelaar"

KIND_LABELS: dict[str, Any] = {
    "huisarts": _l("GP (huisarts)"),
    "psycholoog": _l("Psychologist or psychotherapist"),
    "fysiotherapeut": _l("Physiotherapist"),
    "specialist": _l("Medical specialist"),
    "ergotherapeut": _l("Occupational therapist (ergotherapeut)"),
    "other": _l("Someone else"),
}
#: "May my bedrijfsarts contact this treater?"
CONTACT_LABELS: dict[str, Any] = {
    "yes": _l("Yes"),
    "no": _l("No"),
    "undecided": _l("Not decided yet"),
}
CONTACT_SENTENCES: dict[str, Any] = {
    "yes": _l("My bedrijfsarts may contact this treater."),
    "no": _l("My bedrijfsarts may not contact this treater."),
    "undecided": _l("I have not decided yet whether my bedrijfsarts may contact this treater."),
}

_SINCE = re.compile(r"^\s*(\d{1,4})\s*[-/. ]\s*(\d{1,4})(?:\s*[-/. ]\s*(\d{1,4}))?\s*$")


def parse_since(value: str) -> str | None:
    """Read a month or a day (03-2026, 2026-03, 15-03-2026, 2026-03-15) as ISO text.

    Returns "2026-03" for a month and "2026-03-15" for a day; None when it is neither.
    """
    found = _SINCE.match(value)
    if found is None:
        return None
    first, second, third = found.groups()
    if third is None:  # a month: MM-YYYY or YYYY-MM
        year, month = (first, second) if len(first) == 4 else (second, first)
        if len(year) != 4 or len(month) > 2:
            return None
        try:
            return dt.date(int(year), int(month), 1).isoformat()[:7]
        except ValueError:
            return None
    if len(first) == 4:
        year, month, day = first, second, third
    else:
        day, month, year = first, second, third
    if len(year) != 4 or len(month) > 2 or len(day) > 2:
        return None
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def since_date(iso: str) -> dt.date:
    """Return the first day a stored "since" stands for (the 1st for a month)."""
    return dt.date.fromisoformat(iso if len(iso) == 10 else f"{iso}-01")


def since_for_form(iso: str | None) -> str:
    """Write a stored "since" back as the employee types it (03-2026 or 15-03-2026)."""
    if not iso:
        return ""
    day = since_date(iso)
    return day.strftime("%m-%Y") if len(iso) == 7 else day.strftime("%d-%m-%Y")


def since_text(iso: str) -> str:
    """Write a stored "since" for reading: "March 2026" or "15 March 2026"."""
    day = since_date(iso)
    return format_date(day, "MMMM y") if len(iso) == 7 else format_date(day, "long")


def treater_line(treater: dict[str, Any]) -> str:
    """Write one treater as one readable line in the current language."""
    kind = treater.get("kind") or "other"
    own = (treater.get("own_words") or "").strip()
    if kind == "other":
        head = own or str(KIND_LABELS["other"])
    else:
        head = f"{KIND_LABELS[kind]} ({own})" if own else str(KIND_LABELS[kind])
    parts = []
    if treater.get("since"):
        parts.append(_("since %(when)s", when=since_text(treater["since"])))
    if treater.get("how_often"):
        parts.append(str(treater["how_often"]).strip())
    waiting_for = (treater.get("waiting_for") or "").strip()
    if treater.get("waiting") == "yes":
        parts.append(
            _("on a waiting list: %(what)s", what=waiting_for)
            if waiting_for
            else _("on a waiting list")
        )
    line = f"- {head}" + (f": {', '.join(parts)}." if parts else ".")
    contact = CONTACT_SENTENCES.get(treater.get("contact") or "undecided")
    return f"{line} {contact}" if contact else line


def summary_text(treatment: Treatment | None) -> str | None:
    """Prefill a summary's treatment part from the record; None when nothing is recorded."""
    treaters = treatment.treaters if treatment is not None else []
    if treatment is None or not treaters:
        return None
    recorded = clock.local_date(treatment.updated_at) if treatment.updated_at else clock.today()
    lines = [_("My treatment, as I recorded it on %(date)s:", date=format_date(recorded, "long"))]
    lines += [treater_line(treater) for treater in treaters]
    lines += [
        "",
        _(
            "(Contact needs my separate, written consent for that one question; this "
            "summary is not that consent.)"
        ),
    ]
    return "\n".join(lines)
