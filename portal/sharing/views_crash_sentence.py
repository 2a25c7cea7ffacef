"""The crash sentence page: approve, rephrase or leave out the sentence about setbacks."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.db import db
from portal.security import roles
from portal.sharing import bp
from portal.sharing import services as sharing
from portal.sharing.crash_sentence import OWN, proposed
from portal.sharing.forms import CrashSentenceForm


@bp.route("/nieuw/terugval", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def crash_sentence() -> str | Response:
    """Step 2 of 3, last part: approve, rephrase or leave out the sentence about setbacks."""
    draft = sharing.draft_of(current_user.id)
    content = draft.content if draft is not None and "texts" in draft.content else None
    sentence = proposed(content.get("figures")) if content else None
    if content is None or sentence is None:
        return redirect(url_for("sharing.preview" if content else "sharing.new"))
    decided = content.get("crash_sentence") or {}
    known = decided.get("proposed") == sentence
    form = CrashSentenceForm(
        data={"choice": decided.get("choice"), "text": decided.get("text") or sentence}
        if known and request.method == "GET"
        else {"text": sentence}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        content["crash_sentence"] = {
            "proposed": sentence,
            "choice": form.choice.data,
            "text": (form.text.data or "").strip() if form.choice.data == OWN else None,
        }
        sharing.save_draft(current_user.id, content)
        db.session.commit()
        return redirect(url_for("sharing.preview"))
    link = sharing.link_to(current_user.id, content.get("recipient_id"))
    return render_template(
        "sharing/crash_sentence.html",
        form=form,
        sentence=sentence,
        figures=content["figures"],
        recipient=link.carer if link else None,
        step=2,
    )
