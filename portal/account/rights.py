"""Your data, your rights: a full export and deletion of the whole account."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from flask import render_template
from sqlalchemy import Table, delete, select, text

from portal import clock
from portal.auth.models import User
from portal.crypto import sealed_fields
from portal.db import Base, db
from portal.models import import_all

log = logging.getLogger(__name__)

#: Columns that identify the employee a row belongs to.
OWNER_COLUMNS = ("user_id", "employee_id")
#: Secrets and security records: never exported (they are not "data about you" but keys).
NOT_EXPORTED_TABLES = {
    "password_reset_tokens",
    "email_changes",
    "recovery_codes",
    "two_factor",
    "user_sessions",
    "audit_head",
    "pending_logins",
}
NOT_EXPORTED_COLUMNS = {
    "password_hash",
    "row_key",
    "failed_login_count",
    "failed_login_since",
    "locked_until",
    "lockout_count",
    "calendar_token_hash",
    "token_hash",
    "code_hash",
    "prev_hash",
    "row_hash",
    "actor_name_sealed",
    "key_id",
    "chain_version",
}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def _model_of(table: Table) -> type | None:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None


def owned_rows(user_id: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield (table, rows) for everything that belongs to the employee, text decrypted.

    Rows are found by an owner column (user_id, employee_id) or, for child tables such as
    messages and check-ins, through their parent rows that belong to the employee.
    """
    import_all()
    sealed: dict[type, list[tuple[str, str]]] = {}
    for sealed_model, name, column in sealed_fields():
        sealed.setdefault(sealed_model, []).append((name, column))
    owned_ids: dict[str, set[Any]] = {"users": {user_id}}
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_EXPORTED_TABLES:
            continue
        condition = _ownership(table, user_id, owned_ids)
        if condition is None:
            continue
        model = _model_of(table)
        if model is None:
            continue
        objects: Sequence[Any] = db.session.scalars(select(model).where(condition)).all()
        if table.primary_key.columns:
            key = next(iter(table.primary_key.columns)).name
            owned_ids[table.name] = {getattr(obj, key) for obj in objects}
        rows = []
        for obj in objects:
            row = {
                column.name: _plain(getattr(obj, column.key))
                for column in table.columns
                if column.name not in NOT_EXPORTED_COLUMNS
            }
            for name, column_name in sealed.get(model, []):
                row.pop(column_name, None)
                row[name] = getattr(obj, name)
            rows.append(row)
        yield table.name, rows


def _ownership(table: Table, user_id: int, owned_ids: dict[str, set[Any]]) -> Any:
    if table.name == "users":
        return table.c.id == user_id
    for name in OWNER_COLUMNS:
        if name in table.c:
            return table.c[name] == user_id
    for column in table.columns:
        for fk in column.foreign_keys:
            parent = fk.column.table.name
            if parent in owned_ids and parent != "users" and owned_ids[parent]:
                return column.in_(owned_ids[parent])
    return None


def export_zip(user: User) -> bytes:
    """Return a ZIP with data.json (machine-readable) and data.html (readable copy)."""
    sections = {name: rows for name, rows in owned_rows(user.id) if rows}
    document = {
        "exported_at": clock.now().isoformat(),
        "format": "eigen-regie-export-1",
        "account": user.email,
        "tables": sections,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        archive.writestr("data.html", render_template("account/export.html", document=document))
    log.info("user %s exported their data", user.id)
    return buffer.getvalue()


def delete_account(user_id: int, reason: str = "deleted by the account holder") -> None:
    """Remove the account and, through the database's cascades, everything it owns.

    Access-log rows stay (they carry ids, not content) as the law on health records asks.
    On SQLite, secure_delete is on; the write-ahead log is checkpointed so no old page
    with the removed rows lingers in it. The caller has already checked who asks.
    """
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    log.info("account %s erased with everything it owned (%s)", user_id, reason)
