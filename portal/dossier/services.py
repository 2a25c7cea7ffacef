"""The dossier as one chronological list: own entries merged with what the portal knows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.consults import services as consults
from portal.consults.models import Agreement
from portal.consults.suggestions import AGREEMENT_WHO_LABELS, WITH_WHOM_LABELS
from portal.db import db
from portal.dossier.models import (
    ContactHow,
    DossierEntry,
    EntryKind,
    Plan,
    PlanGoal,
    entries_of,
    plan_of,
)
from portal.i18n import _, _l, current_language
from portal.links.models import CareLink, LinkKind
from portal.sharing import services as sharing
from portal.timeline.models import steps_of
from portal.timeline.services import Timeline, load_timeline

#: Every kind of item on the list: own kinds first, then what the portal derives.
KIND_LABELS: dict[str, Any] = {
    "contact": _l("Contact"),
    "document": _l("Document"),
    "note": _l("Note"),
    "plan": _l("Plan van aanpak"),
    "talk": _l("Talk"),
    "step": _l("Timeline step"),
    "share": _l("Summary shared"),
    "link": _l("Coach or bedrijfsarts"),
}
OWN_KINDS = tuple(kind.value for kind in EntryKind)

HOW_LABELS: dict[str, Any] = {
    ContactHow.PHONE: _l("Phone"),
    ContactHow.MEETING: _l("Meeting"),
    ContactHow.EMAIL: _l("E-mail"),
    ContactHow.LETTER: _l("Letter"),
}

GOAL_LABELS: dict[str, Any] = {
    PlanGoal.OWN_WORK: _l("Return to my own work"),
    PlanGoal.OTHER_WORK: _l("Other work with my employer"),
    PlanGoal.SECOND_TRACK: _l("Work with another employer (second track)"),
}


@dataclass
class Item:
    """One line of the dossier, own or derived, ready to show or print."""

    key: str
    day: dt.date
    kind: str
    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    #: Derived items link to their source page; own items to their edit page.
    url: str | None = None
    is_derived: bool = False
    entry: DossierEntry | None = None


def entry_item(entry: DossierEntry) -> Item:
    """Turn an own entry into a list item."""
    lines: list[tuple[str, str]] = []
    who = " ".join(part for part in (entry.who_role, entry.who_name) if part)
    if entry.kind == EntryKind.CONTACT:
        title = _("%(how)s with %(who)s", how=HOW_LABELS.get(entry.how or "", ""), who=who)
        lines += [
            (_("What was said"), entry.said or ""),
            (_("What was agreed"), entry.agreed or ""),
        ]
        lines.append((_("What follows"), entry.follows or ""))
    elif entry.kind == EntryKind.DOCUMENT:
        title = entry.title or ""
        lines.append((_("Sent to") if entry.is_sent else _("From"), who))
        lines.append((_("About"), entry.said or ""))
        if entry.file_type:
            lines.append((_("Attached file"), entry.file_name or ""))
    else:
        title = entry.title or _("Note")
        lines.append((_("Note"), entry.said or ""))
    return Item(
        key=f"entry-{entry.id}",
        day=entry.happened_on,
        kind=entry.kind,
        title=title,
        lines=[(label, text) for label, text in lines if text],
        url=url_for("dossier.edit_entry", entry_id=entry.id),
        entry=entry,
    )


def plan_items(plan: Plan) -> list[Item]:
    """Return the plan and each revision as list items."""
    lines = [(_("Goal"), str(GOAL_LABELS.get(plan.goal, plan.goal)))]
    for step in plan.steps:
        when = step.due_on.isoformat() if step.due_on else ""
        lines.append(
            (_("Step"), " · ".join(p for p in (step.what or "", step.who or "", when) if p))
        )
    lines.append((_("I agreed"), _("Yes") if plan.is_agreed else _("No")))
    if plan.own_view:
        lines.append((_("My view"), plan.own_view))
    url = url_for("dossier.plan")
    items = [Item("plan", plan.drawn_up_on, "plan", _("Plan van aanpak drawn up"), lines, url)]
    for revision in plan.revisions:
        revision_lines = [(_("Reason"), revision.reason or "")]
        revision_lines.append((_("I agreed"), _("Yes") if revision.is_agreed else _("No")))
        if revision.own_view:
            revision_lines.append((_("My view"), revision.own_view))
        items.append(
            Item(
                f"revision-{revision.id}",
                revision.revised_on,
                "plan",
                _("Plan van aanpak revised (bijstelling)"),
                revision_lines,
                url,
            )
        )
    return items


def talk_items(employee_id: int) -> list[Item]:
    """Return the employee's talks with their agreements and look-back, marked derived."""
    by_talk: dict[int | None, list[Agreement]] = {}
    agreements = db.session.scalars(
        select(Agreement)
        .where(Agreement.user_id == employee_id)
        .order_by(Agreement.created_at, Agreement.id)
    )
    for agreement in agreements:  # one query for all talks, not one per talk
        by_talk.setdefault(agreement.consult_id, []).append(agreement)
    items = []
    for talk in consults.talks_of(employee_id):
        lines = []
        if talk.eval_good:
            lines.append((_("What went well"), talk.eval_good))
        if talk.eval_differently:
            lines.append((_("What I would do differently"), talk.eval_differently))
        for agreement in by_talk.get(talk.id, []):
            who = AGREEMENT_WHO_LABELS.get(agreement.who, "")
            lines.append((_("Agreement"), f"{agreement.what or ''} ({who})"))
        items.append(
            Item(
                key=f"talk-{talk.id}",
                day=consults.local_date(talk.starts_at),
                kind="talk",
                title=_("Talk with %(who)s", who=WITH_WHOM_LABELS.get(talk.with_whom, "")),
                lines=lines,
                url=url_for("consults.detail", consult_id=talk.id),
                is_derived=True,
            )
        )
    return items


def _timeline() -> Timeline:
    timeline: Timeline | None = current_app.extensions.get("timeline")
    if timeline is None:
        timeline = load_timeline(Path(current_app.config["CONTENT_DIR"]) / "timeline.yaml")
        current_app.extensions["timeline"] = timeline
    return timeline


def step_items(employee_id: int) -> list[Item]:
    """Return the timeline steps the employee gave an actual date, marked derived."""
    timeline, language = _timeline(), current_language()
    items = []
    for step_id, step in steps_of(employee_id).items():
        if step.own_date is None:
            continue
        milestone = timeline.get(step_id) or timeline.get(re.sub(r"-\d+$", "", step_id))
        title = milestone.title.get(language, step_id) if milestone else step_id
        lines = [(_("Done"), _("Yes") if step.is_done else _("No"))]
        items.append(
            Item(
                f"step-{step.id}",
                step.own_date,
                "step",
                title,
                lines,
                url_for("timeline.index"),
                is_derived=True,
            )
        )
    return items


def share_items(employee_id: int) -> list[Item]:
    """Return the summaries the employee shared, with an account or by code, marked derived."""
    from portal.codeshare.models import code_shares_of  # codeshare's package imports this one

    items = []
    for share in sharing.shares_of(employee_id):
        items.append(
            Item(
                key=f"share-{share.id}",
                day=consults.local_date(share.created_at),
                kind="share",
                title=_("Summary shared with %(name)s", name=share.recipient.name),
                lines=[(_("Title"), share.title or "")],
                url=url_for("sharing.detail", share_id=share.id),
                is_derived=True,
            )
        )
    for code_share in code_shares_of(employee_id):
        name = code_share.recipient_name or ""
        items.append(
            Item(
                key=f"codeshare-{code_share.id}",
                day=consults.local_date(code_share.created_at),
                kind="share",
                title=_("Summary shared by code with %(name)s", name=name),
                lines=[(_("Title"), code_share.title or "")],
                url=url_for("codeshare.detail", share_id=code_share.id),
                is_derived=True,
            )
        )
    return items


def link_items(employee_id: int) -> list[Item]:
    """Return when a coach or bedrijfsarts was linked and when that ended, marked derived."""
    links = db.session.scalars(
        select(CareLink)
        .options(joinedload(CareLink.carer))
        .where(CareLink.employee_id == employee_id, CareLink.accepted_at.is_not(None))
    )
    url = url_for("account.links_page")
    items = []
    for link in links:
        name = link.carer.name if link.carer is not None else ""
        is_coach = link.kind == LinkKind.COACH
        assert link.accepted_at is not None
        start = (
            _("Coach %(name)s linked", name=name)
            if is_coach
            else _("Bedrijfsarts %(name)s linked", name=name)
        )
        day = consults.local_date(link.accepted_at)
        items.append(Item(f"link-{link.id}", day, "link", start, [], url, is_derived=True))
        if link.ended_at is not None:
            end = _("Link with %(name)s ended", name=name)
            ended = consults.local_date(link.ended_at)
            items.append(Item(f"unlink-{link.id}", ended, "link", end, [], url, is_derived=True))
    return items


def dossier_items(
    employee_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: set[str] | None = None,
) -> list[Item]:
    """Return the whole dossier in [start, end], of the chosen kinds, newest first."""
    items = [entry_item(entry) for entry in entries_of(employee_id)]
    plan = plan_of(employee_id)
    if plan is not None:
        items += plan_items(plan)
    items += talk_items(employee_id) + step_items(employee_id) + share_items(employee_id)
    items += link_items(employee_id)
    chosen = [
        item
        for item in items
        if (start is None or item.day >= start)
        and (end is None or item.day <= end)
        and (not kinds or item.kind in kinds)
    ]
    return sorted(chosen, key=lambda item: (item.day, item.key), reverse=True)


def own_entry(employee_id: int, entry_id: int) -> DossierEntry | None:
    """Return one of the employee's own entries, or None when it is someone else's."""
    return db.session.scalar(
        select(DossierEntry).where(
            DossierEntry.id == entry_id, DossierEntry.employee_id == employee_id
        )
    )


# --- attached files -----------------------------------------------------------------------

#: Types we accept, recognised by their first bytes (what the file claims does not count).
MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def sniff(content: bytes) -> tuple[str, str] | None:
    """Return (content type, extension) from a file's first bytes, or None when not allowed."""
    for magic, content_type, extension in MAGIC:
        if content.startswith(magic):
            return content_type, extension
    return None


def chosen(employee_id: int, args: Any) -> tuple[Any, list[Item], list[Item]]:
    """Read period, kinds and left-out items from a query; return form, all items and kept ones.

    Used by "my view" and by sharing by code, so both show and freeze the same choice.
    """
    from portal.dossier.forms import FilterForm  # the form module imports this one

    form = FilterForm(args)
    valid = form.validate() if args else True
    items = dossier_items(
        employee_id,
        form.start.data if valid else None,
        form.end.data if valid else None,
        set(form.kinds.data or []) if valid else None,
    )
    left_out = set(args.getlist("uit"))
    return form, items, [item for item in items if item.key not in left_out]


def freeze(items: list[Item]) -> list[dict[str, Any]]:
    """Turn dossier items into plain data for a share: what was shared stays as it was.

    Links and attached files are left out: a recipient sees a file's name, never the file.
    """
    return [
        {
            "day": item.day.isoformat(),
            "kind": item.kind,
            "title": item.title,
            "lines": [[label, text] for label, text in item.lines],
            "is_derived": item.is_derived,
        }
        for item in items
    ]


def thaw(frozen: list[dict[str, Any]]) -> list[Item]:
    """Turn frozen items back into list items for the shared macro (without links)."""
    return [
        Item(
            key=f"frozen-{number}",
            day=dt.date.fromisoformat(raw["day"]),
            kind=raw["kind"],
            title=raw["title"],
            lines=[(label, text) for label, text in raw["lines"]],
            is_derived=bool(raw.get("is_derived")),
        )
        for number, raw in enumerate(frozen)
    ]
