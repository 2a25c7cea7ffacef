"""The recipient's side: open a share by code, read it, download the PDF; nothing else."""

from __future__ import annotations

import logging
from typing import Any

from flask import render_template
from werkzeug.wrappers import Response

from portal import clock
from portal.audit.services import logged_reads
from portal.codeshare import public_bp
from portal.codeshare import services as codes
from portal.codeshare.forms import CodeForm, PassForm
from portal.codeshare.models import CodeShare
from portal.db import db
from portal.dossier.services import KIND_LABELS
from portal.i18n import _
from portal.ratelimit import LOGIN_LIMIT, limiter
from portal.security import public
from portal.sharing.rendering import share_helpers as sharing_helpers
from portal.sharing.services import render_pdf

log = logging.getLogger(__name__)


@public_bp.context_processor
def share_helpers() -> dict[str, Any]:
    """Give the reader's pages the helpers of the summary macro (the same as in sharing)."""
    return sharing_helpers()


@public_bp.after_request
def private_page(response: Response) -> Response:
    """Keep these pages out of search engines and caches (the app adds same-origin referrers)."""
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def closed(share: CodeShare | None) -> tuple[str, int]:
    """Answer the same for an unknown, stopped, ended, used or locked link."""
    reason = share.status(clock.now()) if share is not None else "unknown"
    return render_template("codeshare/closed.html", reason=reason), 404


@public_bp.route("/<token>", methods=["GET", "POST"])
@public
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def open_share(token: str) -> str | tuple[str, int]:
    """Ask for the code; with the right one, show the frozen share read-only."""
    share = codes.find(token)
    moment = clock.now()
    if share is None or share.status(moment) != "active":
        return closed(share)
    form = CodeForm()
    if form.validate_on_submit():
        if codes.check_code(share, form.code.data or "", moment):
            with logged_reads():  # committed before anything is shown, or refused
                codes.log_use(share, "codeshare.opened", moment)
            log.info("code share %s opened with the code", share.id)
            pass_form = PassForm(data={"view_pass": codes.make_pass(share)})
            return render_template(
                "codeshare/view.html",
                share=share,
                token=token,
                pass_form=pass_form,
                items=codes.thaw(share.snapshot),
                kind_labels=KIND_LABELS,
            )
        db.session.commit()
        if share.locked_at is not None:
            return closed(share)
        form.code.errors = [_("This code is not right. Check it and try again.")]
        return render_template("codeshare/code.html", form=form), 400
    return render_template("codeshare/code.html", form=form)


@public_bp.route("/<token>/pdf", methods=["POST"])
@public
@limiter.limit(LOGIN_LIMIT)
def download(token: str) -> Response | tuple[str, int]:
    """Download the share as PDF, within half an hour of giving the right code."""
    share = codes.find(token)
    moment = clock.now()
    form = PassForm()
    if (
        share is None
        or not share.can_show(moment)
        or not form.validate_on_submit()
        or not codes.pass_is_valid(share, form.view_pass.data or "")
    ):
        return closed(share)
    with logged_reads():  # the row is committed with the PDF made, or nothing is sent
        codes.log_use(share, "codeshare.pdf", moment)
        html = render_template(
            "codeshare/pdf.html",
            share=share,
            items=codes.thaw(share.snapshot),
            kind_labels=KIND_LABELS,
        )
        pdf = render_pdf(html)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="gedeeld-{share.id}.pdf"'
    return response
