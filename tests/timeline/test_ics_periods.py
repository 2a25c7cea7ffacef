"""In the calendar file a step that spans weeks is one event over the whole period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from portal.auth.models import User
from portal.timeline import views
from portal.timeline.services import schedule
from tests.timeline.conftest import FIRST_DAY, TODAY
from tests.timeline.test_views import ICS_URL, _events, employee, set_first_day  # noqa: F401


def test_a_step_over_a_period_is_an_event_over_that_period(
    client: Any,
    employee: User,  # noqa: F811
) -> None:
    set_first_day(employee, FIRST_DAY)
    events = _events(client.get(ICS_URL))
    items = schedule(views.get_timeline(), FIRST_DAY, TODAY)
    periods = [item for item in items if item.start_week != item.end_week]
    assert periods, "the timeline has steps over a period"
    for item in periods:
        event = events[f"{item.id}.{employee.id}@timeline.eigen-regie"]
        assert event.decoded("dtstart") == item.starts_on
        assert event.decoded("dtend") == item.ends_on + timedelta(days=1)
    for item in items:
        if item.start_week == item.end_week:
            event = events[f"{item.id}.{employee.id}@timeline.eigen-regie"]
            assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)
