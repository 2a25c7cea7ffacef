"""The dossier list with filters, and the employee's own contacts, documents and notes."""

from __future__ import annotations

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask.sansio.blueprints import BlueprintSetupState
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.consults.services import local_today
from portal.db import db
from portal.dossier import bp
from portal.dossier import services as dossier
from portal.dossier.forms import (
    UPLOAD_REQUEST_LIMIT,
    ContactForm,
    DocumentForm,
    FilterForm,
    NoteForm,
)
from portal.dossier.models import DossierEntry, EntryKind
from portal.forms import ActionForm
from portal.i18n import _
from portal.security import roles

log = logging.getLogger(__name__)

EntryForm = ContactForm | DocumentForm | NoteForm
FORMS: dict[EntryKind, type[EntryForm]] = {
    EntryKind.CONTACT: ContactForm,
    EntryKind.DOCUMENT: DocumentForm,
    EntryKind.NOTE: NoteForm,
}
FIELDS = ("happened_on", "how", "who_role", "who_name", "title", "said", "agreed", "follows")


def own_entry_or_404(entry_id: int) -> DossierEntry:
    """Load one of the current employee's entries; anyone else's answers 404."""
    entry = dossier.own_entry(current_user.id, entry_id)
    if entry is None:
        abort(404)
    return entry


@bp.route("/")
@roles(Role.EMPLOYEE)
def index() -> str:
    """List the dossier, newest first, filtered by period and kind."""
    form = FilterForm(request.args)
    valid = form.validate() if request.args else True
    items = dossier.dossier_items(
        current_user.id,
        form.start.data if valid else None,
        form.end.data if valid else None,
        set(form.kinds.data or []) if valid else None,
    )
    return render_template(
        "dossier/index.html",
        form=form,
        items=items,
        kind_labels=dossier.KIND_LABELS,
        plan=dossier.plan_of(current_user.id),
    )


@bp.route("/nieuw/<any(contact, document, note):entry_kind>", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def new_entry(entry_kind: str) -> str | Response:
    """Add a contact, a document or a note."""
    kind = EntryKind(entry_kind)
    form = FORMS[kind](today=local_today())
    if form.validate_on_submit():
        entry = DossierEntry(employee_id=current_user.id, kind=kind.value)
        fill(entry, form)
        db.session.add(entry)
        db.session.commit()
        log.info("dossier entry %s added by employee %s", entry.id, current_user.id)
        flash(_("Added to your dossier."), "success")
        return redirect(url_for("dossier.index"))
    return render_template("dossier/entry.html", form=form, kind=kind.value, entry=None)


@bp.route("/<int:entry_id>/wijzigen", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def edit_entry(entry_id: int) -> str | Response:
    """Change one of the employee's own entries."""
    entry = own_entry_or_404(entry_id)
    form_class = FORMS[EntryKind(entry.kind)]
    if request.method == "POST":
        form = form_class(today=local_today())
    else:
        form = form_class(today=local_today(), data={name: getattr(entry, name) for name in FIELDS})
        if isinstance(form, DocumentForm):
            form.is_sent.data = entry.is_sent
    if form.validate_on_submit():
        fill(entry, form)
        db.session.commit()
        flash(_("Your change is saved."), "success")
        return redirect(url_for("dossier.index"))
    return render_template(
        "dossier/entry.html", form=form, kind=entry.kind, entry=entry, delete_form=ActionForm()
    )


def fill(entry: DossierEntry, form: EntryForm) -> None:
    """Copy the form into the entry; text is sealed by the model, a file attached or removed."""
    for name in FIELDS:
        if name in form:
            value = form[name].data
            setattr(entry, name, value.strip() or None if isinstance(value, str) else value)
    if isinstance(form, DocumentForm):
        entry.is_sent = bool(form.is_sent.data)
        if form.file_content is not None and form.file_type is not None:
            content_type, extension = form.file_type
            entry.attach(f"document.{extension}", content_type, form.file_content)
        elif form.remove_file.data:
            entry.detach()


@bp.route("/<int:entry_id>/verwijderen", methods=["POST"])
@roles(Role.EMPLOYEE)
def delete_entry(entry_id: int) -> Response:
    """Delete one of the employee's own entries, with its file."""
    entry = own_entry_or_404(entry_id)
    if ActionForm().validate_on_submit():
        db.session.delete(entry)
        db.session.commit()
        flash(_("The entry is deleted."), "success")
    return redirect(url_for("dossier.index"))


@bp.route("/<int:entry_id>/bestand")
@roles(Role.EMPLOYEE)
def download_file(entry_id: int) -> Response:
    """Download the attached file; always as a download, never shown inside the portal."""
    entry = own_entry_or_404(entry_id)
    content = entry.file_bytes
    if content is None or entry.file_type is None:
        abort(404)
    response = Response(content, mimetype=entry.file_type)
    extension = {"application/pdf": "pdf", "image/png": "png"}.get(entry.file_type, "jpg")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="dossier-{entry.id}.{extension}"'
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "no-store"
    return response


UPLOAD_ENDPOINTS = frozenset({"dossier.new_entry", "dossier.edit_entry"})


def _raise_upload_limit() -> None:
    """Allow a 5 MB file on the upload pages only (before CSRF reads the form)."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = UPLOAD_REQUEST_LIMIT


@bp.record_once
def _first(state: BlueprintSetupState) -> None:
    state.app.before_request_funcs.setdefault(None, []).insert(0, _raise_upload_limit)
