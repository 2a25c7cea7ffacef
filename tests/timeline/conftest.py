"""Timeline tests run on a frozen clock: Tuesday 10 February 2026, week 6 of FIRST_DAY."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from portal import clock

FIRST_DAY = date(2026, 1, 5)
TODAY = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """Freeze the portal's clock at noon on TODAY."""
    with clock.frozen(datetime(2026, 2, 10, 12, 0, tzinfo=UTC)):
        yield
