"""Composing a summary in three steps: choose, edit the texts, preview and share.

The draft is stored after every step (sealed), so nothing is lost between steps or after
a time-out. The preview uses the same template macro as the recipient's page.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user
from werkzeug.wrappers import Response

from portal import clock
from portal.auth.models import Role
from portal.consults import services as consults
from portal.consults.models import Consult
from portal.consults.suggestions import WITH_WHOM_LABELS
from portal.db import db
from portal.forms import ActionForm
from portal.i18n import _, current_language
from portal.links.models import CareLink, LinkKind
from portal.security import roles
from portal.sharing import bp, crash_sentence, dossier_part, inbox, no_account, sections
from portal.sharing import services as sharing
from portal.sharing.forms import NO_ACCOUNT, NOT_A_RECIPIENT, ChooseForm, ShareForm, texts_form
from portal.sharing.models import Share, ShareDraft

log = logging.getLogger(__name__)

Page = str | Response
#: What step 1 compares to decide whether texts edited in step 2 still fit.
BASIS = ("start", "end", "consult_id", "day_fields")
#: Choices another page may fill in through the address of step 1 (never stored by a GET).
PREFILL_KEYS = {
    "recipient",
    "sections",
    "dossier_start",
    "dossier_end",
    "dossier_kinds",
    "dossier_left_out",
}


def recipient_label(link: CareLink) -> str:
    """Name a recipient with their role."""
    from portal.links.coach_change import staff_identifier

    assert link.carer is not None
    name = f"{link.carer.name} {staff_identifier(link.carer)}".strip()
    if link.kind is LinkKind.COACH:
        return _("%(name)s (your coach)", name=name)
    return _("%(name)s (bedrijfsarts or arbo professional)", name=name)


def talk_label(talk: Consult) -> str:
    """Name a talk by its date and with whom."""
    day = talk.starts_at.astimezone(clock.AMSTERDAM).date()
    return f"{format_date(day, 'long')} · {WITH_WHOM_LABELS[talk.with_whom]}"


def choose_form(saved: dict[str, Any], links: list[CareLink], talks: list[Consult]) -> ChooseForm:
    """Build step 1's form: the saved choices on GET, the posted ones on POST.

    A GET with choices in the address (from "my view": the dossier, its period, kinds and
    the items left out) fills them in; nothing is stored until the employee goes on.
    """
    data = None
    if request.method == "GET" and PREFILL_KEYS & set(request.args):
        form = ChooseForm(formdata=request.args)
        return with_choices(form, links, talks)
    if request.method == "GET" and saved:
        who = saved.get("person") or {}
        data = {
            "recipient": saved.get("recipient_id"),
            "sections": saved.get("sections", []),
            "start": dt.date.fromisoformat(saved["start"]) if saved.get("start") else None,
            "end": dt.date.fromisoformat(saved["end"]) if saved.get("end") else None,
            "consult": saved.get("consult_id"),
            "day_fields": saved.get("day_fields", []),
            "title": saved.get("title", ""),
            "birth_date": _date_or_none(saved.get("birth_date")),
            "employer_name": saved.get("employer_name", ""),
            "code_name": who.get("name", ""),
            "code_role": who.get("role", ""),
            "code_org": who.get("org", ""),
            "dossier_start": _date_or_none(saved.get("dossier_start")),
            "dossier_end": _date_or_none(saved.get("dossier_end")),
            "dossier_kinds": saved.get("dossier_kinds", []),
            "dossier_left_out": saved.get("dossier_left_out", []),
        }
    return with_choices(ChooseForm(data=data), links, talks)


def with_choices(form: ChooseForm, links: list[CareLink], talks: list[Consult]) -> ChooseForm:
    """Offer the linked coach and professionals, someone without an account, and the talks."""
    form.recipient.choices = [(link.carer_id, recipient_label(link)) for link in links] + [
        (NO_ACCOUNT, _("Someone without an account (they get a link and a separate code)"))
    ]
    form.consult.choices = [("", _("No talk"))] + [(t.id, talk_label(t)) for t in talks]
    dossier_part.offer_left_out(form, current_user.id)
    return form


def _date_or_none(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def composed(
    form: ChooseForm, period: tuple[dt.date, dt.date], talks: list[Consult], saved: dict[str, Any]
) -> dict[str, Any]:
    """Return the draft after step 1: the choices and freshly prefilled texts."""
    chosen = [key for key in sections.SECTIONS if key in form.sections.data]
    talk = next((t for t in talks if t.id == form.consult.data), None)
    content: dict[str, Any] = {
        "recipient_id": form.recipient.data,
        "sections": chosen,
        "start": period[0].isoformat(),
        "end": period[1].isoformat(),
        "consult_id": talk.id if talk else None,
        "day_fields": [f for f in sections.DAY_FIELDS if f in (form.day_fields.data or [])],
        "title": (form.title.data or "").strip(),
        "birth_date": form.birth_date.data.isoformat() if form.birth_date.data else None,
        "employer_name": (form.employer_name.data or "").strip(),
        "talk_date": talk.starts_at.astimezone(clock.AMSTERDAM).date().isoformat()
        if talk
        else None,
        "keep": saved.get("keep", {}),
        "person": no_account.person(form) if form.recipient.data == NO_ACCOUNT else None,
        **dossier_part.choice(form),
    }
    content["dossier"] = dossier_part.freeze_part(current_user.id, content)
    texts, figures, facts = sections.compose(
        current_user.id,
        chosen,
        period[0],
        period[1],
        talk,
        content["day_fields"],
        current_language(),
    )
    earlier: dict[str, str] = saved.get("texts", {})
    same_basis = all(saved.get(key) == content[key] for key in BASIS)
    for key in chosen:
        if same_basis and key in earlier:
            texts[key] = earlier[key]  # keep what was edited in step 2
        elif key in content["keep"]:
            texts[key] = content["keep"][key]  # own words from the earlier version
    content.update(texts=texts, figures=figures, evidence=facts)
    return content


@bp.route("/nieuw", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def new() -> Page:
    """Step 1 of 3: choose who, which parts, the logbook period and the talk."""
    links = sharing.recipients(current_user.id)
    talks = consults.talks_of(current_user.id)
    draft = sharing.draft_of(current_user.id)
    saved = draft.content if draft else {}
    form = choose_form(saved, links, talks)
    if form.validate_on_submit():
        period = form.check_period(clock.today())
        kinds = {link.carer_id: link.kind for link in links}
        if "selfcheck" in form.sections.data and kinds.get(form.recipient.data) != LinkKind.COACH:
            # self-check scores belong with the coach, not in the doctor's summary (issue 22)
            form.sections.errors = [_("Self-check scores can only be shared with your coach.")]
        elif period is not None:
            sharing.save_draft(current_user.id, composed(form, period, talks, saved))
            db.session.commit()
            return redirect(url_for("sharing.texts"))
    return render_template(
        "sharing/choose.html", form=form, has_links=bool(links), discard=ActionForm(), step=1
    )


def current_draft() -> ShareDraft | None:
    """Return the draft when step 1 was done (texts composed); else None."""
    draft = sharing.draft_of(current_user.id)
    return draft if draft is not None and "texts" in draft.content else None


@bp.route("/nieuw/tekst", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def texts() -> Page:
    """Step 2 of 3: read and change the text of every chosen part."""
    draft = current_draft()
    if draft is None:
        return redirect(url_for("sharing.new"))
    content = draft.content
    form_class = texts_form(content["sections"])
    form = form_class(data=content["texts"] if request.method == "GET" else None)
    if form.validate_on_submit():
        content["texts"] = {key: form[key].data or "" for key in content["sections"]}
        sharing.save_draft(current_user.id, content)
        db.session.commit()
        if crash_sentence.proposed(content.get("figures")) is not None:
            return redirect(url_for("sharing.crash_sentence"))
        return redirect(url_for("sharing.preview"))
    return render_template(
        "sharing/texts.html",
        form=form,
        figures=content.get("figures"),
        dossier=content.get("dossier"),
        step=2,
    )


@bp.route("/nieuw/voorbeeld", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def preview() -> Page:
    """Step 3 of 3: see it exactly as the recipient will, choose how long, and share."""
    draft = current_draft()
    if draft is None:
        return redirect(url_for("sharing.new"))
    content = draft.content
    if crash_sentence.pending(content):
        return redirect(url_for("sharing.crash_sentence"))
    snapshot = sections.snapshot(
        content["sections"],
        content["texts"],
        crash_sentence.approved_figures(content),
        content.get("dossier"),
        content.get("evidence"),
    )
    if content.get("recipient_id") == NO_ACCOUNT:
        return no_account.preview(draft, snapshot, content.get("title") or default_title())
    link = sharing.link_to(current_user.id, content.get("recipient_id"))
    if link is None or link.carer is None:
        flash(str(NOT_A_RECIPIENT), "error")
        return redirect(url_for("sharing.new"))
    form = ShareForm()
    if form.validate_on_submit():
        if not snapshot["sections"]:
            flash(_("Every part is empty. Write something first, or choose other parts."), "error")
            return redirect(url_for("sharing.texts"))
        share = create_share(draft, link, snapshot, content.get("title") or "", form)
        sharing.notify(share, link.carer)
        db.session.commit()  # the e-mail is queued in the outbox table (portal/outbox.py)
        flash(_("Shared. You can stop sharing at any time."), "success")
        return redirect(url_for("sharing.detail", share_id=share.id))
    return render_template(
        "sharing/preview.html",
        form=form,
        snapshot=snapshot,
        title=content.get("title") or default_title(),
        recipient=link.carer,
        shared_on=clock.now(),
        step=3,
    )


def default_title() -> str:
    """Return the title of a summary without one."""
    return _("Summary")


def create_share(
    draft: ShareDraft, link: CareLink, snapshot: dict[str, Any], title: str, form: ShareForm
) -> Share:
    """Store the frozen share, remove the draft, and commit."""
    days = int(form.expires_in.data) if form.expires_in.data else None
    moment = clock.now()
    share = Share(
        employee_id=current_user.id,
        recipient_id=link.carer_id,
        link_id=link.id,
        created_at=moment,
        expires_at=moment + dt.timedelta(days=days) if days else None,
        section_keys=",".join(part["key"] for part in snapshot["sections"]),
    )
    share.title = title or default_title()
    share.snapshot = snapshot
    share.meta = inbox.details(current_user.id, draft.content, clock.today())
    db.session.add(share)
    db.session.delete(draft)
    db.session.commit()
    log.info("employee %s shared share %s via link %s", current_user.id, share.id, link.id)
    return share


@bp.route("/nieuw/weggooien", methods=["POST"])
@roles(Role.EMPLOYEE)
def discard() -> Response:
    """Throw away the summary in progress."""
    draft = sharing.draft_of(current_user.id)
    if ActionForm().validate_on_submit() and draft is not None:
        db.session.delete(draft)
        db.session.commit()
        flash(_("The summary in progress is thrown away."), "info")
    return redirect(url_for("sharing.index"))
