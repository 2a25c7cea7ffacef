"""AccessEvent rows (no content, ever) and the chain head that orders them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import DDL, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, utcnow

GENESIS = "0" * 64


class AccessEvent(Base):
    """One read, change, export or print of an employee's data by someone else.

    Append-only (database triggers refuse UPDATE and DELETE) and hash-chained: each row's
    hash covers its fields and the previous row's hash, so a changed or removed row shows.
    Ids are plain integers, not foreign keys: rows outlive deleted accounts and content.
    """

    __tablename__ = "access_events"
    __table_args__ = (
        Index("ix_access_events_employee_id_occurred_at", "employee_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Position in the chain: 1, 2, 3 … without gaps.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: What happened, e.g. "share.opened", "share.pdf", "conversation.read".
    event: Mapped[str] = mapped_column(String(40))
    employee_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int] = mapped_column(Integer)
    actor_role: Mapped[str] = mapped_column(String(20))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64))
    share_id: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))

    def compute_hash(self) -> str:
        """Return the hash over this row's fields and the previous hash."""
        fields = [
            self.seq,
            self.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            self.event,
            self.employee_id,
            self.actor_id,
            self.actor_role,
            self.object_type,
            self.object_id,
            self.share_id,
            self.prev_hash,
        ]
        return hashlib.sha256(json.dumps(fields, separators=(",", ":")).encode()).hexdigest()


class AuditHead(Base):
    """The single row holding the chain's last position; locking it orders the writers."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


#: Statements that make access_events append-only, per dialect (also used by the migration).
APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER access_events_no_update BEFORE UPDATE ON access_events "
        "BEGIN SELECT RAISE(ABORT, 'access_events is append-only'); END",
        "CREATE TRIGGER access_events_no_delete BEFORE DELETE ON access_events "
        "BEGIN SELECT RAISE(ABORT, 'access_events is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION access_events_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'access_events is append-only'; END $$",
        "CREATE TRIGGER access_events_no_change BEFORE UPDATE OR DELETE ON access_events "
        "FOR EACH ROW EXECUTE FUNCTION access_events_append_only()",
        "CREATE TRIGGER access_events_no_truncate BEFORE TRUNCATE ON access_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION access_events_append_only()",
    ],
}

for _dialect, _statements in APPEND_ONLY_SQL.items():
    for _statement in _statements:
        event.listen(
            AccessEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect)
        )
