"""Timeline tests run on a frozen clock: Tuesday 10 February 2026, week 6 of FIRST_DAY."""

from __future__ import annotations

from datetime import date

import pytest

from portal.timeline import views

FIRST_DAY = date(2026, 1, 5)
TODAY = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Freeze the views' clock on TODAY."""
    monkeypatch.setattr(views, "today", lambda: TODAY)
