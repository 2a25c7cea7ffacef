"""Entries at rest (sealed, rotated, one per day) and the summary for the sharing feature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from portal import crypto
from portal.auth.models import User
from portal.crypto import Keyring
from portal.db import db
from portal.logbook.models import LogEntry
from portal.logbook.summary import LogbookSummary, SharedNote, WeekHours, summarise
from portal.models import rotate_all
from tests.logbook.conftest import TODAY, add_entry

OLD_KEY_ONLY = "old:b2xkLWtleS1mb3ItdGVzdHMtMzItYnl0ZXMtbG9uZyE"
SECRET = "Mijn rug deed pijn na de vergadering"


def raw_note(entry_id: int) -> str:
    """Read the stored column, bypassing the model."""
    value = db.session.execute(
        text("SELECT note_sealed FROM log_entries WHERE id = :id"), {"id": entry_id}
    ).scalar_one()
    return str(value)


def test_texts_are_stored_sealed(app: Flask, make_user: Callable[..., User]) -> None:
    entry = add_entry(make_user(), TODAY, note=SECRET, helped="Een pauze om 11 uur")
    stored = raw_note(entry.id)
    assert stored.startswith("v1:new:") and "rug" not in stored and SECRET not in stored
    db.session.expire_all()
    again = db.session.get_one(LogEntry, entry.id)
    assert again.note == SECRET and again.helped == "Een pauze om 11 uur"


def test_rotation_reseals_entries_written_with_the_old_key(
    app: Flask, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    # tests/test_crypto.py registers a stand-in class without a table; rotate real models only
    real = [field for field in crypto.SEALED_FIELDS if hasattr(field[0], "__table__")]
    monkeypatch.setattr(crypto, "SEALED_FIELDS", real)
    current = app.extensions["keyring"]
    app.extensions["keyring"] = Keyring.parse(OLD_KEY_ONLY)
    try:
        entry = add_entry(make_user(), TODAY, note=SECRET)
    finally:
        app.extensions["keyring"] = current
    assert raw_note(entry.id).startswith("v1:old:")
    counts = rotate_all()
    assert counts["log_entries.note"] == 1
    assert raw_note(entry.id).startswith("v1:new:")
    db.session.expire_all()
    assert db.session.get_one(LogEntry, entry.id).note == SECRET


def test_one_entry_per_person_per_day(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user()
    add_entry(user, TODAY)
    with pytest.raises(IntegrityError):
        add_entry(user, TODAY, energy=3)
    db.session.rollback()
    add_entry(make_user(), TODAY)  # another person, same day: fine
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == 2


@pytest.mark.parametrize("energy", [-1, 11])
def test_the_database_refuses_energy_outside_0_to_10(
    app: Flask, make_user: Callable[..., User], energy: int
) -> None:
    with pytest.raises(IntegrityError):
        add_entry(make_user(), TODAY, energy=energy)
    db.session.rollback()


def day(n: int) -> dt.date:
    """Day n of February 2026 (Monday 2 February is the first Monday)."""
    return dt.date(2026, 2, n)


def test_summary_of_a_period_counts_only_days_filled_in(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user, other = make_user(), make_user()
    add_entry(user, day(2), energy=6, minutes_worked=120, minutes_planned=120)
    add_entry(user, day(3), energy=4, minutes_worked=90, minutes_planned=120, complaint_level=5)
    add_entry(user, day(5), energy=5, minutes_worked=0, is_not_worked=True, complaint_level=3)
    add_entry(user, day(9), energy=8, minutes_worked=180, minutes_planned=180)
    add_entry(user, day(6), energy=7, note="Mag gedeeld", is_note_shareable=True)
    add_entry(user, day(4), energy=5, note="Alleen voor mij")
    add_entry(user, day(20), energy=1, note="Na de periode", is_note_shareable=True)
    add_entry(other, day(3), energy=0, minutes_worked=600, note="Van iemand anders")

    summary = summarise(user.id, day(2), day(15))  # today is 10 February

    assert isinstance(summary, LogbookSummary)
    assert summary.days_in_period == 14
    assert summary.days_logged == 6
    assert summary.days_missing == 9 - 6  # 2..10 February has happened; 11..15 has not
    assert summary.mean_energy == pytest.approx((6 + 4 + 5 + 8 + 7 + 5) / 6)
    assert summary.mean_complaint == 4.0
    assert summary.hours_worked_total == pytest.approx(2 + 1.5 + 0 + 3)
    assert summary.hours_worked_per_week == (
        WeekHours(day(2), 3.5),
        WeekHours(day(9), 3.0),
    )
    assert summary.hours_planned_total == pytest.approx(2 + 2 + 3)
    assert summary.crashes_observed == 0
    assert summary.shareable_notes == (SharedNote(day(6), "Mag gedeeld"),)
    with pytest.raises(AttributeError):
        summary.days_logged = 1  # type: ignore[misc]


def test_summary_without_entries_has_no_averages(
    app: Flask, make_user: Callable[..., User]
) -> None:
    summary = summarise(make_user().id, day(2), day(8))
    # Nothing filled in yet: no day counts as missing before the first entry.
    assert summary.days_logged == 0 and summary.days_missing == 0
    assert summary.counted_from is None and summary.days_counted == 0
    assert summary.mean_energy is None and summary.mean_complaint is None
    assert summary.hours_worked_total == 0 and summary.shareable_notes == ()


def test_filled_in_days_count_from_the_first_entry(
    app: Flask, make_user: Callable[..., User]
) -> None:
    """Started logging on 7 February: 2..6 February are not missing (today is 10 February)."""
    user = make_user()
    add_entry(user, day(7), energy=6)
    add_entry(user, day(9), energy=5)
    summary = summarise(user.id, day(2), day(10))
    assert summary.counted_from == day(7)
    assert summary.days_counted == 4 and summary.days_logged == 2
    assert summary.days_missing == 2
    earlier = make_user()
    add_entry(earlier, day(1), energy=6)
    add_entry(earlier, day(3), energy=6)
    summary = summarise(earlier.id, day(2), day(10))
    assert summary.counted_from == day(2) and summary.days_counted == 9


def test_summary_counts_crashes_from_the_pacing_signal(
    app: Flask, make_user: Callable[..., User]
) -> None:
    user = make_user()
    start = dt.date(2025, 12, 1)
    for n in range(28):
        add_entry(user, start + dt.timedelta(days=n), energy=6, minutes_worked=120)
    busy = [start + dt.timedelta(days=30), start + dt.timedelta(days=35)]
    for first in busy:
        add_entry(user, first, energy=6, minutes_worked=240)
        add_entry(user, first + dt.timedelta(days=1), energy=3, minutes_worked=60)
    summary = summarise(user.id, start + dt.timedelta(days=28), start + dt.timedelta(days=40))
    assert summary.crashes_observed == 2
    # history before the period feeds the baseline but is not counted in the period
    assert summary.days_logged == 4
