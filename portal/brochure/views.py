"""The Werkwijzer brochure: contents with search, chapters, obstacles table, print and PDF."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.auth.models import Role
from portal.brochure import bp, content, search
from portal.db import db
from portal.feedback.forms import FeedbackForm
from portal.feedback.models import Subject, give_feedback, own_feedback
from portal.i18n import _, _l, current_language
from portal.pdf import no_fetching
from portal.pdf import stylesheet as pdf_stylesheet
from portal.pdf import weasyprint as load_weasyprint
from portal.security import public, roles

#: The chapter that shows the obstacles table after its text.
OBSTACLES_SLUG = "belemmeringen-en-oplossingen"
#: Labels of the conditions in obstacles.yaml, in the order of the filter.
CONDITION_LABELS: dict[str, Any] = {
    "whiplash": _l("Whiplash"),
    "me-cvs": _l("ME/CFS"),
    "pds": _l("IBS (irritable bowel syndrome)"),
    "lage-rug": _l("Low back pain"),
    "psychisch": _l("Psychological complaints"),
}
MAX_QUERY_LENGTH = 100
STATIC = Path(__file__).resolve().parent.parent / "static"

#: PDF bytes per (content digest, language, base URL): content only changes with a restart.
_pdf_cache: dict[tuple[str, str, str], bytes] = {}

_CHAPTER_LINK = re.compile(r'href="/werkwijzer/([a-z0-9-]+)/?"')
_HEADING = re.compile(r"<(/?)h([2-5])\b")


@bp.route("/")
@public
def index() -> str:
    """Show the table of contents, with search results when ?q= is given."""
    lang = current_language()
    query = " ".join(request.args.get("q", "").split())[:MAX_QUERY_LENGTH]
    return render_template(
        "brochure/index.html",
        chapters=content.chapters(lang),
        query=query,
        results=search.search(lang, query) if query else None,
    )


@bp.route("/<slug>")
@public
def chapter(slug: str) -> str:
    """Show one chapter; the obstacles chapter also shows the table, filterable by condition."""
    return render_chapter(slug)


@bp.route("/<slug>/nuttig", methods=["POST"])
@roles(Role.EMPLOYEE)
def feedback(slug: str) -> str | WerkzeugResponse:
    """Save "was this useful?" for a chapter: one answer per person, changeable."""
    if content.chapter(current_language(), slug) is None:
        abort(404)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return render_chapter(slug, form)
    give_feedback(current_user.id, Subject.CHAPTER, slug, form.rating.data, form.recommend.data)
    db.session.commit()
    flash(_("Thank you. Your answer is saved; you can change it at any time."), "success")
    return redirect(url_for("brochure.chapter", slug=slug, _anchor="nuttig"))


def render_chapter(slug: str, form: FeedbackForm | None = None) -> str:
    """Render a chapter page, with the feedback form for employees."""
    lang = current_language()
    found = content.chapter(lang, slug)
    if found is None:
        abort(404)
    reading_order = content.chapters(lang)
    position = reading_order.index(found)
    condition = request.args.get("aandoening")
    if condition not in CONDITION_LABELS:
        condition = None  # an unknown or empty choice shows every row
    return render_template(
        "brochure/chapter.html",
        chapter=found,
        number=position + 1,
        total=len(reading_order),
        previous=reading_order[position - 1] if position > 0 else None,
        following=reading_order[position + 1] if position + 1 < len(reading_order) else None,
        rows=content.obstacles(lang, condition) if slug == OBSTACLES_SLUG else None,
        total_rows=len(content.obstacles(lang)),
        condition=condition,
        condition_labels=CONDITION_LABELS,
        feedback_form=form or _prefilled_feedback(slug),
    )


def _prefilled_feedback(slug: str) -> FeedbackForm | None:
    """Return the feedback form with the employee's earlier answer (None for others)."""
    if not current_user.is_authenticated or current_user.role is not Role.EMPLOYEE:
        return None
    return FeedbackForm(obj=own_feedback(current_user.id, Subject.CHAPTER, slug))


@bp.route("/afdrukken")
@public
def print_view() -> str:
    """Show the whole brochure on one page, ready for the browser's print function."""
    return render_template("brochure/print.html", **_whole_brochure(current_language()))


@bp.route("/werkwijzer.pdf")
@public
def pdf() -> Response:
    """Send the whole brochure as a PDF file (rendered once per language)."""
    lang = current_language()
    base_url = current_app.config["BASE_URL"].rstrip("/") + "/"
    key = (content.library().digest, lang, base_url)
    if key not in _pdf_cache:
        html = render_template("brochure/pdf.html", **_whole_brochure(lang))
        weasyprint = load_weasyprint()
        stylesheet = pdf_stylesheet(str(STATIC / "css" / "brochure-pdf.css"))
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=no_fetching)
        _pdf_cache[key] = document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    response = Response(_pdf_cache[key], mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="werkwijzer-eigen-regie-{lang}.pdf"'
    )
    return response


def _whole_brochure(lang: str) -> dict[str, Any]:
    """Return what the print view and the PDF show: every chapter and the whole table."""
    chapters = content.chapters(lang)
    return {
        "chapters": chapters,
        "bodies": {item.slug: single_page_html(item.html) for item in chapters},
        "rows": content.obstacles(lang),
        "obstacles_slug": OBSTACLES_SLUG,
        "condition_labels": CONDITION_LABELS,
        "checked": max(item.last_checked for item in chapters),
    }


def single_page_html(body: Markup) -> Markup:
    """Adapt a chapter body to a page with every chapter: links jump, headings go down one."""
    linked = _CHAPTER_LINK.sub(r'href="#chapter-\1"', str(body))
    shifted = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", linked)
    return Markup(shifted)  # noqa: S704 - sanitised content; only tag names and hrefs change
