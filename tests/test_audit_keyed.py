"""The access log resists whoever holds only the database (issue 19, items 4 and 5).

Attacks: rewrite one row and recompute the chain (and the head); delete the last rows and
move the head back. Both pass a plain hash chain; the keyed chain and the signed checkpoints
outside the database catch them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select, text

from portal.audit.keys import checkpoint_path
from portal.audit.models import GENESIS, AccessEvent
from portal.audit.services import checkpoint, verify_chain
from portal.db import db
from tests.test_audit import log_reads, triggers_off


def plain_hash(row: dict[str, Any]) -> str:
    """The chain value an attacker can compute: everything but a key."""
    fields = [
        row["seq"],
        row["occurred_at"],
        row["event"],
        row["employee_id"],
        row["actor_id"],
        row["actor_role"],
        row["object_type"],
        row["object_id"],
        row["share_id"],
        row["prev_hash"],
    ]
    return hashlib.sha256(json.dumps(fields, separators=(",", ":")).encode()).hexdigest()


def rewrite_and_rechain(app: Flask, change: dict[str, Any]) -> None:
    """Change row seq 2 and recompute every later link and the head, as the old code would."""
    rows = [
        {
            **{c.name: getattr(r, c.key) for c in AccessEvent.__table__.columns},
            "occurred_at": r.occurred_at.isoformat(timespec="microseconds"),
        }
        for r in db.session.scalars(select(AccessEvent).order_by(AccessEvent.seq))
    ]
    db.session.rollback()
    prev = GENESIS
    with triggers_off(app) as conn:
        for row in rows:
            if row["seq"] == 2:
                row.update(change)
            row["prev_hash"] = prev
            row["row_hash"] = plain_hash(row)
            conn.execute(
                text(
                    "UPDATE access_events SET actor_id = :actor_id, prev_hash = :prev_hash, "
                    "row_hash = :row_hash WHERE seq = :seq"
                ),
                row,
            )
            prev = row["row_hash"]
        conn.execute(
            text("UPDATE audit_head SET last_hash = :h, seq = :s"), {"h": prev, "s": len(rows)}
        )


def test_a_rewritten_row_with_a_recomputed_chain_is_detected(app: Flask, make_user: Any) -> None:
    log_reads(make_user(role="coach"), make_user(), 4)
    assert verify_chain() == []
    rewrite_and_rechain(app, {"actor_id": 999})
    problems = verify_chain()
    assert "row seq 2: contents changed after it was written" in problems
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1


def test_rows_deleted_from_the_end_with_the_head_moved_back_are_detected(
    app: Flask, make_user: Any
) -> None:
    log_reads(make_user(role="coach"), make_user(), 5)
    result = app.test_cli_runner().invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    assert verify_chain() == []
    third = db.session.scalar(select(AccessEvent.row_hash).where(AccessEvent.seq == 3))
    db.session.rollback()
    with triggers_off(app) as conn:
        conn.execute(text("DELETE FROM access_events WHERE seq > 3"))
        conn.execute(text("UPDATE audit_head SET seq = 3, last_hash = :h"), {"h": third})
    problems = verify_chain()
    assert "checkpoint seq 5: that row is missing (rows removed from the end)" in problems
    assert app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 1


def test_checkpoints_are_signed_and_kept_outside_the_database(app: Flask, make_user: Any) -> None:
    log_reads(make_user(role="coach"), make_user(), 2)
    checkpoint()
    path = checkpoint_path()
    assert path.stat().st_mode & 0o777 == 0o600
    line = json.loads(path.read_text().splitlines()[0])
    assert line["seq"] == 2
    forged = {**line, "seq": 1}
    with Path(path).open("a") as handle:
        handle.write(json.dumps(forged) + "\n")
    assert verify_chain() == ["checkpoint line 2: not signed with a known audit key"]


def test_rows_from_before_the_keyed_chain_still_verify_and_are_anchored(
    app: Flask, make_user: Any
) -> None:
    """Old (plain) rows verify after the migration; the first keyed row pins them."""
    coach, employee = make_user(role="coach"), make_user()
    log_reads(coach, employee, 2)
    rows = db.session.scalars(select(AccessEvent).order_by(AccessEvent.seq)).all()
    old = [
        {
            **{c.name: getattr(r, c.key) for c in AccessEvent.__table__.columns},
            "occurred_at": r.occurred_at.isoformat(timespec="microseconds"),
        }
        for r in rows
    ]
    db.session.rollback()
    # make them what the old code wrote: chain_version 1, plain SHA-256, no name
    prev = GENESIS
    with triggers_off(app) as conn:
        for row in old:
            row["prev_hash"], row["row_hash"] = prev, None
            row["row_hash"] = plain_hash(row)
            conn.execute(
                text(
                    "UPDATE access_events SET chain_version = 1, key_id = NULL, row_key = NULL,"
                    " actor_name_sealed = NULL, prev_hash = :prev_hash, row_hash = :row_hash"
                    " WHERE seq = :seq"
                ),
                row,
            )
            prev = row["row_hash"]
        conn.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})
    assert verify_chain() == []
    log_reads(coach, employee, 2)  # keyed rows follow
    assert verify_chain() == []
    rewrite_and_rechain(app, {"actor_id": 999})  # rewrite an old row, recompute everything
    assert "row seq 3: contents changed after it was written" in verify_chain()


def test_the_access_log_shows_the_readers_name_at_the_time(
    client: Any, make_user: Any, login_as: Any
) -> None:
    employee, coach = make_user(), make_user(role="coach", name="Coach Karin")
    log_reads(coach, employee, 1)
    coach.name = "een verwijderd account"
    db.session.commit()
    login_as(employee)
    page = client.get("/account/toegang").get_data(as_text=True)
    assert "Coach Karin" in page
    assert "een verwijderd account" not in page
    raw = db.session.execute(text("SELECT actor_name_sealed FROM access_events")).scalar()
    assert raw is not None and "Karin" not in raw
