"""A worker sends a PDF it rendered a moment ago again, without laying it out anew.

The memo is keyed by the page's own HTML, after every access check: a revoked share is
refused though its PDF is still kept; a changed page is rendered anew; another person's
page is another PDF; and nothing is kept when PORTAL_PDF_MEMO_SECONDS is 0.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from portal import pdf
from portal.auth.models import User
from tests.conftest import Client
from tests.sharing.conftest import make_share


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The memo switched on, as in production."""
    return {**app_config, "PDF_MEMO_SECONDS": 300}


@pytest.fixture(autouse=True)
def empty_memo() -> Iterator[None]:
    pdf.forget()
    yield
    pdf.forget()


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the pages WeasyPrint lays out (the real WeasyPrint still does the work)."""
    seen: list[str] = []
    real = pdf.weasyprint

    def counted() -> Any:
        module = real()

        class Counting:
            CSS = module.CSS

            @staticmethod
            def HTML(*args: Any, **kwargs: Any) -> Any:
                seen.append(kwargs.get("string", ""))
                return module.HTML(*args, **kwargs)

        return Counting

    monkeypatch.setattr(pdf, "weasyprint", counted)
    return seen


def pdf_text(data: bytes) -> str:
    """Extract the text of a PDF with pdftotext (poppler-utils)."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


def test_the_same_share_pdf_is_rendered_once_and_stays_the_same(
    people: dict[str, User], new_client: Callable[[User], Client], renders: list[str]
) -> None:
    share = make_share(people["eva"], people["doctor"], "Ochtenden gaan het best")
    doctor = new_client(people["doctor"])
    first = doctor.get(f"/delen/ontvangen/{share.id}.pdf")
    second = doctor.get(f"/delen/ontvangen/{share.id}.pdf")
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and "Ochtenden gaan het best" in pdf_text(second.data)
    assert len(renders) == 1


def test_a_revoked_share_is_refused_though_its_pdf_is_kept(
    people: dict[str, User], new_client: Callable[[User], Client], renders: list[str]
) -> None:
    share = make_share(people["eva"], people["doctor"], "Ochtenden gaan het best")
    doctor, eva = new_client(people["doctor"]), new_client(people["eva"])
    assert doctor.get(f"/delen/ontvangen/{share.id}.pdf").status_code == 200
    eva.submit(f"/delen/{share.id}/intrekken")
    refused = doctor.get(f"/delen/ontvangen/{share.id}.pdf")
    assert refused.status_code == 404 and b"%PDF" not in refused.data


def test_each_person_gets_the_pdf_of_their_own_page(
    people: dict[str, User], new_client: Callable[[User], Client], renders: list[str]
) -> None:
    mine = make_share(people["eva"], people["doctor"], "Tekst van Eva")
    theirs = make_share(people["other_employee"], people["other_doctor"], "Tekst van een ander")
    first = pdf_text(new_client(people["doctor"]).get(f"/delen/ontvangen/{mine.id}.pdf").data)
    other = new_client(people["other_doctor"])
    second = pdf_text(other.get(f"/delen/ontvangen/{theirs.id}.pdf").data)
    assert other.get(f"/delen/ontvangen/{mine.id}.pdf").status_code == 404
    assert "Tekst van Eva" in first and "Tekst van een ander" not in first
    assert "Tekst van een ander" in second and "Tekst van Eva" not in second
    assert len(renders) == 2


def test_a_changed_page_is_rendered_anew(
    people: dict[str, User], new_client: Callable[[User], Client], renders: list[str]
) -> None:
    share = make_share(people["eva"], people["doctor"], "Eerste tekst")
    doctor = new_client(people["doctor"])
    doctor.get(f"/delen/ontvangen/{share.id}.pdf")
    english = doctor.get(f"/delen/ontvangen/{share.id}.pdf?lang=en")
    assert len(renders) == 2 and renders[0] != renders[1]
    assert "Eerste tekst" in pdf_text(english.data)


def test_nothing_is_kept_when_switched_off(
    app: Flask,
    people: dict[str, User],
    new_client: Callable[[User], Client],
    renders: list[str],
) -> None:
    app.config["PDF_MEMO_SECONDS"] = 0
    share = make_share(people["eva"], people["doctor"], "Ochtenden")
    doctor = new_client(people["doctor"])
    doctor.get(f"/delen/ontvangen/{share.id}.pdf")
    doctor.get(f"/delen/ontvangen/{share.id}.pdf")
    assert len(renders) == 2 and pdf._memo.size == 0


def test_entries_expire_and_the_oldest_make_room() -> None:
    memo = pdf.Memo(limit=100)
    memo.put("a", b"x" * 20, expires=10.0)
    assert memo.get("a", now=9.0) == b"x" * 20
    assert memo.get("a", now=10.0) is None and memo.size == 0  # expired: dropped
    memo.put("a", b"a" * 20, expires=50.0)
    memo.put("b", b"b" * 20, expires=50.0)
    memo.get("a", now=1.0)  # used last: "b" is now the oldest used
    memo.put("c", b"c" * 20, expires=50.0)
    memo.put("d", b"d" * 20, expires=50.0)
    memo.put("e", b"e" * 20, expires=50.0)  # 100 bytes: still fits
    memo.put("f", b"f" * 20, expires=50.0)
    assert memo.get("b", now=1.0) is None and memo.get("a", now=1.0) == b"a" * 20
    assert memo.size == 100
    memo.put("big", b"z" * 26, expires=50.0)  # over a quarter of the limit: not kept
    assert memo.get("big", now=1.0) is None and memo.size == 100
