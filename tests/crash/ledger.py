"""What the crash test's clients tried and what was acknowledged, and the checks against it.

A write is *acknowledged* when its client got the success answer (a redirect or a page),
or, for the writer process, when it printed the commit. Acknowledged writes must survive
every kill; writes without an answer ("in doubt") may or may not be there, but when they
are, their content must be exactly what was sent.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from portal.audit.models import AccessEvent
from portal.audit.services import verify_chain
from portal.db import db
from portal.logbook.models import LogEntry
from portal.messages.models import Conversation, Message

#: A read receipt and its access-log row are written in one request, this close together.
RECEIPT_WINDOW = dt.timedelta(seconds=5)


@dataclass
class Tally:
    """How often a read was tried and how often it was answered."""

    tried: int = 0
    acknowledged: int = 0


@dataclass
class Ledger:
    """Thread-safe record of attempted and acknowledged writes, kept over all rounds."""

    entries_tried: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    entries_acked: set[tuple[int, str]] = field(default_factory=set)
    messages_tried: dict[int, set[str]] = field(default_factory=dict)
    messages_acked: dict[int, set[str]] = field(default_factory=dict)
    reads: dict[tuple[str, str], Tally] = field(default_factory=dict)
    #: Access-log rows the writer saw committed: seq -> (event, object id).
    rows_acked: dict[int, tuple[str, str]] = field(default_factory=dict)
    tried: Counter[str] = field(default_factory=Counter)
    acknowledged: Counter[str] = field(default_factory=Counter)
    #: Answers that were neither success nor a dead server (e.g. a 500): each is a failure.
    bad_answers: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def try_entry(self, kind: str, user_id: int, day: str, energy: int, note: str) -> None:
        """Note that a logbook entry is about to be sent."""
        with self.lock:
            self.entries_tried[(user_id, day)] = (energy, note)
            self.tried[kind] += 1

    def ack_entry(self, kind: str, user_id: int, day: str) -> None:
        """Note that saving a logbook entry was acknowledged."""
        with self.lock:
            self.entries_acked.add((user_id, day))
            self.acknowledged[kind] += 1

    def try_message(self, kind: str, conversation_id: int, body: str) -> None:
        """Note that a message is about to be sent."""
        with self.lock:
            self.messages_tried.setdefault(conversation_id, set()).add(body)
            self.tried[kind] += 1

    def ack_message(self, kind: str, conversation_id: int, body: str) -> None:
        """Note that sending a message was acknowledged."""
        with self.lock:
            self.messages_acked.setdefault(conversation_id, set()).add(body)
            self.acknowledged[kind] += 1

    def try_read(self, kind: str, event: str, object_id: int) -> None:
        """Note that a logged read (share open, conversation read) is about to happen."""
        with self.lock:
            self.reads.setdefault((event, str(object_id)), Tally()).tried += 1
            self.tried[kind] += 1

    def ack_read(self, kind: str, event: str, object_id: int, seq: int | None = None) -> None:
        """Note that a logged read was served (and, from the writer, its row's seq)."""
        with self.lock:
            self.reads.setdefault((event, str(object_id)), Tally()).acknowledged += 1
            self.acknowledged[kind] += 1
            if seq is not None:
                self.rows_acked[seq] = (event, str(object_id))

    def bad_answer(self, what: str) -> None:
        """Record an answer that should never come (a 5xx, a refused form, a login page)."""
        with self.lock:
            self.bad_answers.append(what)


@dataclass
class Findings:
    """What one check of the database against the ledger found."""

    lost: list[str] = field(default_factory=list)
    unlogged: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    #: Writes that got no answer before the kill but were committed anyway (allowed).
    in_doubt_committed: int = 0
    log_rows: int = 0

    @property
    def problems(self) -> list[str]:
        """Return every problem found, lost data first."""
        return self.lost + self.unlogged + self.unexpected + self.chain + self.integrity


def check(ledger: Ledger) -> Findings:
    """Compare the database with the ledger (inside an app context); nothing is changed."""
    found = Findings()
    with ledger.lock:
        check_entries(ledger, found)
        check_messages(ledger, found)
        check_reads(ledger, found)
        check_receipts(ledger, found)
    found.chain = verify_chain()
    found.log_rows = db.session.scalar(select(func.count()).select_from(AccessEvent)) or 0
    db.session.rollback()
    return found


def check_entries(ledger: Ledger, found: Findings) -> None:
    """Every acknowledged entry is there with its content; no entry was never sent."""
    users = {user_id for user_id, _day in ledger.entries_tried}
    stored = {
        (e.user_id, e.day.isoformat()): (e.energy, e.note)
        for e in db.session.scalars(select(LogEntry).where(LogEntry.user_id.in_(users)))
    }
    for key in sorted(ledger.entries_acked):
        if key not in stored:
            found.lost.append(f"logbook entry of user {key[0]} on {key[1]}: acknowledged, missing")
        elif stored[key] != ledger.entries_tried[key]:
            found.lost.append(f"logbook entry of user {key[0]} on {key[1]}: content differs")
    for key, content in stored.items():
        if key in ledger.entries_acked:
            continue
        if ledger.entries_tried.get(key) != content:
            found.unexpected.append(f"logbook entry of user {key[0]} on {key[1]} never sent")
        else:
            found.in_doubt_committed += 1


def check_messages(ledger: Ledger, found: Findings) -> None:
    """Every acknowledged message is there once, with its exact text; nothing else is."""
    for conversation_id, tried in ledger.messages_tried.items():
        bodies = Counter(
            m.body
            for m in db.session.scalars(
                select(Message).where(Message.conversation_id == conversation_id)
            )
        )
        acked = ledger.messages_acked.get(conversation_id, set())
        for body in sorted(acked):
            if bodies[body] == 0:
                found.lost.append(f"message {body!r}: acknowledged, missing")
        for body, count in bodies.items():
            if body not in tried:
                found.unexpected.append(f"message {body!r} in conversation {conversation_id}")
            elif count > 1:
                found.unexpected.append(f"message {body!r} stored {count} times")
            elif body not in acked:
                found.in_doubt_committed += 1


def check_reads(ledger: Ledger, found: Findings) -> None:
    """Each served read has its log row: acknowledged <= rows <= tried, per object."""
    for (event, object_id), tally in sorted(ledger.reads.items()):
        rows = db.session.scalar(
            select(func.count())
            .select_from(AccessEvent)
            .where(AccessEvent.event == event, AccessEvent.object_id == object_id)
        )
        rows = rows or 0
        if rows < tally.acknowledged:
            found.unlogged.append(
                f"{event} {object_id}: {tally.acknowledged} served, only {rows} log rows"
            )
        if rows > tally.tried:
            found.unexpected.append(f"{event} {object_id}: {rows} log rows, {tally.tried} tried")
        found.in_doubt_committed += max(0, min(rows, tally.tried) - tally.acknowledged)
    if ledger.rows_acked:
        stored = {
            row.seq: (row.event, row.object_id)
            for row in db.session.scalars(
                select(AccessEvent).where(AccessEvent.seq.in_(list(ledger.rows_acked)))
            )
        }
        for seq, expected in sorted(ledger.rows_acked.items()):
            if stored.get(seq) != expected:
                found.lost.append(f"access-log row seq {seq} {expected}: acknowledged, missing")


def check_receipts(ledger: Ledger, found: Findings) -> None:
    """A coach's read receipt never exists without the conversation.read row of that read."""
    conversation_ids = list(ledger.messages_tried)
    if not conversation_ids:
        return
    receipts = db.session.execute(
        select(Message.conversation_id, Message.read_at)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(
            Message.conversation_id.in_(conversation_ids),
            Message.sender_id == Conversation.employee_id,
            Message.read_at.is_not(None),
        )
        .distinct()
    ).all()
    logged: dict[str, list[dt.datetime]] = {}
    for object_id, moment in db.session.execute(
        select(AccessEvent.object_id, AccessEvent.occurred_at).where(
            AccessEvent.event == "conversation.read",
            AccessEvent.object_id.in_([str(c) for c in conversation_ids]),
        )
    ):
        logged.setdefault(object_id, []).append(moment)
    for moments in logged.values():
        moments.sort()
    for conversation_id, read_at in receipts:
        moments = logged.get(str(conversation_id), [])
        at = bisect.bisect_right(moments, read_at)
        if at == 0 or read_at - moments[at - 1] > RECEIPT_WINDOW:
            found.unlogged.append(
                f"conversation {conversation_id}: messages marked read at {read_at:%H:%M:%S.%f} "
                "without a conversation.read row"
            )


def check_integrity(found: Findings) -> bool:
    """Run the database's own consistency checks; return False when none is available.

    SQLite: ``PRAGMA integrity_check`` and ``foreign_key_check``. PostgreSQL: amcheck's
    ``bt_index_check`` on every btree index, when the amcheck extension is installed.
    """
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            result = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                found.integrity.append(f"PRAGMA integrity_check: {result[:5]}")
            broken = conn.execute(text("PRAGMA foreign_key_check")).all()
            if broken:
                found.integrity.append(f"PRAGMA foreign_key_check: {broken[:5]}")
            return True
        if (
            conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")).first()
            is None
        ):
            return False
        indexes = conn.execute(
            text(
                "SELECT c.oid::regclass::text FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE a.amname = 'btree' AND n.nspname = 'public'"
            )
        ).scalars()
        for name in list(indexes):
            try:
                conn.execute(
                    text("SELECT bt_index_check(CAST(:name AS regclass), true)"), {"name": name}
                )
            except Exception as exc:  # amcheck raises on a corrupt index
                found.integrity.append(f"amcheck {name}: {exc}")
                conn.rollback()
        return True
