"""Dutch by default, English complete; catalogs have no gaps; no English on Dutch pages."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from portal.db import db
from portal.i18n_tools import catalog_problems

TRANSLATIONS = Path(__file__).parent.parent / "translations"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_catalog_is_complete(lang: str) -> None:
    problems = catalog_problems(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    assert problems == []


def test_catalog_covers_every_message_in_the_code(tmp_path: Path) -> None:
    """Extract from the source now (not the committed .pot): every msgid has Dutch."""
    import subprocess
    import sys

    root = TRANSLATIONS.parent
    pot = tmp_path / "now.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(root / "babel.cfg"),
            "-k",
            "_l",
            "--no-location",
            "-o",
            str(pot),
            str(root / "portal"),
        ],
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        dutch = {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in read_po(handle)
            if m.id and m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
        }
    assert in_code - dutch == set(), "run `make translate-update` and translate"


def test_problems_are_detected(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "Hallo %(naam)s"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Vaag"\n',
        encoding="utf-8",
    )
    problems = catalog_problems(po)
    assert any(p.startswith("placeholders differ") for p in problems)
    assert any(p.startswith("untranslated") for p in problems)
    assert any(p.startswith("fuzzy") for p in problems)


def test_default_is_dutch_and_lang_switches_and_is_remembered(client: Any) -> None:
    assert '<html lang="nl"' in client.get("/").get_data(as_text=True)
    assert '<html lang="en"' in client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="nl"' in client.get("/inloggen?lang=nl").get_data(as_text=True)
    assert '<html lang="nl"' in client.get("/?lang=fr").get_data(as_text=True)


def test_language_is_stored_in_the_profile(client: Any, make_user: Any, login_as: Any) -> None:
    user = make_user()
    login_as(user)
    client.get("/?lang=en")
    db.session.refresh(user)
    assert user.locale == "en"
    client.submit("/uitloggen")
    client.get("/?lang=nl")
    login_as(user)
    # this browser chose Dutch just now; that choice wins over the profile
    assert '<html lang="nl"' in client.get("/").get_data(as_text=True)


def _english_only_messages() -> list[str]:
    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    return [
        m.id
        for m in catalog
        if isinstance(m.id, str)
        and len(m.id) >= 12
        and m.string
        and m.string != m.id
        and "%(" not in m.id
    ]


PAGES = {
    None: ["/", "/inloggen", "/registreren", "/wachtwoord-vergeten", "/privacy", "/hulp"],
    "employee": ["/", "/account/", "/account/koppelingen", "/account/wachtwoord"],
    "coach": ["/coach/", "/account/"],
    "professional": ["/professional/"],
    "admin": ["/admin/", "/admin/accounts/nieuw", "/admin/koppelingen"],
}


@pytest.mark.parametrize("role", list(PAGES))
def test_dutch_pages_leak_no_english(
    role: str | None, client: Any, make_user: Any, login_as: Any
) -> None:
    if role:
        login_as(make_user(role=role))
    english = _english_only_messages()
    assert len(english) > 50
    for path in PAGES[role]:
        page = html.unescape(client.get(path).get_data(as_text=True))
        assert '<html lang="nl"' in page, path
        leaked = [message for message in english if message in page]
        assert leaked == [], f"{path}: {leaked}"
