"""The dossier as a part of a summary: a chosen period and kinds, frozen as plain data.

What is frozen is what the employee previewed: titles and texts of the items, never a link
into the portal and never an attached file (only its name).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import format_date

from portal.dossier import services as dossier
from portal.sharing import bp

#: The section key of the dossier part.
DOSSIER = "dossier"


def choice(form: Any) -> dict[str, Any]:
    """Return the dossier period, kinds and left-out items chosen in step 1, as draft data."""
    kinds = [kind for kind in dossier.KIND_LABELS if kind in (form.dossier_kinds.data or [])]
    return {
        "dossier_start": form.dossier_start.data.isoformat() if form.dossier_start.data else None,
        "dossier_end": form.dossier_end.data.isoformat() if form.dossier_end.data else None,
        "dossier_kinds": kinds,
        "dossier_left_out": list(form.dossier_left_out.data or []),
    }


def offer_left_out(form: Any, employee_id: int) -> None:
    """Offer, ticked, the items left out in "my view" that are the employee's own.

    Only keys of the employee's own items become choices, so a key made up in the address
    is refused by the form and never names someone else's item.
    """
    asked = set(form.dossier_left_out.data or [])
    if not asked:
        form.dossier_left_out.choices = []
        return
    form.dossier_left_out.choices = [
        (item.key, f"{format_date(item.day, 'long')}: {item.title}")
        for item in dossier.dossier_items(employee_id)
        if item.key in asked
    ]


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def freeze_part(employee_id: int, content: dict[str, Any]) -> dict[str, Any] | None:
    """Freeze the chosen part of the employee's dossier; None when it is not chosen."""
    if DOSSIER not in content.get("sections", []):
        return None
    start, end = _day(content.get("dossier_start")), _day(content.get("dossier_end"))
    kinds = content.get("dossier_kinds") or []
    left_out = set(content.get("dossier_left_out") or [])
    items = [
        item
        for item in dossier.dossier_items(employee_id, start, end, set(kinds) or None)
        if item.key not in left_out
    ]
    return {
        "start": content.get("dossier_start"),
        "end": content.get("dossier_end"),
        "kinds": kinds,
        "left_out": sorted(left_out),
        "items": dossier.freeze(items),
    }


@bp.app_template_global()
def dossier_part_items(part: dict[str, Any]) -> list[dossier.Item]:
    """Return the frozen dossier items of a shared part, for the list macro."""
    return dossier.thaw(part.get("items", []))


@bp.app_template_global()
def dossier_kind_labels() -> dict[str, Any]:
    """Return the names of the kinds of dossier items."""
    return dossier.KIND_LABELS
