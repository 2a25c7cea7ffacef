"""The dossier: own entries sealed and owner-only, files checked and encrypted, derived items,
filters, the plan with revisions, "my view" as PDF, export and deletion."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from sqlalchemy import select, text

from portal import clock
from portal.consults.models import Agreement, AgreementWho, Consult, WithWhom
from portal.db import db
from portal.dossier.models import DossierEntry, Plan
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def add_contact(client: Any, **overrides: str) -> Any:
    data = {
        "happened_on": clock.today().isoformat(),
        "how": "phone",
        "who_role": "casemanager",
        "who_name": "Jansen",
        "said": "SECRET-SAID-41",
        "agreed": "Twee uur per dag",
        "follows": "Gesprek over twee weken",
        **overrides,
    }
    return client.submit("/dossier/nieuw/contact", data)


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, str]:
    """Build a multipart body by hand (the test client's builder spools large files)."""
    boundary = "----dossier-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def add_document(client: Any, content: bytes, filename: str = "brief.pdf", **extra: str) -> Any:
    fields = {
        "csrf_token": client.csrf_token(),
        "title": "Brief van UWV",
        "happened_on": clock.today().isoformat(),
        "who_name": "UWV",
        **extra,
    }
    body, boundary = multipart(fields, filename, content)
    return client.post(
        "/dossier/nieuw/document",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_contact_is_listed_sealed_and_owner_only(
    client: Any, make_user: Any, login_as: Any
) -> None:
    me, other = make_user(), make_user()
    login_as(me)
    assert add_contact(client).status_code == 302
    page = client.get("/dossier/").get_data(as_text=True)
    assert "SECRET-SAID-41" in page and "casemanager" in page
    raw = db.session.execute(text("SELECT said_sealed, who_role_sealed FROM dossier_entries")).one()
    assert "SECRET" not in raw[0] and raw[0].startswith("v1:") and "casemanager" not in raw[1]
    entry_id = db.session.scalar(select(DossierEntry.id))
    client.submit("/uitloggen")
    login_as(other)
    assert client.get(f"/dossier/{entry_id}/wijzigen").status_code == 404
    assert client.submit(f"/dossier/{entry_id}/verwijderen").status_code == 404
    assert "SECRET-SAID-41" not in client.get("/dossier/").get_data(as_text=True)
    assert db.session.scalar(select(DossierEntry.id)) == entry_id


def test_future_contact_and_empty_role_are_refused(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    response = add_contact(client, happened_on=tomorrow)
    assert response.status_code == 200
    assert "in the future" in response.get_data(as_text=True) or "toekomst" in response.get_data(
        as_text=True
    )
    assert add_contact(client, who_role="").status_code == 200
    assert add_contact(client, how="pigeon").status_code == 200
    assert add_contact(client, happened_on="32-13-2026").status_code == 200
    assert db.session.scalar(select(DossierEntry.id)) is None


def test_edit_and_delete_own_entry(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    add_contact(client)
    entry_id = db.session.scalar(select(DossierEntry.id))
    assert "SECRET-SAID-41" in client.get(f"/dossier/{entry_id}/wijzigen").get_data(as_text=True)
    response = add_contact(client)  # a second one, then change the first
    assert response.status_code == 302
    data = {"happened_on": "2026-01-05", "how": "meeting", "who_role": "bedrijfsarts", "said": "x"}
    assert client.submit(f"/dossier/{entry_id}/wijzigen", data).status_code == 302
    entry = db.session.get(DossierEntry, entry_id)
    assert entry is not None and entry.who_role == "bedrijfsarts" and entry.how == "meeting"
    assert client.submit(f"/dossier/{entry_id}/verwijderen").status_code == 302
    assert db.session.get(DossierEntry, entry_id) is None


def test_document_file_is_encrypted_and_downloaded_as_attachment(
    client: Any, make_user: Any, login_as: Any
) -> None:
    me, other = make_user(), make_user()
    login_as(me)
    assert add_document(client, PDF).status_code == 302
    entry = db.session.scalars(select(DossierEntry)).one()
    assert entry.file_type == "application/pdf" and entry.file_size == len(PDF)
    raw = db.session.execute(text("SELECT file_sealed FROM dossier_entries")).scalar_one()
    assert b"%PDF" not in raw.encode() and "JVBER" not in raw  # neither bytes nor base64 of them
    response = client.get(f"/dossier/{entry.id}/bestand")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    client.submit("/uitloggen")
    login_as(other)
    assert client.get(f"/dossier/{entry.id}/bestand").status_code == 404


def test_bad_files_are_refused_and_nothing_is_stored(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    html = b"<html><script>alert(1)</script></html>"
    for content, name in [(html, "brief.pdf"), (b"", "leeg.pdf"), (b"GIF89a" + b"0" * 20, "x.png")]:
        response = add_document(client, content, name)
        assert response.status_code == 200, name
    too_large = b"%PDF-" + b"0" * (5 * 1024 * 1024)
    response = add_document(client, too_large)
    assert response.status_code in (200, 413)
    assert "5 MB" in response.get_data(as_text=True) or response.status_code == 413
    way_too_large = b"%PDF-" + b"0" * (7 * 1024 * 1024)
    assert add_document(client, way_too_large).status_code == 413
    assert db.session.scalar(select(DossierEntry.id)) is None
    assert add_document(client, PNG, "foto.png").status_code == 302
    assert db.session.scalars(select(DossierEntry)).one().file_type == "image/png"


def test_derived_items_are_marked_and_link_to_their_source(
    client: Any, make_user: Any, login_as: Any
) -> None:
    me = make_user()
    talk = Consult(
        user_id=me.id,
        starts_at=dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC),
        with_whom=WithWhom.BEDRIJFSARTS,
    )
    talk.eval_good = "GOED-GEGAAN-7"
    db.session.add(talk)
    db.session.flush()
    agreement = Agreement(user_id=me.id, consult_id=talk.id, who=AgreementWho.ME)
    agreement.what = "AFSPRAAK-88"
    db.session.add(agreement)
    db.session.commit()
    login_as(me)
    page = client.get("/dossier/").get_data(as_text=True)
    assert "GOED-GEGAAN-7" in page and "AFSPRAAK-88" in page
    assert f'href="/gesprekken/{talk.id}"' in page
    assert "Uit het portaal" in page or "From the portal" in page
    only_notes = client.get("/dossier/?kinds=note").get_data(as_text=True)
    assert "AFSPRAAK-88" not in only_notes
    later = client.get("/dossier/?start=2026-03-01").get_data(as_text=True)
    assert "AFSPRAAK-88" not in later
    assert client.get("/dossier/?kinds=evil&start=nonsense").status_code == 200


def test_plan_with_steps_and_revision(client: Any, make_user: Any, login_as: Any) -> None:
    login_as(make_user())
    plan = {
        "drawn_up_on": "2026-01-10",
        "goal": "own_work",
        "steps": "Start met 2 uur per dag; ik en leidinggevende; 01-02-2026\n"
        "Evaluatie; bedrijfsarts",
        "is_agreed": "no",
        "own_view": "MIJN-KIJK-PLAN",
    }
    assert client.submit("/dossier/plan", plan).status_code == 302
    saved = db.session.scalars(select(Plan)).one()
    assert [s.what for s in saved.steps] == ["Start met 2 uur per dag", "Evaluatie"]
    assert saved.steps[0].due_on == dt.date(2026, 2, 1) and saved.own_view == "MIJN-KIJK-PLAN"
    before = {
        "bijstelling-revised_on": "2026-01-09",
        "bijstelling-reason": "te vroeg",
        "bijstelling-is_agreed": "yes",
    }
    response = client.submit("/dossier/plan/bijstelling", before)
    assert response.status_code == 400
    assert "before the plan" in response.get_data(as_text=True) or "vóór" in response.get_data(
        as_text=True
    )
    future = {
        **before,
        "bijstelling-revised_on": (clock.today() + dt.timedelta(days=3)).isoformat(),
    }
    assert client.submit("/dossier/plan/bijstelling", future).status_code == 400
    good = {
        "bijstelling-revised_on": "2026-02-15",
        "bijstelling-reason": "REDEN-55",
        "bijstelling-is_agreed": "no",
        "bijstelling-own_view": "nee",
    }
    assert client.submit("/dossier/plan/bijstelling", good).status_code == 302
    db.session.expire_all()
    saved = db.session.scalars(select(Plan)).one()
    assert [r.reason for r in saved.revisions] == ["REDEN-55"]
    assert "REDEN-55" in client.get("/dossier/").get_data(as_text=True)
    bad_steps = {**plan, "steps": "a; b; niet-een-datum"}
    assert client.submit("/dossier/plan", bad_steps).status_code == 200


def test_my_view_preview_and_pdf_follow_the_choice(
    client: Any, make_user: Any, login_as: Any
) -> None:
    login_as(make_user())
    add_contact(client)
    add_contact(client, said="ANDERE-77")
    first, _second = db.session.scalars(select(DossierEntry.id).order_by(DossierEntry.id)).all()
    preview = client.get(f"/dossier/mijn-kijk?uit=entry-{first}").get_data(as_text=True)
    assert "ANDERE-77" in preview and "integratieverslag" in preview.lower()
    assert "SECRET-SAID-41" not in preview.split("Preview")[-1].split("Voorbeeld")[-1]
    response = client.get(f"/dossier/mijn-kijk.pdf?uit=entry-{first}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_export_and_deletion_include_the_dossier(
    client: Any, make_user: Any, login_as: Any
) -> None:
    me = make_user()
    login_as(me)
    add_contact(client)
    add_document(client, PDF)
    client.submit(
        "/dossier/plan", {"drawn_up_on": "2026-01-10", "goal": "second_track", "is_agreed": "yes"}
    )
    response = client.submit("/account/mijn-gegevens/download", {"export-password": PASSWORD})
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    tables = data["tables"]
    assert any(row.get("said") == "SECRET-SAID-41" for row in tables["dossier_entries"])
    assert tables["dossier_plans"][0]["goal"] == "second_track"
    from portal.account.rights import delete_account

    delete_account(me.id)
    assert db.session.scalar(select(DossierEntry.id)) is None
    assert db.session.scalar(select(Plan.id)) is None
