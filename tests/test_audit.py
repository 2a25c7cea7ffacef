"""The access log: one row per read, append-only, hash-chained, readable by the employee."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from portal.audit.models import AccessEvent
from portal.audit.services import record_access, verify_chain
from portal.auth.models import Role
from portal.db import db
from tests.conftest import empty_tables


def log_reads(reader: Any, employee: Any, n: int) -> None:
    for i in range(n):
        record_access(
            event="share.opened",
            employee_id=employee.id,
            object_type="share",
            object_id=i,
            share_id=i,
            actor=reader,
        )
    db.session.commit()


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(AccessEvent)) or 0


@contextmanager
def triggers_off(app: Flask) -> Iterator[Any]:
    """Act as someone with raw database access, past the append-only triggers."""
    engine = app.extensions["portal_db"]
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER access_events_no_update"))
            conn.execute(text("DROP TRIGGER access_events_no_delete"))
        else:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        yield conn
        if conn.dialect.name == "sqlite":
            from portal.audit.models import APPEND_ONLY_SQL

            for statement in APPEND_ONLY_SQL["sqlite"]:
                conn.execute(text(statement))


def test_n_reads_make_n_chained_rows(app: Flask, make_user: Any) -> None:
    employee, doctor = make_user(), make_user(role="professional")
    log_reads(doctor, employee, 5)
    assert count() == 5
    rows = db.session.scalars(select(AccessEvent).order_by(AccessEvent.seq)).all()
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert all(r.prev_hash == p.row_hash for p, r in pairwise(rows))
    assert verify_chain() == []


@pytest.mark.parametrize(
    "statement",
    ["UPDATE access_events SET actor_id = 1", "DELETE FROM access_events"],
)
def test_the_log_is_append_only(app: Flask, make_user: Any, statement: str) -> None:
    log_reads(make_user(role="coach"), make_user(), 2)
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert count() == 2


def test_a_changed_row_is_detected(app: Flask, make_user: Any) -> None:
    log_reads(make_user(role="coach"), make_user(), 3)
    with triggers_off(app) as conn:
        conn.execute(text("UPDATE access_events SET actor_id = actor_id + 100 WHERE seq = 2"))
    assert verify_chain() == ["row seq 2: contents changed after it was written"]
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1


def test_removed_rows_are_detected(app: Flask, make_user: Any) -> None:
    log_reads(make_user(role="coach"), make_user(), 4)
    with triggers_off(app) as conn:
        conn.execute(text("DELETE FROM access_events WHERE seq IN (2, 4)"))
    problems = verify_chain()
    assert "row seq 3: expected seq 2 (rows missing)" in problems
    assert any(p.startswith("head says seq 4") for p in problems)


def test_verify_command_on_an_intact_log(app: Flask, make_user: Any) -> None:
    log_reads(make_user(role="coach"), make_user(), 2)
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "chain intact" in result.output


def test_a_read_is_refused_when_its_log_row_cannot_be_written(
    app: Flask, client: Any, make_user: Any, login_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portal.security import roles

    employee = make_user()

    @roles(*Role)
    def read_secret() -> str:
        record_access(
            event="share.opened", employee_id=employee.id, object_type="share", object_id=1
        )
        db.session.commit()
        return "GEHEIME-INHOUD"

    app.add_url_rule("/test-lezen", "read_secret", read_secret)
    login_as(make_user(role="professional"))
    assert "GEHEIME-INHOUD" in client.get("/test-lezen").get_data(as_text=True)
    assert count() == 1

    def broken(_self: Any) -> str:
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(AccessEvent, "compute_hash", broken)
    response = client.get("/test-lezen")
    assert response.status_code == 500
    assert "GEHEIME-INHOUD" not in response.get_data(as_text=True)
    assert count() == 1


def test_employee_reads_own_log_by_period(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    employee, other = make_user(), make_user()
    doctor = make_user(role="professional", name="dr. Visser")
    log_reads(doctor, employee, 2)
    log_reads(make_user(role="coach", name="Coach Ander"), other, 1)
    login_as(employee)
    page = client.get("/account/toegang").get_data(as_text=True)
    assert page.count("dr. Visser") == 2
    assert "heeft een samenvatting geopend die je deelde" in page
    assert "Coach Ander" not in page  # another employee's log
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    page = client.get(f"/account/toegang?start={tomorrow}").get_data(as_text=True)
    assert "dr. Visser" not in page
    assert "Niemand heeft in deze periode je gegevens bekeken." in page


@pytest.mark.parametrize("query", ["start=gisteren", "start=2026-02-01&end=2026-01-01"])
def test_bad_period_gets_a_message(client: Any, make_user: Any, login_as: Any, query: str) -> None:
    login_as(make_user())
    response = client.get(f"/account/toegang?{query}")
    assert response.status_code == 200
    assert 'class="field-error"' in response.get_data(as_text=True)


def test_cleanup_helper_empties_the_log(app: Flask, make_user: Any) -> None:
    log_reads(make_user(role="coach"), make_user(), 1)
    empty_tables(app)
    assert count() == 0


def test_reading_the_log_is_itself_logged(
    app: Flask, client: Any, make_user: Any, login_as: Any
) -> None:
    employee, admin, coach = make_user(), make_user(role="admin"), make_user(role="coach")
    log_reads(coach, employee, 2)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "show", "--employee", employee.id, "--by", admin.email])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("seq,occurred_at,event,actor_id,actor_role,actor_name")
    assert [line.split(",")[2] for line in lines[1:]] == ["share.opened"] * 2 + ["access_log.read"]
    # the reader's name as it was when reading, not as it is now
    original = coach.name
    assert [line.split(",")[5] for line in lines[1:3]] == [original] * 2
    coach.name = "een verwijderd account"
    db.session.commit()
    again = runner.invoke(args=["audit", "show", "--employee", employee.id, "--by", admin.email])
    assert again.output.strip().splitlines()[1].split(",")[5] == original
    newest = db.session.scalars(select(AccessEvent).order_by(AccessEvent.seq.desc())).first()
    assert newest is not None and (newest.actor_id, newest.employee_id) == (admin.id, employee.id)
    assert verify_chain() == []
    login_as(employee)
    page = client.get("/account/toegang").get_data(as_text=True)
    assert "de lijst bekeken van wie jouw gegevens heeft bekeken" in page


@pytest.mark.parametrize("who", ["coach", "nobody"])
def test_only_an_administrator_may_read_a_log(app: Flask, make_user: Any, who: str) -> None:
    employee, coach = make_user(), make_user(role="coach")
    email = coach.email if who == "coach" else "nobody@example.org"
    result = app.test_cli_runner().invoke(
        args=["audit", "show", "--employee", employee.id, "--by", email]
    )
    assert result.exit_code != 0 and "not an active administrator" in result.output
    assert count() == 0
