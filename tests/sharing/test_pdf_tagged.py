"""The PDF a recipient downloads of a shared summary is tagged (PDF/UA-1)."""

from __future__ import annotations

from collections.abc import Callable

from portal.auth.models import User
from portal.sharing.models import Share
from tests.conftest import Client
from tests.consults.test_pdf_tagged import pdf_info
from tests.sharing.test_access import shared  # noqa: F401  (fixture)


def test_the_shared_summary_pdf_is_tagged(
    people: dict[str, User],
    shared: Share,  # noqa: F811
    new_client: Callable[[User], Client],
) -> None:
    doctor = new_client(people["doctor"])
    response = doctor.get(f"/delen/ontvangen/{shared.id}.pdf")
    assert response.status_code == 200
    assert pdf_info(response.data)["Tagged"] == "yes"
