"""Writing, reading and verifying the access log."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from flask import session
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased
from werkzeug.exceptions import HTTPException

from portal.audit.keys import audit_keyring, read_checkpoints, write_checkpoint
from portal.audit.models import GENESIS, KEYED, PLAIN, AccessEvent, AuditHead
from portal.auth.models import User
from portal.db import db, utcnow

log = logging.getLogger(__name__)

#: Key in the (server-side) login session: the reads already written to the access log.
READS_KEY = "reads_logged"


class ReadNotLogged(RuntimeError):
    """The access-log row of a read could not be written, so nothing is shown.

    portal/errors.py answers it the same way on every page: 503, "not available right now".
    """


@contextmanager
def logged_reads() -> Iterator[None]:
    """Commit the access-log rows written inside, before anything is shown; or refuse.

    For a page that shows several kinds of someone's data (the coach's tools): every
    `record_access` inside is committed together; if one fails, all is rolled back and
    ReadNotLogged is raised, answered like any other refused read.
    """
    try:
        yield
        db.session.commit()
    except (ReadNotLogged, HTTPException):  # already refused, or a page error (PDF unavailable)
        db.session.rollback()
        raise
    except Exception as error:  # any failure to write the rows must refuse the read
        db.session.rollback()
        log.error("access log not written, read refused on this page")
        raise ReadNotLogged() from error


def read_as_non_owner(
    *,
    event: str,
    employee_id: int,
    object_type: str,
    object_id: str | int,
    share_id: int | None = None,
    once_per_session: bool = False,
) -> None:
    """Log someone reading an employee's data, committed before anything is shown.

    The one path for every read by someone other than the employee (a coach, a
    professional): the row is written and committed together with whatever the caller
    changed before (a share's first opening); if that fails, everything is rolled back and
    ReadNotLogged is raised. With `once_per_session`, one reading session writes one row per
    thing opened: a reload, a back or a second load in the same login session adds none.
    """
    key = f"{event}:{object_type}:{object_id}"
    if once_per_session and key in session.get(READS_KEY, []):
        return
    with logged_reads():
        record_access(
            event=event,
            employee_id=employee_id,
            object_type=object_type,
            object_id=object_id,
            share_id=share_id,
        )
    if once_per_session:
        session[READS_KEY] = [*session.get(READS_KEY, []), key][-200:]


def record_access(
    *,
    event: str,
    employee_id: int,
    object_type: str,
    object_id: str | int,
    share_id: int | None = None,
    actor: User | None = None,
) -> AccessEvent:
    """Append a row to the access log in the caller's transaction.

    Call it before showing the data and commit after: if the row cannot be written, the
    exception propagates and the read is refused.
    """
    who: User = actor if actor is not None else current_user._get_current_object()
    # Write to the head row first: that takes the write lock (SQLite) or a row lock
    # (PostgreSQL), so concurrent writers extend the chain one after the other.
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq))
    head = db.session.get(AuditHead, 1, populate_existing=True)
    if head is None:
        head = AuditHead(id=1, seq=0, last_hash=GENESIS)
        db.session.add(head)
    row = AccessEvent(
        seq=head.seq + 1,
        occurred_at=utcnow(),
        event=event,
        employee_id=employee_id,
        actor_id=who.id,
        actor_role=who.role.value,
        object_type=object_type,
        object_id=str(object_id),
        share_id=share_id,
        prev_hash=head.last_hash,
        chain_version=KEYED,
    )
    row.seal_actor_name(who.name)
    ring = audit_keyring()
    row.key_id = ring.current
    row.row_hash = row.compute_hash(ring.keys[ring.current])
    head.seq, head.last_hash = row.seq, row.row_hash
    db.session.add(row)
    db.session.flush()
    log.info("access %s: %s by user %s on employee %s", row.seq, event, who.id, employee_id)
    return row


def events_for(
    employee_id: int, start: dt.datetime, end: dt.datetime, limit: int = 200
) -> Sequence[Any]:
    """Return (event, actor name or None) rows for one employee in [start, end), newest first.

    The name is the one the reader had at the time of reading; rows written before names
    were kept fall back to the account's current name.
    """
    actor = aliased(User)
    rows = db.session.execute(
        select(AccessEvent, actor.name)
        .outerjoin(actor, actor.id == AccessEvent.actor_id)
        .where(
            AccessEvent.employee_id == employee_id,
            AccessEvent.occurred_at >= start,
            AccessEvent.occurred_at < end,
        )
        .order_by(AccessEvent.seq.desc())
        .limit(limit)
    ).all()
    return [(event, event.actor_name or name) for event, name in rows]


def all_events_for(employee_id: int) -> Sequence[AccessEvent]:
    """Return every access-log row about one employee, oldest first."""
    query = select(AccessEvent).where(AccessEvent.employee_id == employee_id)
    return db.session.scalars(query.order_by(AccessEvent.seq)).all()


def count_for(employee_id: int) -> int:
    """Return how many access-log rows exist about one employee."""
    query = select(func.count()).where(AccessEvent.employee_id == employee_id)
    return db.session.scalar(query) or 0


def verify_chain(batch_size: int = 1000) -> list[str]:
    """Check every row's MAC, the links, gaps, the head and the checkpoints; list problems.

    Rows written before the keyed chain (PLAIN) are accepted only before the first keyed
    row: the first keyed row's MAC covers the last plain row's hash, so they cannot change
    either once a keyed row follows them.
    """
    ring = audit_keyring()
    checkpoints, problems = read_checkpoints()
    wanted = {int(c["seq"]): str(c["row_hash"]) for c in checkpoints}
    expected_seq, prev_hash, keyed_seen = 1, GENESIS, False
    rows = db.session.scalars(select(AccessEvent).order_by(AccessEvent.seq)).yield_per(batch_size)
    for row in rows:
        if row.seq != expected_seq:
            problems.append(f"row seq {row.seq}: expected seq {expected_seq} (rows missing)")
        if row.prev_hash != prev_hash:
            problems.append(f"row seq {row.seq}: does not follow the row before it")
        key = ring.keys.get(row.key_id or "") if row.chain_version == KEYED else None
        if row.chain_version == PLAIN and keyed_seen:
            problems.append(f"row seq {row.seq}: unkeyed row after the keyed chain began")
        elif row.chain_version not in (PLAIN, KEYED) or (row.chain_version == KEYED and not key):
            problems.append(f"row seq {row.seq}: no audit key {row.key_id!r} to check it")
        elif not hmac.compare_digest(row.row_hash, row.compute_hash(key)):
            problems.append(f"row seq {row.seq}: contents changed after it was written")
        keyed_seen = keyed_seen or row.chain_version == KEYED
        if row.seq in wanted and wanted.pop(row.seq) != row.row_hash:
            problems.append(f"row seq {row.seq}: differs from the signed checkpoint")
        expected_seq, prev_hash = row.seq + 1, row.row_hash
    head = db.session.get(AuditHead, 1)
    last_seq = expected_seq - 1
    if head is not None and (head.seq != last_seq or head.last_hash != prev_hash):
        problems.append(f"head says seq {head.seq}, log ends at seq {last_seq} (rows missing)")
    for seq in sorted(wanted):
        problems.append(f"checkpoint seq {seq}: that row is missing (rows removed from the end)")
    return problems


def checkpoint() -> dict[str, Any]:
    """Sign the chain's current end into the checkpoint file (outside the database)."""
    head = db.session.get(AuditHead, 1)
    seq, last = (head.seq, head.last_hash) if head is not None else (0, GENESIS)
    return write_checkpoint(seq, last)
