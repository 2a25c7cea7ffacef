"""What a recipient (coach or professional) does with a share: open, download, reply.

A professional's reply can carry structured advice (portal.sharing.advice).

Every open and every download writes an access-log row before anything is shown; when
the row cannot be written, the read is refused. A share that is revoked, expired, sent
through a link that ended, or addressed to someone else answers 404 on every request.
"""

from __future__ import annotations

import logging

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from portal.audit.services import read_as_non_owner
from portal.auth.models import Role
from portal.db import db, utcnow
from portal.i18n import _
from portal.security import roles
from portal.sharing import advice, bp
from portal.sharing import services as sharing
from portal.sharing.forms import AdviceForm, ReplyForm
from portal.sharing.models import Share, ShareReply

log = logging.getLogger(__name__)


def recipient_share(share_id: int) -> Share:
    """Load a share the current user may open right now; anything else answers 404."""
    share = sharing.visible_share(share_id, current_user.id)
    if share is None:
        abort(404)
    return share


def log_read(share: Share, event: str) -> None:
    """Log this read before anything is shown, stamping the first opening in the same commit."""
    if share.first_opened_at is None:
        share.first_opened_at = utcnow()
    read_as_non_owner(
        event=event,
        employee_id=share.employee_id,
        object_type="share",
        object_id=share.id,
        share_id=share.id,
        once_per_session=True,
    )


@bp.route("/ontvangen/<int:share_id>")
@roles(Role.PROFESSIONAL, Role.COACH)
def received(share_id: int) -> str | tuple[str, int]:
    """Open a share addressed to me: logged first, then shown."""
    share = recipient_share(share_id)
    log_read(share, "share.opened")
    return render_received(share, reply_form(formdata=None))


def reply_form(**kwargs: object) -> ReplyForm | AdviceForm:
    """Return the reply form: a professional can add structured advice, a coach a note."""
    if current_user.role is Role.PROFESSIONAL:
        return AdviceForm(**kwargs)
    return ReplyForm(**kwargs)


def render_received(share: Share, form: ReplyForm | AdviceForm) -> str:
    """Render the recipient's page of a share (the read is already logged)."""
    return render_template(
        "sharing/received.html",
        share=share,
        snapshot=share.snapshot,
        replies=sharing.replies_to(share.id),
        advice=advice.advice_by_reply(share.id),
        advice_labels=advice.kind_labels(),
        form=form,
    )


@bp.route("/ontvangen/<int:share_id>.pdf")
@roles(Role.PROFESSIONAL, Role.COACH)
def received_pdf(share_id: int) -> Response | tuple[str, int]:
    """Download a share as PDF, with the employee's name and the share date in the footer."""
    share = recipient_share(share_id)
    log_read(share, "share.pdf")
    html = render_template("sharing/pdf.html", share=share, snapshot=share.snapshot)
    response = Response(sharing.render_pdf(html), mimetype="application/pdf")
    name = _("summary")  # file names in the reader's language too
    response.headers["Content-Disposition"] = f'attachment; filename="{name}-{share.id}.pdf"'
    return response


@bp.route("/ontvangen/<int:share_id>/antwoord", methods=["POST"])
@roles(Role.PROFESSIONAL, Role.COACH)
def reply(share_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    """Write a note back, with structured advice from a professional; the employee reads it."""
    share = recipient_share(share_id)
    form = reply_form()
    if not form.validate_on_submit():
        log_read(share, "share.opened")  # the page is shown again, so it is a read
        return render_received(share, form)
    if isinstance(form, AdviceForm):
        advice.add_reply(share, current_user.id, form)
    else:
        note = ShareReply(share_id=share.id, author_id=current_user.id)
        note.body = form.body.data.strip()
        db.session.add(note)
        log.info("user %s replied to share %s", current_user.id, share.id)
    db.session.commit()
    flash(_("Your note is sent. The employee reads it with the summary."), "success")
    return redirect(url_for("sharing.received", share_id=share.id))
