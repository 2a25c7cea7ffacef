"""The sharing blueprint and the template helpers its pages share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint
from flask_babel import format_decimal

from portal.sharing.sections import SECTION_LABELS

bp = Blueprint("sharing", __name__, url_prefix="/delen")


def as_date(value: str) -> dt.date:
    """Read an ISO date from a snapshot."""
    return dt.date.fromisoformat(value)


def number(value: float | None) -> str:
    """Format a figure with at most one decimal; empty for no value."""
    return "" if value is None else format_decimal(value, format="0.#")


@bp.context_processor
def helpers() -> dict[str, Any]:
    """Give the sharing pages the section headings and the number and date helpers."""
    return {"section_labels": SECTION_LABELS, "as_date": as_date, "number": number}
