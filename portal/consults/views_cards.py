"""What a talk prints: the talk card (page and PDF) and the werkgeversversie."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, current_app, render_template
from flask_login import current_user

from portal import clock, medical_words, pdf
from portal.auth.models import Role
from portal.consults import bp
from portal.consults.models import Consult
from portal.consults.services import (
    EmployerVersion,
    agreements_of_talk,
    employer_version,
    own_talk,
    question_texts,
)
from portal.consults.suggestions import AGREEMENT_WHO_LABELS, WITH_WHOM_LABELS
from portal.i18n import _
from portal.security import roles

STATIC = Path(__file__).resolve().parent.parent / "static"
CARD_CSS = str(STATIC / "css" / "consults-pdf.css")


def card_context(consult: Consult) -> dict[str, Any]:
    """Return what the talk card shows; the private note is deliberately not part of it."""
    return {
        "consult": consult,
        "goals": [goal.text for goal in consult.goals if goal.text],
        "changed": consult.changed,
        "can_do": consult.can_do,
        "cannot_do": consult.cannot_do,
        "proposals": consult.proposals,
        "step_plan": consult.step_plan,
        "questions": question_texts(consult),
        "labels": WITH_WHOM_LABELS,
    }


@bp.route("/<int:consult_id>/kaart")
@roles(Role.EMPLOYEE)
def card(consult_id: int) -> str:
    """Show the talk card: one page to print or to show on a phone."""
    return render_template("consults/card.html", **card_context(own_talk(consult_id)))


@bp.route("/<int:consult_id>/kaart.pdf")
@roles(Role.EMPLOYEE)
def card_pdf(consult_id: int) -> Response:
    """Send the talk card as a one-page A4 PDF in the employee's language."""
    html = render_template("consults/card_pdf.html", **card_context(own_talk(consult_id)))
    response = Response(render_pdf(html), mimetype="application/pdf")
    name = _("talk-card")  # file names in the reader's language too
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def pdf_document(html: str) -> Any:
    """Lay out the card with WeasyPrint, fetching nothing from outside."""
    base_url = current_app.config["BASE_URL"].rstrip("/") + "/"
    weasyprint = pdf.weasyprint()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=pdf.no_fetching)
    return document.render(stylesheets=[pdf.stylesheet(CARD_CSS)])


def render_pdf(html: str) -> bytes:
    """Return the PDF bytes of the card (the same as pdf_document's, written out)."""
    return pdf.render(html, CARD_CSS)


@bp.route("/<int:consult_id>/werkgeversversie")
@roles(Role.EMPLOYEE)
def employer(consult_id: int) -> str:
    """Show the werkgeversversie: agreements and what I can and cannot do, nothing medical."""
    consult = own_talk(consult_id)
    version = employer_version(
        consult, agreements_of_talk(consult), current_user.name, clock.today()
    )
    return render_template(
        "consults/employer.html",
        version=version,
        consult_id=consult.id,
        who_labels=AGREEMENT_WHO_LABELS,
        medical=medical_lines(version),
    )


def medical_lines(version: EmployerVersion) -> list[tuple[str, list[str]]]:
    """Return (line, medical words in it) for every line of the werkgeversversie with any.

    While this is not empty the page blocks printing and asks the employee to rephrase.
    """
    texts = [
        *(f"{a.what} ({a.example})" if a.example else a.what for a in version.can_do),
        *(f"{a.what} ({a.example})" if a.example else a.what for a in version.cannot_do),
        *(a.what for a in version.agreements),
    ]
    found = [(text, medical_words.find(text)) for text in texts]
    return [(text, words) for text, words in found if words]
