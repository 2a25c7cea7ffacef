"""AccessEvent rows (no content, ever) and the chain head that orders them."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from sqlalchemy import DDL, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import DecryptionError, keyring, new_row_key
from portal.db import Base, UTCDateTime, utcnow

GENESIS = "0" * 64
#: Chain versions: 1 = plain SHA-256 (rows written before the keyed chain), 2 = HMAC-SHA256
#: with the audit key (held outside the database), covering the reader's sealed name too.
PLAIN, KEYED = 1, 2


class AccessEvent(Base):
    """One read, change, export or print of an employee's data by someone else.

    Append-only (database triggers refuse UPDATE and DELETE) and chained: each row's MAC
    covers its fields and the previous row's MAC, keyed with the audit key that lives outside
    the database, so whoever holds only the database cannot rewrite a row and recompute the
    chain. Ids are plain integers, not foreign keys: rows outlive deleted accounts and content.
    The reader's name is kept as it was at the time of reading (sealed).
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
    #: PLAIN (old rows) or KEYED; see compute_hash.
    chain_version: Mapped[int] = mapped_column(Integer, default=PLAIN, server_default="1")
    #: Id of the audit key that computed row_hash (KEYED rows).
    key_id: Mapped[str | None] = mapped_column(String(20))
    #: Random per row: part of the associated data of the sealed name.
    row_key: Mapped[str | None] = mapped_column(String(32))
    #: The reader's name at the time of reading, sealed like health text.
    actor_name_sealed: Mapped[str | None] = mapped_column(Text)

    @property
    def actor_name(self) -> str | None:
        """Return the reader's name as it was when the row was written (None for old rows).

        Sealed by hand rather than with the Sealed descriptor: key rotation re-seals every
        registered field, and these rows are append-only (and part of the keyed chain).
        """
        if self.actor_name_sealed is None or self.row_key is None:
            return None
        try:
            return keyring().open(self.actor_name_sealed, self._name_context())
        except DecryptionError:
            return None

    def seal_actor_name(self, name: str) -> None:
        """Store the reader's name, sealed and bound to this row (before it is chained)."""
        self.row_key = self.row_key or new_row_key()
        self.actor_name_sealed = keyring().seal(name, self._name_context())

    def _name_context(self) -> str:
        return f"{self.__tablename__}.actor_name.{self.row_key}"

    def compute_hash(self, key: bytes | None = None) -> str:
        """Return the chain value: SHA-256 (PLAIN rows) or HMAC-SHA256 with key (KEYED)."""
        fields: list[object] = [
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
        if self.chain_version == PLAIN:
            data = json.dumps(fields, separators=(",", ":")).encode()
            return hashlib.sha256(data).hexdigest()
        if key is None:
            raise ValueError("a keyed access-log row needs the audit key")
        fields += [self.chain_version, self.key_id, self.row_key, self.actor_name_sealed]
        data = json.dumps(fields, separators=(",", ":")).encode()
        return hmac.new(key, data, hashlib.sha256).hexdigest()


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
