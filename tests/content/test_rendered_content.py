"""Every page with editorial content is free of internal references and in one language.

Renders every brochure chapter (page, print view and PDF text), every learning module and
lesson, both self-checks with a result, and the timeline (page and .ics), in Dutch and in
English, and checks the text a reader gets:

* no internal working reference (seed file names, repository paths, line numbers, the
  content brief, the word "seed"), the same rules as ``flask content check``;
* no English sentence on a Dutch page and no Dutch sentence on an English page, by a small
  stop-word count per sentence (citations, which keep a publication's own title, are skipped).
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask

from portal.auth.models import EmployeeProfile, Role, User
from portal.content_audit import internal_references, reads_as_other_language, words
from portal.db import db
from portal.learning import content as learning_content
from portal.learning.selfchecks import SIGNALEN, ZELFMANAGEMENT

LANGS = ("nl", "en")

#: A citation: keeps the title in the language of the publication, so it is not checked.
CITATION = re.compile(r"\(\d{4}[),]|\bart\.\s*\d|\bartikel \d|'[^']+'")
_SENTENCE_END = re.compile(r"(?<=[.?!:])\s+|\n+")


def wrong_language_sentences(text: str, lang: str) -> list[str]:
    """Return the sentences of five words or more that read as the other language."""
    return [
        sentence.strip()
        for sentence in _SENTENCE_END.split(text)
        if not CITATION.search(sentence)
        and len(words(sentence)) >= 5
        and reads_as_other_language(sentence, lang)
    ]


def test_the_language_heuristic_tells_dutch_from_english() -> None:
    dutch = "Je hoeft niet te vertellen wat je hebt. Vraag het aan de bedrijfsarts."
    english = "You do not have to tell your employer what is wrong with you."
    assert wrong_language_sentences(dutch, "nl") == []
    assert wrong_language_sentences(english, "en") == []
    assert wrong_language_sentences(english, "nl") == [english]
    assert wrong_language_sentences(dutch, "en") == wrong_language_sentences(dutch, "en")[:2]
    assert len(wrong_language_sentences(dutch, "en")) == 2
    # A citation keeps its own title.
    nice = "NICE (2021). Chronic fatigue syndrome: diagnosis and management of the illness."
    assert wrong_language_sentences(nice, "nl") == []


def main_text(page: str) -> str:
    """Return the visible text of the <main> element (the whole page when there is none)."""
    match = re.search(r"<main\b.*?</main>", page, re.S)
    body = match.group(0) if match else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</(p|li|h[1-6]|td|th|dt|dd|div|section|label|legend|caption)>", "\n", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def citations(app: Flask, lang: str) -> list[str]:
    """Every source a reader can see in one language, whitespace collapsed, longest first."""
    from pathlib import Path

    from portal.brochure import content
    from portal.timeline.services import load_timeline

    with app.app_context():
        found = [s for c in content.chapters(lang) for s in c.sources]
        for module in learning_content.modules(lang):
            found += list(module.sources)
            found += [s for lesson in module.lessons for s in lesson.sources]
        timeline = load_timeline(Path(app.config["CONTENT_DIR"]) / "timeline.yaml")
        found += [m.sources[lang] for m in timeline.milestones]
    return sorted({" ".join(s.split()) for s in found}, key=len, reverse=True)


def without_citations(text: str, sources: list[str]) -> str:
    """Remove the citations (they keep a publication's own title) from a text."""
    flat = " ".join(text.split())
    for source in sources:
        flat = flat.replace(source, " ")
    return flat


def assert_clean(where: str, text: str, lang: str, sources: list[str] | None = None) -> None:
    internal = [(line, internal_references(line)) for line in text.splitlines()]
    internal = [(line.strip(), found) for line, found in internal if found]
    assert not internal, f"{where}: internal references {internal}"
    if sources is not None:
        wrong = wrong_language_sentences(without_citations(text, sources), lang)
        assert not wrong, f"{where} ({lang}): sentences in the other language {wrong}"


@pytest.fixture
def employee(make_user: Callable[..., User], login_as: Callable[[User], Any]) -> User:
    user = make_user(role=Role.EMPLOYEE)
    profile = db.session.get_one(EmployeeProfile, user.id)
    profile.sick_since = date(2026, 1, 5)
    db.session.commit()
    login_as(user)
    return user


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def content_pages(app: Flask) -> Iterator[str]:
    """Every URL with editorial content, except the self-check results and downloads."""
    with app.app_context():
        from portal.brochure import content

        chapters = [c.slug for c in content.chapters("nl")]
        modules = learning_content.modules("nl")
        yield "/werkwijzer/"
        yield from (f"/werkwijzer/{slug}" for slug in chapters)
        yield "/werkwijzer/afdrukken"
        yield "/leren/"
        for module in modules:
            yield f"/leren/{module.slug}/"
            yield from (f"/leren/{module.slug}/{lesson.slug}" for lesson in module.lessons)
        yield "/leren/zelfcheck/"
        yield f"/leren/zelfcheck/{ZELFMANAGEMENT}"
        yield f"/leren/zelfcheck/{SIGNALEN}"
        yield "/tijdlijn/"


@pytest.mark.parametrize("lang", LANGS)
def test_every_content_page_is_clean_and_in_one_language(
    app: Flask, client: Any, employee: User, lang: str
) -> None:
    client.get(f"/?lang={lang}")
    urls = list(content_pages(app))
    assert len(urls) > 40
    sources = citations(app, lang)
    checked_label = {"nl": "gecontroleerd op", "en": "Last checked on"}[lang]
    for url in urls:
        text = main_text(page(client, url))
        assert_clean(url, text, lang, sources)
        chapter = url.startswith("/werkwijzer/") and url != "/werkwijzer/"
        module_or_lesson = url.startswith("/leren/") and url.count("/") == 3
        if (chapter or module_or_lesson) and not url.startswith("/leren/zelfcheck"):
            # Every chapter, module and lesson tells the reader when its facts were checked.
            assert checked_label in text, url
    checks = learning_content.selfchecks()
    answers = {
        ZELFMANAGEMENT: {key: "2" for key in checks.statement_ids(ZELFMANAGEMENT)},
        SIGNALEN: {key: "yes" for key in checks.statement_ids(SIGNALEN)},
    }
    for kind, form in answers.items():
        response = client.submit(f"/leren/zelfcheck/{kind}", form)
        assert response.status_code == 302, kind
        result = page(client, response.headers["Location"])
        assert_clean(f"{kind} result", main_text(result), lang, sources)


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_clean_and_in_one_language(app: Flask, client: Any, lang: str) -> None:
    response = client.get(f"/werkwijzer/werkwijzer.pdf?lang={lang}")
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    assert len(text) > 20_000
    assert_clean(f"werkwijzer.pdf ({lang})", text, lang, citations(app, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_the_calendar_is_clean_and_in_one_language(client: Any, employee: User, lang: str) -> None:
    client.get(f"/?lang={lang}")
    response = client.get("/tijdlijn/tijdlijn.ics")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "BEGIN:VEVENT" in text
    # Unfold iCalendar lines and unescape its text escapes.
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    readable = unfolded.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
    fields = [
        line.split(":", 1)[1]
        for line in readable.splitlines()
        if line.startswith(("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"))
    ]
    assert_clean(f"tijdlijn.ics ({lang})", "\n".join(fields), lang, [])


@pytest.fixture
def leaky_content(tmp_path: Any, app_config: dict[str, Any]) -> None:
    """Serve a copy of the content with an internal note and an English sentence in Dutch."""
    import shutil

    from tests.brochure.conftest import CONTENT, edit

    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    edit(
        target / "brochure/02-stap-voor-stap.nl.md",
        "## De wet in het kort\n",
        "## De wet in het kort\n\nBron: seeds/001_c933c4cd4876e3d4.txt L479.\n\n"
        "You should ask your employer about this before the end of the week.\n",
    )
    app_config["CONTENT_DIR"] = str(target)


def test_a_leak_on_a_page_is_caught(leaky_content: None, app: Flask, client: Any) -> None:
    client.get("/?lang=nl")
    text = main_text(page(client, "/werkwijzer/stap-voor-stap"))
    with pytest.raises(AssertionError, match="internal references"):
        assert_clean("stap-voor-stap", text, "nl", citations(app, "nl"))
    without_note = text.replace("Bron: seeds/001_c933c4cd4876e3d4.txt L479.", "")
    with pytest.raises(AssertionError, match="sentences in the other language"):
        assert_clean("stap-voor-stap", without_note, "nl", citations(app, "nl"))
    response = client.get("/werkwijzer/werkwijzer.pdf?lang=nl")
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    with pytest.raises(AssertionError, match="internal references"):
        assert_clean("werkwijzer.pdf", pdf_text, "nl", citations(app, "nl"))
