"""The employee home page shows the absence week and the next legal step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from portal import clock


def test_home_invites_to_fill_in_the_first_sick_day(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    assert "Maak mijn tijdlijn" in client.get("/").get_data(as_text=True)


def test_home_shows_week_and_next_step(
    client: Any, make_user: Any, login_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "_frozen", dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC))
    user = make_user()
    login_as(user)
    client.submit("/tijdlijn/", {"sick_since": "2026-01-05"})
    page = client.get("/").get_data(as_text=True)
    assert "Dit is week 4 van je verzuim." in page
    assert "Volgende stap:" in page and "8 februari 2026" in page  # week-5 good practice
