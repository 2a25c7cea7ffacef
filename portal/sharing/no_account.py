"""Step 3 for someone without an account: preview exactly what they will read, then make
a link and a separate code that work for a chosen time (at most 30 days).

The summary is composed in the same steps and from the same sections as any share; only
the last step differs: no e-mail is sent, and the employee passes on link and code.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import clock
from portal.codeshare import services as codes
from portal.codeshare.forms import CodeShareForm
from portal.db import db
from portal.i18n import _
from portal.sharing.models import ShareDraft

log = logging.getLogger(__name__)


def person(form: Any) -> dict[str, str]:
    """Return the name, role and organisation as the employee typed them in step 1."""
    return {
        "name": (form.code_name.data or "").strip(),
        "role": (form.code_role.data or "").strip(),
        "org": (form.code_org.data or "").strip(),
    }


def details(content: dict[str, Any]) -> dict[str, Any]:
    """Return what the employee added so the reader can find their file (may be empty)."""
    found = {
        "birth_date": content.get("birth_date"),
        "employer_name": content.get("employer_name") or None,
    }
    return {key: value for key, value in found.items() if value}


def preview(draft: ShareDraft, snapshot: dict[str, Any], title: str) -> str | Response:
    """Show the summary exactly as the reader will see it; make the link and code on POST."""
    content = draft.content
    who = content.get("person") or {}
    if not who.get("name") or not who.get("role"):
        flash(_("Fill in the name and role of the person."), "error")
        return redirect(url_for("sharing.new"))
    shared = {**snapshot, "details": details(content), "owner": current_user.name}
    form = CodeShareForm()
    if form.validate_on_submit():
        if not snapshot["sections"]:
            flash(_("Every part is empty. Write something first, or choose other parts."), "error")
            return redirect(url_for("sharing.texts"))
        share, token, code = codes.create(
            current_user,
            name=who["name"],
            role=who["role"],
            organisation=who.get("org") or None,
            days=int(form.days.data),
            is_one_time=bool(form.is_one_time.data),
            title=title,
            snapshot=shared,
        )
        db.session.add(share)
        db.session.delete(draft)
        db.session.commit()
        codes.show_once(share, token, code)
        log.info("code share %s made by employee %s", share.id, current_user.id)
        return redirect(url_for("codeshare.detail", share_id=share.id))
    return render_template(
        "sharing/preview_code.html",
        form=form,
        snapshot=shared,
        title=title,
        person=who,
        shared_on=clock.now(),
        step=3,
    )
