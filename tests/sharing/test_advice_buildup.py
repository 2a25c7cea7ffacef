"""A build-up period as advice: the doctor sends it, the employee takes it into their plan.

The period needs all three parts; taking it over writes the employee's build-up plan, and a
period of their own that starts the same day is replaced only after they say yes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from portal import clock
from portal.auth.models import User
from portal.db import db
from portal.logbook.models import BuildUpStep
from portal.sharing.models import AdviceKind, AdviceState, Share, ShareAdvice
from tests.conftest import Client
from tests.sharing.conftest import make_share
from tests.sharing.test_advice import advice_form, later, refused_each


@pytest.fixture
def shared(people: dict[str, User]) -> Share:
    """A share from Eva to her bedrijfsarts."""
    return make_share(people["eva"], people["doctor"], "Hallo dokter")


def send_buildup(doctor: Client, share: Share, hours: str = "3,5", days: str = "4") -> ShareAdvice:
    """Send a reply whose only advice is a build-up period a week from now."""
    response = doctor.submit(
        f"/delen/ontvangen/{share.id}/antwoord",
        advice_form(buildup_from=later(7), buildup_hours=hours, buildup_days=days),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return db.session.scalars(select(ShareAdvice)).one()


def plan_of(user: User) -> list[tuple[dt.date, int, int]]:
    """Return a build-up plan as (from, minutes a day, days a week)."""
    return [
        (s.starts_on, s.minutes_per_day, s.days_per_week)
        for s in db.session.scalars(
            select(BuildUpStep).where(BuildUpStep.user_id == user.id).order_by(BuildUpStep.id)
        )
    ]


def test_the_doctor_sends_a_build_up_period(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    page = doctor.get(f"/delen/ontvangen/{shared.id}").get_data(as_text=True)
    assert 'name="buildup_from"' in page and 'name="buildup_hours"' in page
    item = send_buildup(doctor, shared)
    assert item.kind is AdviceKind.BUILD_UP
    assert (item.due_on, item.minutes_per_day, item.days_per_week) == (
        clock.today() + dt.timedelta(days=7),
        210,
        4,
    )
    assert item.state is AdviceState.OPEN
    assert "3,5 uur per dag op 4 dagen per week" in doctor.get(
        f"/delen/ontvangen/{shared.id}"
    ).get_data(as_text=True)


def test_a_half_filled_build_up_period_is_refused_and_changes_nothing(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    doctor = new_client(people["doctor"])
    url = f"/delen/ontvangen/{shared.id}/antwoord?lang=en"
    cases = {
        "Fill in the date the build-up period starts.": advice_form(
            buildup_hours="3", buildup_days="4"
        ),
        "Fill in the hours a day, for example 3 or 2,5.": advice_form(
            buildup_from=later(7), buildup_days="4"
        ),
        "Fill in a number of days from 0 to 7.": advice_form(
            buildup_from=later(7), buildup_hours="3", buildup_days="9"
        ),
        "Fill in hours as a number, for example 2,5.": advice_form(
            buildup_from=later(7), buildup_hours="drie", buildup_days="4"
        ),
        "Choose today or a later date.": advice_form(
            buildup_from=later(-1), buildup_hours="3", buildup_days="4"
        ),
    }
    refused_each(doctor, url, cases)


def test_taking_it_over_puts_the_period_in_the_plan(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    item = send_buildup(new_client(people["doctor"]), shared)
    eva = new_client(people["eva"])
    agreements = eva.get("/gesprekken/afspraken").get_data(as_text=True)
    assert "3,5 uur per dag op 4 dagen per week" in agreements
    response = eva.submit(f"/delen/advies/{item.id}/overnemen?terug=afspraken")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/gesprekken/afspraken")
    assert plan_of(people["eva"]) == [(clock.today() + dt.timedelta(days=7), 210, 4)]
    db.session.refresh(item)
    assert item.state is AdviceState.ACCEPTED and item.agreement_id is None
    plan = eva.get("/logboek/opbouw").get_data(as_text=True)
    assert "3,5 uur per dag op 4 dagen per week" in plan


def test_a_period_of_my_own_is_replaced_only_after_asking(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    eva.submit(
        "/logboek/opbouw", {"starts_on": later(7), "hours_per_day": "3", "days_per_week": "3"}
    )
    mine = plan_of(people["eva"])
    item = send_buildup(new_client(people["doctor"]), shared)

    question = eva.submit(f"/delen/advies/{item.id}/overnemen")
    page = question.get_data(as_text=True)
    assert question.status_code == 200
    assert "Een periode van je opbouwschema vervangen?" in page
    assert "3 uur per dag op 3 dagen per week" in page and "3,5 uur per dag" in page
    assert plan_of(people["eva"]) == mine
    db.session.refresh(item)
    assert item.state is AdviceState.OPEN

    eva.submit(f"/delen/advies/{item.id}/overnemen", {"vervangen": "ja"})
    assert plan_of(people["eva"]) == [(mine[0][0], 210, 4)]
    db.session.refresh(item)
    assert item.state is AdviceState.ACCEPTED


def test_the_same_period_needs_no_question(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    eva = new_client(people["eva"])
    eva.submit(
        "/logboek/opbouw", {"starts_on": later(7), "hours_per_day": "3,5", "days_per_week": "4"}
    )
    item = send_buildup(new_client(people["doctor"]), shared)
    assert eva.submit(f"/delen/advies/{item.id}/overnemen").status_code == 302
    assert len(plan_of(people["eva"])) == 1


def test_only_the_employee_takes_a_build_up_period_over(
    people: dict[str, User], shared: Share, new_client: Callable[[User], Client]
) -> None:
    item = send_buildup(new_client(people["doctor"]), shared)
    for name in ("other_employee", "doctor", "coach", "admin"):
        response = new_client(people[name]).submit(
            f"/delen/advies/{item.id}/overnemen", {"vervangen": "ja"}
        )
        assert response.status_code in (403, 404), name
    assert db.session.scalars(select(BuildUpStep)).all() == []
