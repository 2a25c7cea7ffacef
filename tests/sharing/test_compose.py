"""Composing in three steps: prefills, preview, bad input, and the frozen snapshot."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy import func, select

from portal.auth.models import User
from portal.consults.models import Goal
from portal.db import db
from portal.sharing.models import Share, ShareDraft
from tests.conftest import Client, Mailbox
from tests.sharing.conftest import TODAY, add_entry, add_talk, share_through_forms


def checked(page: str, name: str, value: object) -> bool:
    """Return whether the page has a ticked checkbox or radio with this name and value."""
    pattern = rf'<input checked[^>]*name="{name}"[^>]*value="{value}"'
    return re.search(pattern, page) is not None


def shares() -> list[Share]:
    return list(db.session.scalars(select(Share)))


def test_nothing_is_shared_by_default(people: dict[str, User], new_client: Callable) -> None:
    doctor = new_client(people["doctor"])
    page = doctor.get("/professional/").get_data(as_text=True)
    assert "Summary from" not in page and "Samenvatting van" not in page
    assert shares() == []


def test_three_steps_prefill_preview_and_share(
    people: dict[str, User], new_client: Callable[[User], Client], mailbox: Mailbox
) -> None:
    eva = people["eva"]
    add_entry(
        eva,
        TODAY - dt.timedelta(days=2),
        energy=4,
        minutes_worked=120,
        helped="Pauze om 11 uur",
        note="Marked note",
        is_note_shareable=True,
    )
    add_entry(eva, TODAY - dt.timedelta(days=1), energy=6, note="Unmarked note")
    talk = add_talk(eva, "Goal: plan the build-up", "Proposal: mornings only", "KEEP-TO-MYSELF")
    client = new_client(eva)

    step1 = client.submit(
        "/delen/nieuw?lang=en",
        {
            "recipient": people["doctor"].id,
            "sections": ["work", "abilities", "helps", "goals", "logbook"],
            "consult": talk.id,
            "day_fields": ["energy", "note"],
        },
    )
    assert step1.headers["Location"] == "/delen/nieuw/tekst"
    step2 = client.get("/delen/nieuw/tekst").get_data(as_text=True)
    for expected in (
        "Verpleegkundige",
        "Twee uur achter elkaar werken",
        "Pauze om 11 uur",
        "Goal: plan the build-up",
        "Proposal: mornings only",
        "Marked note",
    ):
        assert expected in step2, expected
    assert "KEEP-TO-MYSELF" not in step2  # the private note of a talk is never offered
    assert "Unmarked note" not in step2  # only notes marked as fine to share
    assert "<svg" in step2  # the logbook figures come as charts
    client.submit(
        "/delen/nieuw/tekst",
        {
            "work": "Edited work text",
            "abilities": "",
            "helps": "Rust helpt",
            "goals": "Goal: plan the build-up",
            "logbook": "My own logbook words",
        },
    )
    preview = client.get("/delen/nieuw/voorbeeld").get_data(as_text=True)
    assert "Edited work text" in preview and "My own logbook words" in preview
    assert "Verpleegkundige" not in preview  # the edit replaced the prefill
    assert shares() == [] and mailbox.messages == []  # the preview shares nothing

    done = client.submit("/delen/nieuw/voorbeeld", {"expires_in": "30"})
    [share] = shares()
    assert done.headers["Location"] == f"/delen/{share.id}"
    assert share.recipient_id == people["doctor"].id and share.employee_id == eva.id
    assert share.sections == ["work", "helps", "goals", "logbook"]  # the empty part is left out
    assert share.expires_at is not None
    assert (share.expires_at - share.created_at).days == 30
    assert db.session.scalar(select(func.count()).select_from(ShareDraft)) == 0
    [body] = mailbox.bodies()
    assert f"/delen/ontvangen/{share.id}" in body
    for private in ("Edited", "Rust", "Goal", "logbook words", "Eva"):
        assert private not in body


def test_the_draft_keeps_edits_between_steps(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    client = new_client(people["eva"])
    choice = {"recipient": people["doctor"].id, "sections": ["free"]}
    client.submit("/delen/nieuw", choice)
    client.submit("/delen/nieuw/tekst", {"free": "Written once"})
    client.submit("/delen/nieuw", choice)  # back to step 1 with the same choices
    assert "Written once" in client.get("/delen/nieuw/tekst").get_data(as_text=True)
    assert checked(client.get("/delen/nieuw").get_data(as_text=True), "sections", "free")


def test_forged_recipients_are_refused_and_nothing_is_stored(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    client = new_client(people["eva"])
    for outsider in ("other_doctor", "other_coach", "admin", "other_employee", "eva"):
        response = client.submit(
            "/delen/nieuw?lang=en", {"recipient": people[outsider].id, "sections": ["free"]}
        )
        assert response.status_code == 200, outsider
        assert "You can only share with your coach or a professional you are linked with." in (
            response.get_data(as_text=True)
        )
    assert db.session.scalar(select(func.count()).select_from(ShareDraft)) == 0
    assert shares() == []


def test_a_recipient_whose_link_ended_after_step_one_is_refused_at_sharing(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    from portal.links.models import CareLink
    from portal.links.services import end_link

    client = new_client(people["eva"])
    client.submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["free"]})
    client.submit("/delen/nieuw/tekst", {"free": "Hello"})
    end_link(
        db.session.scalars(select(CareLink).where(CareLink.carer_id == people["doctor"].id)).one()
    )
    db.session.commit()
    response = client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    assert response.headers["Location"] == "/delen/nieuw"
    assert shares() == []


def test_unknown_sections_bad_dates_and_past_expiry_are_refused(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    client = new_client(people["eva"])
    doctor = people["doctor"].id
    bad_steps = [
        ({"recipient": doctor, "sections": ["free", "diagnosis"]}, "Choose from the parts"),
        ({"recipient": doctor, "sections": []}, "Choose at least one part."),
        ({"recipient": doctor, "sections": ["logbook"], "end": "2099-01-01"}, "not in the future"),
        (
            {
                "recipient": doctor,
                "sections": ["logbook"],
                "start": "2026-02-09",
                "end": "2026-01-01",
            },
            "on or before the end date",
        ),
        ({"recipient": doctor, "sections": ["logbook"], "start": "2020-01-01"}, "at most one year"),
        ({"recipient": doctor, "sections": ["free"], "day_fields": ["password"]}, "Choose one of"),
    ]
    for data, message in bad_steps:
        response = client.submit("/delen/nieuw?lang=en", data)
        assert response.status_code == 200, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(select(func.count()).select_from(ShareDraft)) == 0

    client.submit("/delen/nieuw", {"recipient": doctor, "sections": ["free"]})
    client.submit("/delen/nieuw/tekst", {"free": "Hello"})
    for expiry in ("-7", "0", "365", "abc"):
        response = client.submit("/delen/nieuw/voorbeeld?lang=en", {"expires_in": expiry})
        assert response.status_code == 200, expiry
        assert "a date in the past is not possible" in response.get_data(as_text=True)
    assert shares() == []


def test_all_empty_parts_share_nothing(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    client = new_client(people["eva"])
    client.submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["free"]})
    client.submit("/delen/nieuw/tekst", {"free": "   "})
    response = client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    assert response.headers["Location"] == "/delen/nieuw/tekst"
    assert shares() == []


def test_extra_fields_change_nothing(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva, other = people["eva"], people["other_employee"]
    client = new_client(eva)
    extra = {
        "employee_id": other.id,
        "recipient_id": people["other_doctor"].id,
        "link_id": 1,
        "revoked_at": "2020-01-01",
        "first_opened_at": "2020-01-01",
    }
    client.submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["free"], **extra})
    client.submit("/delen/nieuw/tekst", {"free": "Hello", **extra})
    client.submit("/delen/nieuw/voorbeeld", {"expires_in": "", **extra})
    [share] = shares()
    assert (share.employee_id, share.recipient_id) == (eva.id, people["doctor"].id)
    assert share.revoked_at is None and share.first_opened_at is None


def test_the_snapshot_does_not_change_when_the_sources_change(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    entry = add_entry(eva, TODAY - dt.timedelta(days=1), energy=3, work_activities="Mail lezen")
    talk = add_talk(eva, "Original goal", "Original proposal", "private")
    client = new_client(eva)
    share_through_forms(
        client,
        people["doctor"],
        {"goals": "", "logbook": ""},
        consult=talk.id,
        day_fields=["energy", "work_activities"],
    )
    # step 2 posted empty texts: share again, keeping the prefilled texts this time
    client.submit(
        "/delen/nieuw",
        {
            "recipient": people["doctor"].id,
            "sections": ["goals", "logbook"],
            "consult": talk.id,
            "day_fields": ["energy", "work_activities"],
        },
    )
    client.submit("/delen/nieuw/voorbeeld", {"expires_in": ""})
    share = shares()[-1]
    doctor = new_client(people["doctor"])
    before = doctor.get(f"/delen/ontvangen/{share.id}").get_data(as_text=True)
    assert "Original goal" in before and "Mail lezen" in before

    entry.energy, entry.work_activities = 9, "Vergaderen"
    goal = db.session.scalars(select(Goal).where(Goal.consult_id == talk.id)).one()
    goal.text = "Changed goal"
    db.session.add(entry)
    db.session.commit()
    after = doctor.get(f"/delen/ontvangen/{share.id}").get_data(as_text=True)
    assert "Original goal" in after and "Mail lezen" in after
    assert "Changed goal" not in after and "Vergaderen" not in after
    owner = client.get(f"/delen/{share.id}").get_data(as_text=True)
    assert "Original goal" in owner and "Changed goal" not in owner


def test_share_an_updated_version_prefills_from_the_old_one(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    eva = people["eva"]
    client = new_client(eva)
    share_through_forms(client, people["coach"], {"work": "Oud werk", "free": "My own words"})
    [share] = shares()
    client.submit(f"/delen/{share.id}/opnieuw")
    step1 = client.get("/delen/nieuw").get_data(as_text=True)
    assert checked(step1, "recipient", people["coach"].id)
    assert checked(step1, "sections", "free") and checked(step1, "sections", "work")
    assert not checked(step1, "sections", "logbook")
    client.submit("/delen/nieuw", {"recipient": people["coach"].id, "sections": ["work", "free"]})
    step2 = client.get("/delen/nieuw/tekst").get_data(as_text=True)
    assert "My own words" in step2  # own words are kept
    assert "Verpleegkundige" in step2 and "Oud werk" not in step2  # data parts are fresh
    assert len(shares()) == 1  # nothing shared until step 3


def test_discarding_the_draft(
    people: dict[str, User], new_client: Callable[[User], Client]
) -> None:
    client = new_client(people["eva"])
    client.submit("/delen/nieuw", {"recipient": people["doctor"].id, "sections": ["free"]})
    client.submit("/delen/nieuw/weggooien")
    assert db.session.scalar(select(func.count()).select_from(ShareDraft)) == 0
    assert client.get("/delen/nieuw/tekst").headers["Location"] == "/delen/nieuw"
