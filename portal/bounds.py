"""One place for the bounds of ids and dates that come from a URL.

Every `<int:...>` in a route uses BoundedInt (registered as the default `int` converter):
an id above the largest primary key a database column can hold answers 404 before a view
runs. Query parameters read as numbers use `bounded_int`, dates `bounded_date`. As a last
line, an OverflowError (date arithmetic past year 9999) or a number the database refuses
answers a clear 400 instead of a server error.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from flask import Flask, render_template, request
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter, Map

from portal.db import db

log = logging.getLogger(__name__)

#: Largest id any table can hold (INTEGER primary keys: signed 32-bit on PostgreSQL).
MAX_ID = 2**31 - 1
#: Dates the portal deals with; anything outside is refused (404 in a path, ignored in a query).
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


class BoundedInt(IntegerConverter):
    """An `int` URL converter that only matches 0 ... MAX_ID (otherwise 404)."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        upper = MAX_ID if max is None else min_(max, MAX_ID)
        super().__init__(map, fixed_digits, min, upper, signed)
        self.regex = r"\d{1,10}"  # longer runs of digits do not even match


def min_(a: int, b: int) -> int:
    """Return the smaller of two ints (the builtin is shadowed above)."""
    return a if a < b else b


def bounded_int(value: str) -> int:
    """Read a query parameter as an int in 0 ... MAX_ID; raise ValueError otherwise.

    Use as `request.args.get(name, type=bounded_int)`: a bad value then reads as missing.
    """
    if not value.isdigit() or len(value) > 10 or int(value) > MAX_ID:
        raise ValueError(value)
    return int(value)


def bounded_date(value: str) -> dt.date:
    """Read yyyy-mm-dd in EARLIEST ... LATEST; raise ValueError otherwise."""
    day = dt.date.fromisoformat(value)
    if not EARLIEST <= day <= LATEST:
        raise ValueError(value)
    return day


def date_in_range(day: dt.date | None) -> bool:
    """Return whether a date (for example from a form field) lies within the bounds."""
    return day is None or EARLIEST <= day <= LATEST


def out_of_range(error: Exception) -> Any:
    """Answer 400 for a value too large to compute with or to store; log the type only."""
    db.session.rollback()
    incident = secrets.token_hex(6)
    log.info(
        "incident %s: %s (value out of range) on %s %s",
        incident,
        type(error).__name__,
        request.method,
        request.endpoint,
    )
    return render_template("errors/error.html", code=400, kind="", incident=incident), 400


def init_bounds(app: Flask) -> None:
    """Register the bounded int converter (before any route) and the out-of-range answer."""
    app.url_map.converters["int"] = BoundedInt
    app.register_error_handler(OverflowError, out_of_range)
    app.register_error_handler(DataError, out_of_range)
