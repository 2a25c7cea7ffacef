"""The conversation page is one form: no button loses what was typed elsewhere on it.

Every button sends everything typed on the page (formaction says what it does); the server
does what the button asks and shows the rest again as typed. Without anything else typed, a
button redirects as before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.coach import services as coach_services
from portal.coach.models import CoachNote, QuestionSuggestion, Ruler
from portal.consults.models import Consult, WithWhom
from portal.db import db
from portal.feedback.models import Feedback
from portal.links.models import CareLink
from portal.messages.models import CheckIn, CheckInForm, Message
from portal.sharing.models import ShareDraft
from tests.conftest import Client
from tests.messages.conftest import NOW, add_messages, conversation_for
from tests.messages.test_coach_side import answer, browser  # noqa: F401 (fixture)

DRAFT = "Half a reply, not sent yet"


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def main_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def textarea(page: str, name: str) -> str:
    """Return what a textarea on the page holds."""
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\r?\n?(.*?)</textarea>', page, re.S)
    assert found is not None, name
    return found.group(1)


@pytest.fixture
def full_page(employee: User, coach: User, link: CareLink) -> dict[str, Any]:
    """Everything the page can show: an open check-in, a ruler, a suggestion, a talk."""
    conversation = conversation_for(link)
    (mine,) = add_messages(conversation, employee, 1)
    db.session.add(
        CheckIn(conversation_id=conversation.id, planned_on=NOW.date(), form=CheckInForm.VIDEO)
    )
    talk = Consult(
        user_id=employee.id,
        starts_at=NOW + dt.timedelta(days=7),
        with_whom=WithWhom.BEDRIJFSARTS,
    )
    db.session.add(talk)
    coach_services.offer_ruler(link)
    db.session.commit()
    coach_services.suggest_question(link, "Can I build up slowly?", None)
    db.session.commit()
    checkin = db.session.scalars(select(CheckIn)).one()
    return {"message": mine, "checkin": checkin, "talk": talk}


def test_each_side_of_the_page_is_one_form(
    employee: User,
    coach: User,
    link: CareLink,
    full_page: dict[str, Any],
    browser: Callable[[User], Client],  # noqa: F811
) -> None:
    for person, url in ((employee, "/berichten/"), (coach, f"/berichten/{link.id}")):
        main = main_of(browser(person).get(url).get_data(as_text=True))
        assert main.count("<form") == 1, person.role
        # Enter in a field presses the first button: the one that changes nothing
        first = main.index("<button", main.index("<form"))
        keep = f'<button type="submit" hidden formaction="/berichten/{link.id}/bewaren">'
        assert main.index(keep) == first
        assert main.count("formaction=") >= 5


def test_coach_buttons_keep_every_other_draft(
    coach: User,
    link: CareLink,
    full_page: dict[str, Any],
    browser: Callable[[User], Client],  # noqa: F811
) -> None:
    client = browser(coach)
    typed = {
        "body": DRAFT,
        "coach_note": "Ask about sleep",
        "text": "May I ask about rest?",
        "note": "We talked",
        "planned_on": "2026-03-20",
    }
    base = f"/berichten/{link.id}"
    checkin = full_page["checkin"]
    for url, handled, saved, said in [
        (f"{base}/notitie", "coach_note", lambda: count(CoachNote) == 1, "Your note is saved."),
        (f"{base}/liniaal", None, lambda: count(Ruler) == 1, "The rulers are offered."),
        (f"{base}/vraag", "text", lambda: count(QuestionSuggestion) == 2, "is suggested."),
        (
            f"{base}/checkin/{checkin.id}/klaar",
            "note",
            lambda: checkin.done_at is not None,
            "The check-in is marked as done.",
        ),
    ]:
        response = client.submit(url, typed)
        assert response.status_code == 200, url
        db.session.expire_all()
        page = response.get_data(as_text=True)
        assert saved() and said in page, url
        for name in ("body", "coach_note", "text"):
            expected = "" if name == handled else typed[name]
            assert textarea(page, name) == expected, (url, name)
        if handled != "note":  # the done note leaves with its check-in
            assert textarea(page, "note") == "We talked", url
        assert 'value="2026-03-20"' in page, url
    # sending the message keeps the rest too
    page = client.submit(base, typed).get_data(as_text=True)
    assert count(Message) == 2 and textarea(page, "body") == ""
    assert textarea(page, "coach_note") == "Ask about sleep"


def test_a_mistake_shows_its_error_and_keeps_the_rest(
    coach: User,
    link: CareLink,
    full_page: dict[str, Any],
    browser: Callable[[User], Client],  # noqa: F811
) -> None:
    client = browser(coach)
    response = client.submit(f"/berichten/{link.id}/notitie", {"body": DRAFT, "coach_note": " "})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Write the note first." in page
    assert textarea(page, "body") == DRAFT and count(CoachNote) == 0
    response = client.submit(f"/berichten/{link.id}/checkin", {"body": DRAFT, "planned_on": "x"})
    page = response.get_data(as_text=True)
    assert "This is not a date we can read." in page and textarea(page, "body") == DRAFT


def test_employee_buttons_keep_the_message_draft(
    employee: User,
    link: CareLink,
    full_page: dict[str, Any],
    browser: Callable[[User], Client],  # noqa: F811
) -> None:
    client = browser(employee)
    ruler = db.session.scalars(select(Ruler)).one()
    suggestion = db.session.scalars(select(QuestionSuggestion)).one()
    draft = {"body": DRAFT}
    steps = [
        (f"/berichten/{link.id}/liniaal/{ruler.id}", {"importance": "7", "confidence": "4"}),
        ("/berichten/coaching-cijfer", {"rating": "8", "recommend": "9"}),
        (f"/berichten/vraag/{suggestion.id}", answer(suggestion, decision="decline")),
    ]
    for url, fields in steps:
        response = client.submit(url, {**draft, **fields})
        assert response.status_code == 200, url
        assert textarea(response.get_data(as_text=True), "body") == DRAFT, url
    db.session.expire_all()
    assert ruler.answered_at is not None and count(Feedback) == 1
    assert suggestion.status.value == "declined"
    # leaving for a summary would lose the draft: the page asks to send or save it first
    response = client.submit("/berichten/delen-met-mijn-coach", draft)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Send or save what you typed" in page
    assert textarea(page, "body") == DRAFT and count(ShareDraft) == 0
    assert client.submit("/berichten/delen-met-mijn-coach").status_code == 302
    assert count(ShareDraft) == 1


def test_without_other_drafts_a_button_redirects_as_before(
    coach: User,
    link: CareLink,
    full_page: dict[str, Any],
    browser: Callable[[User], Client],  # noqa: F811
) -> None:
    client = browser(coach)
    response = client.submit(f"/berichten/{link.id}/notitie", {"coach_note": "Only this"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#notities")


def test_enter_in_a_field_keeps_everything_and_changes_nothing(
    coach: User,
    link: CareLink,
    full_page: dict[str, Any],
    browser: Callable[[User], Client],  # noqa: F811
) -> None:
    client = browser(coach)
    typed = {"body": DRAFT, "coach_note": "Ask about sleep", "planned_on": "2026-03-20"}
    response = client.submit(f"/berichten/{link.id}/bewaren", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nothing is sent or saved yet." in page
    assert textarea(page, "body") == DRAFT and textarea(page, "coach_note") == "Ask about sleep"
    assert 'value="2026-03-20"' in page
    assert count(Message) == 1 and count(CoachNote) == 0
    assert full_page["checkin"].planned_on == NOW.date()
    assert client.submit(f"/berichten/{link.id}/bewaren").status_code == 302  # nothing typed
