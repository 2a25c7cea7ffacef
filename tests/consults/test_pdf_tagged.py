"""Every PDF the portal writes is tagged (PDF/UA-1), checked with poppler's pdfinfo."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

from portal.auth.models import User
from tests.consults.test_print import typical_talk


def pdf_info(pdf: bytes) -> dict[str, str]:
    """Return pdfinfo's fields (poppler-utils) for a PDF given as bytes."""
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    pairs = (line.split(":", 1) for line in done.stdout.decode().splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def test_the_talk_card_pdf_is_tagged(client: Any, employee: User) -> None:
    consult = typical_talk(employee)
    response = client.get(f"/gesprekken/{consult.id}/kaart.pdf")
    assert pdf_info(response.data)["Tagged"] == "yes"


def test_the_brochure_pdf_is_tagged(app: Any, make_user: Callable[..., User]) -> None:
    response = app.test_client().get("/werkwijzer/werkwijzer.pdf")
    assert response.status_code == 200
    info = pdf_info(response.data)
    assert info["Tagged"] == "yes" and info.get("Title")
