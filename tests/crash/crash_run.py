"""Crash-durability test: kill -9 the app under gunicorn and a writer process during writes.

Run ``python -m tests.crash.crash_run [--rounds 30] [--database-url URL]`` (``make crash-test``
runs it on SQLite and on a throw-away PostgreSQL). Each round starts gunicorn (2 sync
workers) and a writer process on the same database, lets clients write over HTTP, kills both
with SIGKILL at independent random moments, restarts gunicorn and checks the database
against what was acknowledged (see tests/crash/ledger.py). Exit status 1 on any problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import delete, text

from portal import clock, create_app
from portal.auth import twofactor
from portal.auth.models import Role
from portal.auth.services import create_user
from portal.crypto import new_key_spec
from portal.db import db, utcnow
from portal.links import services as links
from portal.logbook.models import LogEntry
from portal.messages.services import conversation_of
from portal.sharing.models import Share
from tests.crash.actors import Cast, Round, days_back
from tests.crash.ledger import Findings, Ledger, check, check_integrity
from tests.crash.processes import BIN, ROOT, Server, Writers
from tests.crash.web import Browser

PASSWORD = "crash test password, long enough"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#: Each process is killed at a random moment this many seconds after the writes start.
KILL_WINDOW = (0.2, 2.0)


class Sink:
    """An SMTP server on loopback that accepts and drops the portal's e-mails."""

    async def handle_DATA(self, _server: Any, _session: Any, _envelope: Any) -> str:
        """Accept a message."""
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[int]:
    """Run the sink for the duration; yield its port."""
    controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def free_port() -> int:
    """Return a loopback port that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def portal_env(url: str, smtp_port: int) -> dict[str, str]:
    """Return the environment of a production-configured portal on this database."""
    return {
        **os.environ,
        "PORTAL_ENV": "production",
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
        "PORTAL_DATABASE_URL": url,
        "PORTAL_BASE_URL": "https://crash-test.invalid",
        "PORTAL_SESSION_COOKIE_SECURE": "1",  # this client sends the cookie over loopback HTTP
        "PORTAL_DATA_KEYS": new_key_spec("crash"),
        "PORTAL_MAIL_SERVER": "127.0.0.1",
        "PORTAL_MAIL_PORT": str(smtp_port),
        "PORTAL_ARGON2_TIME_COST": "1",
        "PORTAL_ARGON2_MEMORY_COST": "8",
        "PORTAL_ARGON2_PARALLELISM": "1",
        "PORTAL_LOG_LEVEL": "WARNING",
    }


def seed(app: Flask) -> Cast:
    """Create three employees, a coach of A and W, a professional with a share from A."""
    with app.app_context():
        person = {
            key: create_user(f"crash-{key}@example.com", f"Crash {key}", PASSWORD, role)
            for key, role in [
                ("a", Role.EMPLOYEE),
                ("b", Role.EMPLOYEE),
                ("w", Role.EMPLOYEE),
                ("coach", Role.COACH),
                ("professional", Role.PROFESSIONAL),
            ]
        }
        for key in ("coach", "professional"):
            state = twofactor.begin_setup(person[key])
            state.secret, state.confirmed_at = TOTP_SECRET, utcnow()
        link_a = links.assign_coach(person["a"], person["coach"])
        link_w = links.assign_coach(person["w"], person["coach"])
        invited = links.invite_professional(person["a"], person["professional"].email)
        assert invited is not None
        links.accept(invited)
        db.session.flush()
        share_text = f"CRASH-SHARE-{secrets.token_hex(4)}"
        share = Share(
            employee_id=person["a"].id,
            recipient_id=person["professional"].id,
            link_id=invited.id,
            section_keys="free",
        )
        share.title = "Samenvatting"
        share.snapshot = {"version": 1, "sections": [{"key": "free", "text": share_text}]}
        db.session.add(share)
        cast = Cast(
            employee_a=person["a"].id,
            employee_b=person["b"].id,
            employee_w=person["w"].id,
            coach=person["coach"].id,
            professional=person["professional"].id,
            link_a=link_a.id,
            conversation_a=conversation_of(link_a).id,
            conversation_w=conversation_of(link_w).id,
            share=0,
            share_text=share_text,
        )
        db.session.commit()
        cast.share = share.id
        return cast


def database_notes(app: Flask) -> str:
    """Describe the database's durability settings; enable amcheck on PostgreSQL if possible."""
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            mode = conn.execute(text("PRAGMA journal_mode")).scalar()
            sync = conn.execute(text("PRAGMA synchronous")).scalar()
            return f"SQLite, journal_mode={mode}, synchronous={sync} (2 = FULL)"
        fsync = conn.execute(text("SHOW fsync")).scalar()
        commit = conn.execute(text("SHOW synchronous_commit")).scalar()
        note = f"PostgreSQL, synchronous_commit={commit}, fsync={fsync}"
        if fsync == "off":
            note += " (fine here: the test kills the app, not the database server)"
        try:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            conn.commit()
        except Exception:  # no superuser or no contrib: integrity is then not checked
            conn.rollback()
            return note + "; amcheck unavailable"
        return note


def log_in(cast: Cast, port: int) -> dict[str, Browser]:
    """Log every writing person in once; their sessions outlive the server restarts."""
    browsers = {key: Browser(port) for key in ("a", "b", "coach", "professional")}
    browsers["a"].log_in("crash-a@example.com", PASSWORD)
    browsers["b"].log_in("crash-b@example.com", PASSWORD)
    browsers["coach"].log_in("crash-coach@example.com", PASSWORD, TOTP_SECRET)
    browsers["professional"].log_in("crash-professional@example.com", PASSWORD, TOTP_SECRET)
    return browsers


class Run:
    """One crash test on one database: rounds of writes and kills, checks after each."""

    def __init__(self, app: Flask, env: dict[str, str], tmp: Path, seed_value: int) -> None:
        self.app, self.env, self.tmp = app, env, tmp
        self.rng = random.Random(seed_value)
        self.cast = seed(app)
        self.notes = database_notes(app)
        self.integrity = True  # set to False when the database offers no check
        self.sqlite = self.notes.startswith("SQLite")
        self.seen: dict[str, set[str]] = {
            name: set() for name in ("lost", "unlogged", "unexpected", "chain", "integrity")
        }
        self.ledger = Ledger()
        self.server = Server(free_port(), env, tmp / "gunicorn.log")
        yesterday = clock.today() - dt.timedelta(days=1)  # the portal's date (Europe/Amsterdam)
        self.days_a, self.days_b = days_back(yesterday), days_back(yesterday)
        self.writer_day = yesterday
        self.problems: list[str] = []
        self.findings = Findings()
        self.kills = {"server": 0, "writer": 0}
        self.audit_cli = ""
        self.self_test = "not run"

    def play(self, rounds: int) -> None:
        """Run the rounds; every problem found is kept in self.problems."""
        ids = (self.cast.employee_w, self.cast.coach)
        writers = Writers(self.ledger, self.env, ids, self.tmp / "writer.log")
        self.server.start()
        try:
            self.server.wait_ready()
            browsers = log_in(self.cast, self.server.port)
            for number in range(1, rounds + 1):
                moments = self.one_round(number, browsers, writers)
                if writers.days:
                    self.writer_day = dt.date.fromisoformat(min(writers.days)) - dt.timedelta(1)
                self.server.start()  # restart on the same database
                self.server.wait_ready()
                self.verify(number, moments)
            self.final_checks()
        finally:
            self.server.stop()
            writers.close()

    def one_round(self, number: int, browsers: dict[str, Browser], writers: Writers) -> str:
        """Write over HTTP and in the writer; kill -9 both at random moments."""
        writes = Round(self.ledger, self.cast, f"R{number:02d}", self.rng)
        writes.start("logbook-a", writes.logbook(browsers["a"], self.cast.employee_a, self.days_a))
        writes.start("logbook-b", writes.logbook(browsers["b"], self.cast.employee_b, self.days_b))
        writes.start("messages-a", writes.employee_messages(browsers["a"]))
        writes.start("coach", writes.coach(browsers["coach"]))
        writes.start("professional", writes.professional(browsers["professional"]))
        writers.start(f"W{number:02d}", self.writer_day.isoformat())
        start = time.monotonic()
        plan = sorted((self.rng.uniform(*KILL_WINDOW), what) for what in ("server", "writer"))
        for at, what in plan:
            time.sleep(max(0.0, start + at - time.monotonic()))
            (self.server if what == "server" else writers).kill()
            self.kills[what] += 1
        writes.join()
        return ", ".join(f"{what} killed at {at:.2f} s" for at, what in plan)

    def verify(self, number: int, moments: str) -> None:
        """Check the database against the ledger after the restart."""
        began = time.monotonic()
        with self.app.app_context():
            found = check(self.ledger)
            self.integrity = check_integrity(found)
            db.engine.dispose()
        took = time.monotonic() - began
        self.findings = found
        for name in self.seen:
            self.seen[name].update(getattr(found, name))
        problems = found.problems + [f"bad answer: {a}" for a in self.ledger.bad_answers]
        new = [p for p in problems if p not in self.problems]
        self.problems.extend(new)
        print(
            f"  round {number:2d}: {moments}; acknowledged so far "
            f"{sum(self.ledger.acknowledged.values())}, log rows {found.log_rows}, "
            f"problems {len(problems)} (checked in {took:.2f} s)",
            flush=True,
        )
        for problem in new[:10]:
            print(f"    PROBLEM {problem}", flush=True)

    def final_checks(self) -> None:
        """Run `flask audit verify` on the final database, then the checker's self-test."""
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "audit", "verify"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        output = (result.stdout + result.stderr).strip()
        self.audit_cli = output.splitlines()[-1] if output else ""
        if result.returncode != 0:
            self.problems.append(f"flask audit verify failed: {output}")
        self.self_test = self.checker_self_test()

    def checker_self_test(self) -> str:
        """Delete one acknowledged entry and claim one unlogged read: both must be reported."""
        if not self.ledger.entries_acked:
            self.problems.append("self-test impossible: no entry was acknowledged")
            return "not run"
        user_id, day = min(self.ledger.entries_acked)
        self.ledger.ack_read("self-test", "share.opened", -self.cast.share)  # no such share
        with self.app.app_context():
            db.session.execute(
                delete(LogEntry).where(
                    LogEntry.user_id == user_id, LogEntry.day == dt.date.fromisoformat(day)
                )
            )
            db.session.commit()
            found = check(self.ledger)
            db.engine.dispose()
        caught = len(found.lost) == 1 and day in found.lost[0] and len(found.unlogged) == 1
        if not caught:
            self.problems.append(f"self-test: checker missed a planted loss: {found.problems}")
        return "a deleted entry and an unlogged read were both reported" if caught else "MISSED"

    def summary(self, rounds: int, seconds: float) -> str:
        """Return the report printed at the end."""
        acked = self.ledger.acknowledged.copy()
        acked.pop("self-test", None)
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(acked.items()))
        doubt = sum(self.ledger.tried.values()) - sum(acked.values())
        how = "integrity_check + foreign_key_check" if self.sqlite else "amcheck on btree indexes"
        integrity = "not checked" if not self.integrity else self.verdict(self.seen["integrity"])
        lines = [
            f"database: {self.notes}",
            f"rounds: {rounds}; kill -9 of gunicorn (master + 2 workers): {self.kills['server']},"
            f" of the writer process: {self.kills['writer']}",
            f"acknowledged: {sum(acked.values())} ({kinds})",
            f"in doubt (sent, no answer before the kill): {doubt}, "
            f"of which committed anyway: {self.findings.in_doubt_committed}",
            f"lost acknowledged writes: {len(self.seen['lost'])}",
            f"reads or receipts without their log row: {len(self.seen['unlogged'])}",
            f"unexpected rows: {len(self.seen['unexpected'])}; "
            f"bad answers: {len(self.ledger.bad_answers)}",
            f"integrity ({how}) after every round: {integrity}",
            f"audit chain after every round: {self.verdict(self.seen['chain'])} "
            f"({self.findings.log_rows} rows); flask audit verify: {self.audit_cli}",
            f"checker self-test: {self.self_test}",
            f"time: {seconds:.0f} s",
            f"RESULT: {'FAIL' if self.problems else 'PASS'} ({len(self.problems)} problems)",
        ]
        return "\n".join(lines)

    @staticmethod
    def verdict(problems: set[str]) -> str:
        """Return "ok" for no problems, else how many."""
        return "ok" if not problems else f"FAILED ({len(problems)})"


def main(argv: list[str] | None = None) -> int:
    """Run the crash test on one database; return 0 when nothing was lost or broken."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("CRASH_ROUNDS", 30)))
    parser.add_argument("--database-url", default=os.environ.get("CRASH_DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=secrets.randbelow(2**31))
    args = parser.parse_args(argv)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="portal-crash-") as name, smtp_sink() as smtp_port:
        tmp = Path(name)
        url = args.database_url or f"sqlite:///{tmp / 'portal.sqlite3'}"
        env = portal_env(url, smtp_port)
        os.environ.update(env)  # the in-process app seeds and checks the same database
        subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        app = create_app()
        run = Run(app, env, tmp, args.seed)
        print(f"crash test: {run.notes}; {args.rounds} rounds, seed {args.seed}", flush=True)
        try:
            run.play(args.rounds)
        except Exception as exc:
            run.problems.append(f"run aborted: {exc!r}")
            log = tmp / "gunicorn.log"
            if log.exists():
                print(log.read_text()[-3000:], file=sys.stderr)
        print(run.summary(args.rounds, time.monotonic() - began), flush=True)
        for problem in run.problems[:50]:
            print(f"  PROBLEM {problem}")
    return 1 if run.problems else 0


if __name__ == "__main__":
    sys.exit(main())
