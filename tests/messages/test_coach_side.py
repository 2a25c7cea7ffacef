"""The coach's side: context strip chosen by the employee, notes, rulers, suggested questions."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text

from portal.audit.models import AccessEvent
from portal.auth.models import EmployeeProfile, Role, User
from portal.coach.models import CoachNote, QuestionSuggestion, Ruler, SuggestionStatus
from portal.consults.models import Consult, WithWhom
from portal.db import db
from portal.links import services as links
from portal.links.models import CareLink
from tests.conftest import PASSWORD, Client, log_in
from tests.messages.conftest import NOW, TODAY, add_messages, conversation_for

CANARY = "CANARY-coachnote-51d2-sleeps-badly"


def events(employee: User, event: str) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AccessEvent)
        .where(AccessEvent.employee_id == employee.id, AccessEvent.event == event)
    )


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def plan_talk(user: User, days: int = 7, with_whom: WithWhom = WithWhom.BEDRIJFSARTS) -> Consult:
    talk = Consult(user_id=user.id, starts_at=NOW + dt.timedelta(days=days), with_whom=with_whom)
    db.session.add(talk)
    db.session.commit()
    return talk


@pytest.fixture
def browser(app: Any) -> Callable[[User], Client]:
    """Return a function: a client of its own, logged in once as user, reading English.

    Each person keeps their own client, so a coach logs in once per test (two-step codes).
    """
    made: dict[int, Client] = {}

    def open_as(user: User) -> Client:
        if user.id not in made:
            app.test_client_class = Client
            client: Client = app.test_client()  # type: ignore[assignment]
            log_in(client, user)
            client.get("/?lang=en")
            made[user.id] = client
        return made[user.id]

    return open_as


@pytest.fixture
def sick(employee: User) -> User:
    """The employee's first sick day: 9 weeks and 2 days before TODAY, so week 10."""
    profile = db.session.get(EmployeeProfile, employee.id) or EmployeeProfile(user_id=employee.id)
    profile.sick_since = TODAY - dt.timedelta(days=65)
    db.session.add(profile)
    db.session.commit()
    return employee


def test_the_employee_chooses_what_the_coach_sees_and_previews_it(
    sick: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    employee = sick
    plan_talk(employee, days=7)  # 17 March 2026
    add_messages(conversation_for(link), employee, 1)
    client = browser(coach)
    for url in ("/coach/", f"/berichten/{link.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "Week 10" not in page and "March 17, 2026" not in page
        assert page.count("Not shared") == 2
        assert "Today" in page  # the employee wrote today
    assert events(employee, "coach_context.read") == 0  # nothing shared, nothing read

    client = browser(employee)
    page = client.get("/berichten/wat-mijn-coach-ziet").get_data(as_text=True)
    assert page.count("Not shared") == 2  # the preview: exactly the coach's view
    response = client.submit(
        "/berichten/wat-mijn-coach-ziet", {"shows_week": "y", "shows_next_talk": "y"}
    )
    assert response.status_code == 302
    preview = client.get("/berichten/wat-mijn-coach-ziet").get_data(as_text=True)
    assert "Week 10" in preview and "March 17, 2026" in preview

    client = browser(coach)
    caseload = client.get("/coach/").get_data(as_text=True)
    assert "Week 10" in caseload and "March 17, 2026" in caseload
    assert events(employee, "coach_context.read") == 1
    thread = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert "Week 10" in thread and "March 17, 2026" in thread
    assert events(employee, "coach_context.read") == 2

    client = browser(employee)  # only the week from now on
    client.submit("/berichten/wat-mijn-coach-ziet", {"shows_week": "y"})
    client = browser(coach)
    page = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert "Week 10" in page and "March 17, 2026" not in page
    assert events(employee, "coach_context.read") == 3


def test_a_talk_with_someone_else_is_not_the_bedrijfsarts_talk(
    employee: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    plan_talk(employee, days=3, with_whom=WithWhom.MANAGER)
    client = browser(employee)
    client.submit("/berichten/wat-mijn-coach-ziet", {"shows_next_talk": "y"})
    client = browser(coach)
    page = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert "March 13, 2026" not in page and "None planned" in page
    assert events(employee, "coach_context.read") == 0


def test_notes_are_sealed_readable_by_the_employee_exported_and_deleted(
    employee: User,
    coach: User,
    link: CareLink,
    browser: Callable[[User], Client],
    caplog: pytest.LogCaptureFixture,
    mailbox: Any,
) -> None:
    caplog.set_level(logging.DEBUG)
    employee_id = employee.id
    client = browser(coach)
    response = client.submit(f"/berichten/{link.id}/notitie", {"coach_note": CANARY})
    assert response.status_code == 302
    (note,) = db.session.scalars(select(CoachNote)).all()
    raw = db.session.execute(text("SELECT body_sealed FROM coach_notes")).scalar_one()
    assert CANARY not in raw and raw.startswith("v1:")
    assert note.employee_id == employee.id and note.coach_id == coach.id
    before = events(employee, "coach_notes.read")
    assert CANARY in client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert events(employee, "coach_notes.read") == before + 1

    empty = client.submit(f"/berichten/{link.id}/notitie", {"coach_note": "   "})
    assert empty.status_code == 200 and "Write the note first." in empty.get_data(as_text=True)
    assert count(CoachNote) == 1

    client = browser(employee)
    assert CANARY in client.get("/berichten/notities-van-mijn-coach").get_data(as_text=True)
    assert CANARY not in client.get("/berichten/").get_data(as_text=True)  # only on request
    export = client.submit("/account/mijn-gegevens/download", {"export-password": PASSWORD})
    archive = zipfile.ZipFile(io.BytesIO(export.data))
    data = json.loads(archive.read("data.json"))
    assert [row["body"] for row in data["tables"]["coach_notes"]] == [CANARY]
    assert CANARY in archive.read("data.html").decode()

    assert CANARY not in caplog.text
    assert all(CANARY not in body for body in mailbox.bodies())

    client.submit(
        "/account/mijn-gegevens/verwijderen",
        {"delete-password": PASSWORD, "delete-confirm": "y"},
    )
    assert db.session.get(User, employee_id) is None
    assert count(CoachNote) == 0


def test_another_coach_or_employee_gets_404_and_an_ended_link_is_refused_clearly(
    employee: User,
    coach: User,
    link: CareLink,
    make_user: Callable[..., User],
    browser: Callable[[User], Client],
) -> None:
    client = browser(coach)
    client.submit(f"/berichten/{link.id}/notitie", {"coach_note": CANARY})
    client.submit(f"/berichten/{link.id}/liniaal")
    for outsider in (make_user(role=Role.COACH), make_user(role=Role.EMPLOYEE)):
        client = browser(outsider)
        for url in ("notitie", "vraag", "liniaal"):
            data = {"coach_note": "x", "text": "x"}
            response = client.submit(f"/berichten/{link.id}/{url}", data)
            assert response.status_code == 404
        if outsider.role is Role.EMPLOYEE:
            page = client.get("/berichten/notities-van-mijn-coach").get_data(as_text=True)
            assert CANARY not in page
    assert count(CoachNote) == 1 and count(QuestionSuggestion) == 0

    links.end_link(link)
    db.session.commit()
    client = browser(coach)
    assert client.get(f"/berichten/{link.id}").status_code == 404
    assert CANARY not in client.get("/coach/").get_data(as_text=True)
    for url, data in (
        ("notitie", {"coach_note": "after the end"}),
        ("vraag", {"text": "after the end?"}),
        ("liniaal", {}),
    ):
        response = client.submit(f"/berichten/{link.id}/{url}", data)
        assert response.status_code == 302 and response.location.endswith("/coach/")
        page = client.get("/coach/").get_data(as_text=True)
        assert "This link has ended" in page
    assert count(CoachNote) == 1 and count(QuestionSuggestion) == 0 and count(Ruler) == 1
    # the employee keeps the right to read the notes of the ended link
    client = browser(employee)
    assert CANARY in client.get("/berichten/notities-van-mijn-coach").get_data(as_text=True)


@pytest.mark.parametrize(
    "importance, confidence",
    [("11", "5"), ("-1", "5"), ("5", "ten"), ("", "5"), ("5", "99999999999999999999")],
)
def test_rulers_out_of_range_store_nothing(
    employee: User,
    coach: User,
    link: CareLink,
    browser: Callable[[User], Client],
    importance: str,
    confidence: str,
) -> None:
    client = browser(coach)
    client.submit(f"/berichten/{link.id}/liniaal")
    (ruler,) = db.session.scalars(select(Ruler)).all()
    client = browser(employee)
    response = client.submit(
        f"/berichten/{link.id}/liniaal/{ruler.id}",
        {"importance": importance, "confidence": confidence},
    )
    assert response.status_code == 200
    assert "Choose a number from 0 to 10." in response.get_data(as_text=True)
    db.session.refresh(ruler)
    assert ruler.answered_at is None and ruler.importance is None


def test_rulers_are_offered_filled_in_and_kept_as_history(
    employee: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    client = browser(coach)
    client.submit(f"/berichten/{link.id}/liniaal")
    client.submit(f"/berichten/{link.id}/liniaal")  # an open offer is not doubled
    (ruler,) = db.session.scalars(select(Ruler)).all()
    client = browser(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert "Two questions from your coach" in page
    response = client.submit(
        f"/berichten/{link.id}/liniaal/{ruler.id}", {"importance": "8", "confidence": "0"}
    )
    assert response.status_code == 302
    again = client.submit(
        f"/berichten/{link.id}/liniaal/{ruler.id}", {"importance": "1", "confidence": "1"}
    )
    assert again.status_code == 404  # answered once
    db.session.refresh(ruler)
    assert (ruler.importance, ruler.confidence) == (8, 0)
    client = browser(coach)
    before = events(employee, "rulers.read")
    page = client.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert "<td>8</td><td>0</td>" in page
    assert events(employee, "rulers.read") == before + 1


def test_a_suggested_question_is_accepted_into_my_own_preparation_only(
    employee: User,
    coach: User,
    link: CareLink,
    make_user: Callable[..., User],
    browser: Callable[[User], Client],
) -> None:
    mine = plan_talk(employee, days=7)
    stranger = make_user(role=Role.EMPLOYEE)
    theirs = plan_talk(stranger, days=7)
    client = browser(coach)
    refused = client.submit(
        f"/berichten/{link.id}/vraag", {"text": "Mag ik opbouwen?", "consult_id": str(theirs.id)}
    )
    assert refused.status_code == 200
    assert "preparation. Nothing was sent." in refused.get_data(as_text=True)
    assert count(QuestionSuggestion) == 0
    client.submit(f"/berichten/{link.id}/vraag", {"text": "Can I build up step by step?"})
    (suggestion,) = db.session.scalars(select(QuestionSuggestion)).all()

    client = browser(employee)
    page = client.get("/berichten/").get_data(as_text=True)
    assert "Can I build up step by step?" in page
    url = f"/berichten/vraag/{suggestion.id}"
    wrong = client.submit(url, answer(suggestion, decision="accept", consult_id=str(theirs.id)))
    assert wrong.status_code == 302
    assert "Choose one of your own coming talks" in client.get("/berichten/").get_data(as_text=True)
    db.session.refresh(theirs)
    db.session.refresh(suggestion)
    assert theirs.questions == [] and suggestion.status is SuggestionStatus.OPEN
    client.submit(url, answer(suggestion, decision="accept", consult_id=str(mine.id)))
    db.session.refresh(mine)
    db.session.refresh(suggestion)
    assert mine.questions == [{"text": "Can I build up step by step?"}]
    assert suggestion.status is SuggestionStatus.ACCEPTED and suggestion.consult_id == mine.id
    assert client.submit(url, answer(suggestion, decision="decline")).status_code == 404  # answered

    client = browser(stranger)
    assert client.submit(url, answer(suggestion, decision="decline")).status_code == 404
    client = browser(coach)
    assert "Added to the preparation" in client.get(f"/berichten/{link.id}").get_data(as_text=True)


def test_a_suggested_question_can_be_declined(
    employee: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    mine = plan_talk(employee, days=7)
    client = browser(coach)
    client.submit(f"/berichten/{link.id}/vraag", {"text": "Shall we ask about rest?"})
    (suggestion,) = db.session.scalars(select(QuestionSuggestion)).all()
    client = browser(employee)
    client.submit(f"/berichten/vraag/{suggestion.id}", answer(suggestion, decision="decline"))
    db.session.refresh(suggestion)
    db.session.refresh(mine)
    assert suggestion.status is SuggestionStatus.DECLINED and mine.questions == []
    client = browser(coach)
    assert "Declined" in client.get(f"/berichten/{link.id}").get_data(as_text=True)


def answer(suggestion: QuestionSuggestion, **fields: str) -> dict[str, str]:
    """The answer to one suggested question, named as on the page (each has its own prefix)."""
    return {f"vraag{suggestion.id}-{name}": value for name, value in fields.items()}


#: Words of the polite form; coach pages use "je" throughout (issue 22, point 6).
POLITE = re.compile(r"\b(u|uw|U|Uw)\b")


def main_text(page: str) -> str:
    """Return the visible text inside <main>, tags removed."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def test_coach_pages_use_one_form_of_address(
    employee: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    client = browser(coach)
    client.get("/?lang=nl")
    add_messages(conversation_for(link), employee, 1)
    client.submit(f"/berichten/{link.id}/notitie", {"coach_note": "notitie"})
    for url in (
        "/coach/",
        f"/berichten/{link.id}",
        "/berichten/coach-hulp",
        "/berichten/afwezig",
        "/berichten/instellingen",
    ):
        text = main_text(client.get(url).get_data(as_text=True))
        found = [text[max(0, m.start() - 60) : m.end() + 20] for m in POLITE.finditer(text)]
        assert found == [], url
        assert re.search(r"\b(je|jij|jouw|jou)\b", text, re.IGNORECASE), url


def test_the_guide_has_the_role_and_the_new_motivational_tools(
    coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    page = browser(coach).get("/berichten/coach-hulp").get_data(as_text=True)
    for words in (
        "Sustain talk and discord",
        "righting reflex",
        "Ask – offer – ask",
        "Importance and confidence rulers",
        "Your own story: briefly and with a purpose",
        "No medical advice",
        "Do not contradict the bedrijfsarts",
        "route below crisis level",
        "Miller and S. Rollnick",
    ):
        assert words in page, words
    client = browser(coach)
    client.get("/?lang=nl")
    page = client.get("/berichten/coach-hulp").get_data(as_text=True)
    assert "Vragen – informeren – vragen" in page and "Behoudtaal" in page


def test_the_employee_reads_each_kind_of_coach_read_in_their_access_log(
    sick: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    employee = sick
    mine = plan_talk(employee, days=7)
    helper = browser(coach)
    helper.submit(f"/berichten/{link.id}/notitie", {"coach_note": "note"})
    helper.submit(f"/berichten/{link.id}/liniaal")
    helper.submit(f"/berichten/{link.id}/vraag", {"text": "Question?"})
    worker = browser(employee)
    worker.submit("/berichten/wat-mijn-coach-ziet", {"shows_week": "y"})
    (ruler,) = db.session.scalars(select(Ruler)).all()
    worker.submit(
        f"/berichten/{link.id}/liniaal/{ruler.id}", {"importance": "6", "confidence": "3"}
    )
    (suggestion,) = db.session.scalars(select(QuestionSuggestion)).all()
    worker.submit(
        f"/berichten/vraag/{suggestion.id}",
        answer(suggestion, decision="accept", consult_id=str(mine.id)),
    )
    assert helper.get(f"/berichten/{link.id}").status_code == 200
    for event in ("coach_context.read", "coach_notes.read", "rulers.read", "suggestions.read"):
        assert events(employee, event) == 1, event
    page = html.unescape(worker.get("/account/toegang").get_data(as_text=True))
    for label in (
        "saw your week of absence or the date of your next talk",
        "read their notes about you",
        "saw your numbers on the importance and confidence rulers",
        "saw whether you added the questions they suggested",
    ):
        assert label in page, label


@pytest.mark.parametrize(
    "url, field, value",
    [
        ("notitie", "coach_note", "x" * 2001),
        ("notitie", "coach_note", "bell \x07 here"),
        ("vraag", "text", "y" * 301),
        ("vraag", "text", ""),
    ],
)
def test_bad_notes_and_questions_get_a_clear_message_and_store_nothing(
    employee: User,
    coach: User,
    link: CareLink,
    browser: Callable[[User], Client],
    url: str,
    field: str,
    value: str,
) -> None:
    response = browser(coach).submit(f"/berichten/{link.id}/{url}", {field: value})
    assert response.status_code == 200
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert count(CoachNote) == 0 and count(QuestionSuggestion) == 0


def test_a_forged_talk_id_is_refused_without_an_error_page(
    employee: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    helper = browser(coach)
    for forged in ("x", "-1", "99999999999999999999"):
        response = helper.submit(
            f"/berichten/{link.id}/vraag", {"text": "Q?", "consult_id": forged}
        )
        assert response.status_code == 200 and count(QuestionSuggestion) == 0
        assert "Nothing was sent." in response.get_data(as_text=True)
    helper.submit(f"/berichten/{link.id}/vraag", {"text": "Q?"})
    (suggestion,) = db.session.scalars(select(QuestionSuggestion)).all()
    worker = browser(employee)
    for talk in ("x", "999999", ""):
        response = worker.submit(
            f"/berichten/vraag/{suggestion.id}",
            answer(suggestion, decision="accept", consult_id=talk),
        )
        assert response.status_code == 302
    response = worker.submit(
        f"/berichten/vraag/{suggestion.id}", answer(suggestion, decision="maybe")
    )
    assert response.status_code == 302
    db.session.refresh(suggestion)
    assert suggestion.status is SuggestionStatus.OPEN


def test_a_question_for_the_visible_talk_is_preselected_and_hidden_talks_are_refused(
    employee: User, coach: User, link: CareLink, browser: Callable[[User], Client]
) -> None:
    talk = plan_talk(employee, days=7)
    helper = browser(coach)
    hidden = helper.submit(f"/berichten/{link.id}/vraag", {"text": "Q?", "consult_id": talk.id})
    assert hidden.status_code == 200 and count(QuestionSuggestion) == 0  # not shared
    worker = browser(employee)
    worker.submit("/berichten/wat-mijn-coach-ziet", {"shows_next_talk": "y"})
    page = helper.get(f"/berichten/{link.id}").get_data(as_text=True)
    assert f'name="consult_id" value="{talk.id}"' in page
    assert (
        helper.submit(
            f"/berichten/{link.id}/vraag", {"text": "Q?", "consult_id": talk.id}
        ).status_code
        == 302
    )
    (suggestion,) = db.session.scalars(select(QuestionSuggestion)).all()
    assert suggestion.consult_id == talk.id
    assert f'value="{talk.id}" selected' in worker.get("/berichten/").get_data(as_text=True)


def test_a_new_coach_sees_none_of_the_earlier_coachs_notes_rulers_or_questions(
    employee: User,
    coach: User,
    link: CareLink,
    make_user: Callable[..., User],
    browser: Callable[[User], Client],
) -> None:
    old = browser(coach)
    old.submit(f"/berichten/{link.id}/notitie", {"coach_note": CANARY})
    old.submit(f"/berichten/{link.id}/vraag", {"text": CANARY + "?"})
    new_coach = make_user(role=Role.COACH, name="Nina New")
    new_link = links.assign_coach(employee, new_coach)  # what the admin page does
    db.session.commit()
    assert old.get(f"/berichten/{link.id}").status_code == 404
    page = browser(new_coach).get(f"/berichten/{new_link.id}").get_data(as_text=True)
    assert CANARY not in page and "No notes yet." in page
    worker = browser(employee)
    assert CANARY not in worker.get("/berichten/").get_data(as_text=True)  # old question gone
    assert CANARY in worker.get("/berichten/notities-van-mijn-coach").get_data(as_text=True)
