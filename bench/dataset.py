"""Generate a realistic benchmark database: employees, coaches, professionals and their data.

The schema comes from the migrations (``flask db upgrade``). Rows are written with
SQLAlchemy Core bulk inserts; sealed fields are sealed with the portal's own keyring and the
same associated data as the models use (table, attribute, row key). The result is cached
under bench/.data/ keyed by the parameters and the schema, so a second run reuses it.

    python -m bench.dataset --employees 1000 [--database-url URL] [--force]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.schema import CreateTable

from bench import text as words
from bench.settings import (
    DATA,
    DATA_KEYS,
    PASSWORD,
    ROOT,
    TOTP_SECRET,
    app_config,
    coach_email,
    employee_email,
    professional_email,
)

#: Bump when the generator changes what it writes (invalidates cached databases).
VERSION = 4
#: Employees with a special role in the benchmark (indexes into the employee list).
MAIN, FULL, EMPTY = 0, 1, 2
EMPLOYEES_PER_COACH = 25
EMPLOYEES_PER_PROFESSIONAL = 50
TALKS_PAST = 5


@dataclasses.dataclass(frozen=True)
class Params:
    """What to generate."""

    employees: int = 1000
    days: int = 730
    messages: int = 30
    shares: int = 2
    big_thread: int = 2000
    seed: int = 1


@dataclasses.dataclass
class Manifest:
    """What the benchmark needs to know about a generated database."""

    database_url: str
    params: dict[str, Any]
    generated_on: str
    seconds: float
    rows: dict[str, int]
    #: Per special employee: email, link ids, next talk id, share ids.
    users: dict[str, Any]


# --- schema --------------------------------------------------------------------------------


def schema_fingerprint(dialect: str) -> str:
    """Hash of the models' CREATE TABLE statements: a changed model means a new dataset."""
    from sqlalchemy.dialects import postgresql, sqlite

    from portal.db import Base
    from portal.models import import_all

    import_all()
    target = postgresql.dialect() if dialect == "postgresql" else sqlite.dialect()
    ddl = "".join(str(CreateTable(t).compile(dialect=target)) for t in Base.metadata.sorted_tables)
    return hashlib.sha256(ddl.encode()).hexdigest()[:12]


def create_schema(url: str) -> list[str]:
    """Run the migrations; add what the models have and the migrations not yet (noted)."""
    env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_DATA_KEYS": DATA_KEYS}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return sync_schema(url)


def sync_schema(url: str) -> list[str]:
    """Create tables and columns that models declare but no migration made yet."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from portal.db import Base

    engine = create_engine(url)
    added: list[str] = []
    with engine.begin() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        for diff in diffs:
            if diff[0] == "add_table":
                diff[1].create(conn)
                added.append(f"table {diff[1].name}")
            elif diff[0] == "add_column":
                column = diff[3]
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE {diff[2]} ADD COLUMN "{column.name}" {kind}'))
                added.append(f"column {diff[2]}.{column.name}")
    engine.dispose()
    return added


# --- writing -------------------------------------------------------------------------------


class Writer:
    """Buffers rows per table and writes them with executemany in batches."""

    def __init__(self, engine: Engine, batch: int = 5000) -> None:
        self.engine = engine
        self.batch = batch
        self.buffers: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.next_ids: dict[str, int] = defaultdict(lambda: 1)
        from portal.db import Base

        self.tables = Base.metadata.tables

    def new_id(self, table: str) -> int:
        """Return the next id of a table (ids are assigned here, not by the database)."""
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def add(self, table: str, row: dict[str, Any]) -> None:
        """Queue one row."""
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= self.batch:
            self.flush_all()  # parents first: a child row may point at a queued parent

    def flush(self, table: str) -> None:
        """Write the queued rows of one table."""
        rows = self.buffers.pop(table, [])
        if rows:
            with self.engine.begin() as conn:
                conn.execute(self.tables[table].insert(), rows)
            self.counts[table] += len(rows)

    def flush_all(self) -> None:
        """Write everything queued, parents before children."""
        for table in self.tables:  # sorted by dependency
            self.flush(table)


class Sealer:
    """Seals values exactly as a model's ``Sealed`` attribute does."""

    def __init__(self, ring: Any) -> None:
        self.ring = ring

    def __call__(self, model: type, attribute: str, row_key: str, value: str | None) -> Any:
        if value is None:
            return None
        descriptor = model.__dict__[attribute]
        context = f"{model.__tablename__}.{descriptor.name}.{row_key}"  # type: ignore[attr-defined]
        return self.ring.seal(value, context)


def row_key(rng: random.Random) -> str:
    """Return a random row key (the database does not need cryptographic randomness here)."""
    return f"{rng.getrandbits(128):032x}"


# --- the generator -------------------------------------------------------------------------


class Generator:
    """Writes one dataset; call run()."""

    def __init__(self, engine: Engine, params: Params, ring: Any, password_hash: str) -> None:
        self.w = Writer(engine)
        self.p = params
        self.rng = random.Random(params.seed)
        self.seal = Sealer(ring)
        self.password_hash = password_hash
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.today = dt.date.today()
        self.users: dict[str, Any] = {}
        from portal.learning import content as learning_content
        from portal.sharing.sections import SECTIONS

        self.modules = learning_content.modules("nl")
        self.selfchecks = learning_content.selfchecks()
        self.sections = SECTIONS
        self.figures: dict[str, Any] | None = None

    def at(self, day: dt.date, hour: int = 20) -> dt.datetime:
        """Return a UTC moment on a day."""
        return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)

    def user(self, email: str, name: str, role: str, staff: bool) -> int:
        """Write one account (with a confirmed TOTP secret for staff) and return its id."""
        from portal.auth.twofactor import TwoFactor

        user_id = self.w.new_id("users")
        created = self.now - dt.timedelta(days=self.p.days + 30)
        self.w.add(
            "users",
            {
                "id": user_id,
                "email": email,
                "name": name,
                "role": role,
                "locale": "nl",
                "password_hash": self.password_hash,
                "is_active": True,
                "is_text_large": False,
                "theme": "auto",
                "created_at": created,
                "failed_login_count": 0,
                "lockout_count": 0,
            },
        )
        if staff:
            key = row_key(self.rng)
            self.w.add(
                "two_factor",
                {
                    "user_id": user_id,
                    "row_key": key,
                    "secret_sealed": self.seal(TwoFactor, "secret", key, TOTP_SECRET),
                    "confirmed_at": created,
                    "last_step": 0,
                },
            )
        return user_id

    def run(self) -> dict[str, Any]:
        """Generate everything; return the special users' ids for the benchmark."""
        coaches = [
            self.user(coach_email(i), f"Coach {i}", "coach", staff=True)
            for i in range(max(1, -(-self.p.employees // EMPLOYEES_PER_COACH)))
        ]
        professionals = [
            self.user(professional_email(i), f"Bedrijfsarts {i}", "professional", staff=True)
            for i in range(max(1, -(-self.p.employees // EMPLOYEES_PER_PROFESSIONAL)))
        ]
        self.w.flush_all()
        for index in range(self.p.employees):
            coach = coaches[index // EMPLOYEES_PER_COACH]
            professional = professionals[index // EMPLOYEES_PER_PROFESSIONAL]
            info = self.employee(index, coach, professional)
            if index in (MAIN, FULL, EMPTY) or index < 8:
                self.users[f"employee{index}"] = info
            if index % 100 == 99:
                self.w.flush_all()
        self.w.flush_all()
        self.users["professionals"] = [professional_email(i) for i in range(len(professionals))]
        self.users["coaches"] = [coach_email(i) for i in range(len(coaches))]
        return self.users

    def employee(self, index: int, coach_id: int, professional_id: int) -> dict[str, Any]:
        """Write one employee with all their data; return what the benchmark needs."""
        email = employee_email(index)
        user_id = self.user(email, f"Werknemer {index}", "employee", staff=False)
        sick_since = self.today - dt.timedelta(days=self.p.days + 14)
        self.w.add(
            "employee_profiles",
            {
                "user_id": user_id,
                "sick_since": sick_since,
                "contract_hours": self.rng.choice([24, 32, 36, 38, 40]),
                "job_title": self.rng.choice(["Administratief medewerker", "Verpleegkundige"]),
                "checkin_every_weeks": 4,
                "checkin_form": "chat",
                "calendar_token_hash": None,
            },
        )
        coach_link = self.link(user_id, coach_id, "coach")
        professional_link = self.link(user_id, professional_id, "professional")
        if index == EMPTY:
            talks = self.talks(user_id, past=0)
            self.conversation(coach_link, user_id, coach_id, 0)  # opened, nothing written yet
            return self.info(email, user_id, coach_link, professional_link, talks, [], 0)
        days = self.p.days
        self.logbook(user_id, days, 1.0 if index == FULL else 0.85)
        talks = self.talks(user_id, past=TALKS_PAST)
        self.learning(user_id, full=index in (MAIN, FULL))
        self.selfcheck(user_id)
        count = self.p.big_thread if index == MAIN else self.p.messages
        self.conversation(coach_link, user_id, coach_id, count)
        shares = [
            self.share(user_id, professional_id, professional_link, n)
            if n % 2 == 0
            else self.share(user_id, coach_id, coach_link, n)
            for n in range(self.p.shares)
        ]
        return self.info(email, user_id, coach_link, professional_link, talks, shares, count)

    def info(
        self,
        email: str,
        user_id: int,
        coach_link: int,
        professional_link: int,
        talks: list[int],
        shares: list[tuple[int, int]],
        messages: int,
    ) -> dict[str, Any]:
        """Describe one employee for the benchmark."""
        return {
            "email": email,
            "id": user_id,
            "coach_link": coach_link,
            "professional_link": professional_link,
            "next_talk": talks[-1],
            "shares": [{"id": share, "recipient": who} for share, who in shares],
            "messages": messages,
        }

    def link(self, employee_id: int, carer_id: int, kind: str) -> int:
        """Write an active care link."""
        link_id = self.w.new_id("care_links")
        since = self.now - dt.timedelta(days=self.p.days)
        self.w.add(
            "care_links",
            {
                "id": link_id,
                "employee_id": employee_id,
                "carer_id": carer_id,
                "invited_email": None,
                "kind": kind,
                "status": "active",
                "created_at": since,
                "accepted_at": since,
                "ended_at": None,
            },
        )
        return link_id

    def logbook(self, user_id: int, days: int, logged: float) -> None:
        """Write daily entries: most days logged, about 30% with some free text."""
        from portal.logbook.models import LogEntry

        rng, seal = self.rng, self.seal
        energy = 4
        for offset in range(days, 0, -1):
            day = self.today - dt.timedelta(days=offset)
            if rng.random() >= logged:
                continue
            energy = max(0, min(10, energy + rng.choice([-2, -1, 0, 0, 1, 1, 2])))
            weekday = day.weekday() < 5
            not_worked = weekday and rng.random() < 0.2
            planned = rng.choice([120, 180, 240, 300]) if weekday else None
            worked = 0 if not_worked else (max(0, (planned or 0) - rng.choice([0, 0, 60])) or None)
            key = row_key(rng)
            has_text = rng.random() < 0.3
            texts: dict[str, str | None] = {
                "work_activities": words.paragraph(rng, 1, 2) if has_text and weekday else None,
                "home_activities": words.paragraph(rng, 1, 2) if has_text else None,
                "helped": words.helped(rng) if has_text and rng.random() < 0.5 else None,
                "hindered": words.hindered(rng) if has_text and rng.random() < 0.5 else None,
                "note": words.paragraph(rng, 1, 4) if has_text and rng.random() < 0.6 else None,
            }
            moment = self.at(day)
            row: dict[str, Any] = {
                "id": self.w.new_id("log_entries"),
                "row_key": key,
                "user_id": user_id,
                "day": day,
                "energy": energy,
                "complaint_level": rng.randint(0, 10) if rng.random() < 0.8 else None,
                "sleep_quality": rng.randint(1, 5) if rng.random() < 0.7 else None,
                "minutes_planned": planned,
                "minutes_worked": worked if weekday else None,
                "is_not_worked": not_worked,
                "is_backfilled": rng.random() < 0.1,
                "is_note_shareable": rng.random() < 0.3,
                "created_at": moment,
                "updated_at": moment,
            }
            for name, value in texts.items():
                row[f"{name}_sealed"] = seal(LogEntry, name, key, value)
            self.w.add("log_entries", row)

    def talks(self, user_id: int, past: int) -> list[int]:
        """Write past talks (prepared, evaluated, with agreements) and one coming talk."""
        ids = []
        for n in range(past, -1, -1):
            starts = self.now - dt.timedelta(days=n * 120) + dt.timedelta(days=7 if n == 0 else 0)
            ids.append(self.talk(user_id, starts.replace(hour=9), done=n > 0, prepared=past > 0))
        return ids

    def talk(self, user_id: int, starts: dt.datetime, done: bool, prepared: bool) -> int:
        """Write one talk with its goals, and for a past talk the evaluation and agreements."""
        from portal.consults.models import Agreement, Consult, Goal
        from portal.consults.suggestions import BRING_ITEMS, QUESTIONS

        rng, seal = self.rng, self.seal
        talk_id, key = self.w.new_id("consults"), row_key(rng)

        def s(name: str, value: str | None) -> Any:
            return seal(Consult, name, key, value) if prepared else None

        def items(n: int) -> str:
            rows = [{"what": words.short(rng), "example": words.sentence(rng)} for _ in range(n)]
            return json.dumps(rows, ensure_ascii=False)

        questions = [{"key": k} for k in rng.sample(sorted(QUESTIONS), 3)]
        questions.append({"text": words.short(rng, 8) + "?"})
        self.w.add(
            "consults",
            {
                "id": talk_id,
                "row_key": key,
                "user_id": user_id,
                "starts_at": starts,
                "with_whom": rng.choice(["bedrijfsarts", "leidinggevende_casemanager", "coach"]),
                "with_whom_other_sealed": None,
                "place_sealed": s("place", "Arbodienst, Stationsplein 12, Utrecht"),
                "changed_sealed": s("changed", words.paragraph(rng, 3, 6)),
                "can_do_sealed": s("can_do_json", items(3)),
                "cannot_do_sealed": s("cannot_do_json", items(3)),
                "proposals_sealed": s("proposals", words.paragraph(rng, 2, 4)),
                "step_plan_sealed": s(
                    "step_plan_json", json.dumps([words.sentence(rng) for _ in range(4)])
                ),
                "questions_sealed": s("questions_json", json.dumps(questions, ensure_ascii=False)),
                "private_note_sealed": s("private_note", words.paragraph(rng, 1, 3)),
                "bring_along": ",".join(rng.sample(sorted(BRING_ITEMS), 3)) if prepared else "",
                "went_well": rng.randint(1, 5) if done else None,
                "felt_understood": rng.randint(1, 5) if done else None,
                "eval_good_sealed": s("eval_good", words.paragraph(rng)) if done else None,
                "eval_differently_sealed": s("eval_differently", words.paragraph(rng))
                if done
                else None,
                "evaluated_at": starts + dt.timedelta(days=1) if done else None,
                "prepare_reminded_at": None,
                "evaluate_reminded_at": None,
                "created_at": starts - dt.timedelta(days=14),
            },
        )
        for position in range(1, (rng.randint(2, 3) if prepared else 0) + 1):
            goal_key = row_key(rng)
            self.w.add(
                "consult_goals",
                {
                    "id": self.w.new_id("consult_goals"),
                    "row_key": goal_key,
                    "consult_id": talk_id,
                    "user_id": user_id,
                    "position": position,
                    "text_sealed": seal(Goal, "text", goal_key, words.sentence(rng)),
                    "result": rng.choice(["achieved", "partly", "not"]) if done else None,
                },
            )
        for _ in range(2 if done else 0):
            agreement_key = row_key(rng)
            self.w.add(
                "consult_agreements",
                {
                    "id": self.w.new_id("consult_agreements"),
                    "row_key": agreement_key,
                    "user_id": user_id,
                    "consult_id": talk_id,
                    "what_sealed": seal(Agreement, "what", agreement_key, words.sentence(rng)),
                    "who": rng.choice(["me", "employer", "bedrijfsarts"]),
                    "due_on": (starts + dt.timedelta(days=30)).date(),
                    "done_at": starts + dt.timedelta(days=20) if rng.random() < 0.7 else None,
                    "created_at": starts,
                },
            )
        return talk_id

    def learning(self, user_id: int, full: bool) -> None:
        """Write lesson progress and answers: a few modules, the first ones done."""
        from portal.learning.models import ExerciseAnswer

        rng = self.rng
        lessons = [(m, lesson) for m in self.modules for lesson in m.lessons]
        reached = len(lessons) if full else rng.randint(0, len(lessons))
        for n, (module, lesson) in enumerate(lessons[:reached]):
            opened = self.now - dt.timedelta(days=self.p.days - n * 7)
            self.w.add(
                "lesson_progress",
                {
                    "id": self.w.new_id("lesson_progress"),
                    "user_id": user_id,
                    "module": module.slug,
                    "lesson": lesson.slug,
                    "opened_at": opened,
                    "updated_at": opened + dt.timedelta(days=1),
                    "done_at": opened + dt.timedelta(days=1) if n < reached - 1 else None,
                },
            )
            for exercise in lesson.exercises:
                key = row_key(rng)
                value = json.dumps(self.answer(exercise), ensure_ascii=False)
                self.w.add(
                    "exercise_answers",
                    {
                        "id": self.w.new_id("exercise_answers"),
                        "row_key": key,
                        "user_id": user_id,
                        "module": module.slug,
                        "lesson": lesson.slug,
                        "exercise_id": exercise.id,
                        "value_sealed": self.seal(ExerciseAnswer, "value_json", key, value),
                        "updated_at": opened,
                    },
                )

    def answer(self, exercise: Any) -> Any:
        """Return a plausible answer of an exercise's type."""
        rng = self.rng
        kind = exercise.type
        if kind == "scale":
            return rng.randint(exercise.minimum, exercise.maximum)
        if kind == "single_choice":
            return rng.choice(exercise.options).id
        if kind in ("multiple_choice", "checklist"):
            return [o.id for o in exercise.options if rng.random() < 0.5] or [
                exercise.options[0].id
            ]
        if kind == "can_cannot":
            return [
                {"what": words.short(rng), "example": words.sentence(rng), "can": n % 2 == 0}
                for n in range(4)
            ]
        if kind == "step_plan":
            return [{"step": words.sentence(rng), "when": "week 3", "who": "ik"} for _ in range(3)]
        if kind == "problem_worksheet":
            fields = ("problem", "whose", "helpers", "solutions", "first_step")
            return {f: words.paragraph(rng, 1, 2) for f in fields}
        return words.paragraph(rng, 1, 4)[: exercise.max_length or 2000]

    def selfcheck(self, user_id: int) -> None:
        """Write two self-management checks, a year apart."""
        from portal.learning.models import SelfCheckResult

        checks = self.selfchecks
        for n in range(2):
            key = row_key(self.rng)
            answers = {
                s.id: self.rng.randint(checks.scale_min, checks.scale_max)
                for d in checks.domains
                for s in d.statements
            }
            scores = {
                d.id: round(sum(answers[s.id] for s in d.statements) / len(d.statements), 2)
                for d in checks.domains
            }
            self.w.add(
                "selfcheck_results",
                {
                    "id": self.w.new_id("selfcheck_results"),
                    "row_key": key,
                    "user_id": user_id,
                    "kind": "zelfmanagement",
                    "answers_sealed": self.seal(
                        SelfCheckResult, "answers_json", key, json.dumps(answers)
                    ),
                    "scores_json": json.dumps(scores),
                    "taken_at": self.now - dt.timedelta(days=365 * (1 - n) + 30),
                },
            )

    def conversation(self, link_id: int, employee_id: int, coach_id: int, count: int) -> None:
        """Write the coach conversation with `count` messages, all but the last read."""
        from portal.messages.models import CheckIn, Message

        rng = self.rng
        conversation_id = self.w.new_id("conversations")
        start = self.now - dt.timedelta(days=self.p.days)
        self.w.add(
            "conversations",
            {
                "id": conversation_id,
                "link_id": link_id,
                "employee_id": employee_id,
                "coach_id": coach_id,
                "created_at": start,
            },
        )
        step = dt.timedelta(days=self.p.days) / max(count, 1)
        for n in range(count):
            key = row_key(rng)
            sent = start + step * n
            self.w.add(
                "messages",
                {
                    "id": self.w.new_id("messages"),
                    "row_key": key,
                    "conversation_id": conversation_id,
                    "sender_id": employee_id if n % 2 == 0 else coach_id,
                    "body_sealed": self.seal(Message, "body", key, words.message(rng)),
                    "sent_at": sent,
                    "read_at": sent + dt.timedelta(hours=3) if n < count - 1 else None,
                    "retracted_at": None,
                    "notified_at": sent,
                },
            )
        for n in range(4):
            key = row_key(rng)
            planned = self.today - dt.timedelta(days=28 * (3 - n))
            done = n < 3
            self.w.add(
                "checkins",
                {
                    "id": self.w.new_id("checkins"),
                    "row_key": key,
                    "conversation_id": conversation_id,
                    "planned_on": planned,
                    "form": "chat",
                    "topics": "plan,talk",
                    "created_at": self.at(planned) - dt.timedelta(days=20),
                    "done_at": self.at(planned) if done else None,
                    "note_sealed": self.seal(CheckIn, "note", key, words.paragraph(rng))
                    if done
                    else None,
                    "employee_reminded_at": None,
                    "coach_reminded_at": None,
                },
            )

    def share(self, employee_id: int, recipient_id: int, link_id: int, n: int) -> tuple[int, int]:
        """Write one share: a frozen snapshot of every section, the logbook with figures."""
        from portal.sharing.models import Share

        rng = self.rng
        share_id, key = self.w.new_id("shares"), row_key(rng)
        parts: list[dict[str, Any]] = []
        for section in self.sections:
            text_value = words.paragraph(rng, 3, 8)
            if section == "logbook":
                parts.append({"key": section, "text": text_value, "figures": self.figures})
            else:
                parts.append({"key": section, "text": text_value})
        snapshot = json.dumps({"version": 1, "sections": parts}, ensure_ascii=False)
        created = self.now - dt.timedelta(days=30 * (n + 1))
        self.w.add(
            "shares",
            {
                "id": share_id,
                "row_key": key,
                "employee_id": employee_id,
                "recipient_id": recipient_id,
                "link_id": link_id,
                "created_at": created,
                "expires_at": None,
                "revoked_at": None,
                "first_opened_at": None,
                "section_keys": ",".join(self.sections),
                "title_sealed": self.seal(Share, "title", key, "Samenvatting voor het gesprek"),
                "snapshot_sealed": self.seal(Share, "snapshot_json", key, snapshot),
            },
        )
        return share_id, recipient_id


def logbook_figures(app: Any, engine: Engine, user_id: int, days: int) -> dict[str, Any]:
    """Freeze the figures of the last 90 days with the portal's own code (as a share does).

    The person has no build-up plan and no marked setbacks (steps and kinds are empty).
    """
    from portal.logbook.models import entries_between
    from portal.sharing.frozen import logbook_figures as freeze

    end = dt.date.today()
    start = end - dt.timedelta(days=89)
    with app.test_request_context("/"):
        history = entries_between(user_id, start - dt.timedelta(days=60), end)
        return freeze(history, start, end, [], {}, user_id)


# --- entry points --------------------------------------------------------------------------


def cache_name(params: Params, dialect: str) -> str:
    """Return the cache key of a dataset: parameters, generator version and schema."""
    raw = json.dumps([dataclasses.asdict(params), VERSION, schema_fingerprint(dialect)])
    digest = hashlib.sha256(raw.encode()).hexdigest()[:10]
    return f"{dialect}-{params.employees}e-{params.days}d-{digest}"


def manifest_path(name: str) -> Path:
    """Where the description of a cached dataset is kept."""
    return DATA / f"{name}.json"


def generate(params: Params, database_url: str | None = None, force: bool = False) -> Manifest:
    """Return a dataset's manifest, generating the database when it is not cached."""
    from portal import create_app
    from portal.auth.passwords import hash_password
    from portal.db import Base

    DATA.mkdir(parents=True, exist_ok=True)
    dialect = "postgresql" if database_url and database_url.startswith("postgres") else "sqlite"
    name = cache_name(params, dialect)
    if database_url is None:
        database_url = f"sqlite:///{DATA / (name + '.sqlite3')}"
    path = manifest_path(name)
    if path.exists() and not force:
        cached = Manifest(**json.loads(path.read_text()))
        if cached.database_url == database_url and _has_rows(database_url):
            print(f"dataset: cached {name} ({cached.rows.get('log_entries', 0)} logbook rows)")
            return cached
    started = time.monotonic()
    _forget_older(name)
    _drop_everything(database_url)
    added = create_schema(database_url)
    if added:
        print(f"dataset: not yet in a migration, created from the models: {', '.join(added)}")
    app = create_app(app_config(database_url))
    engine = _bulk_engine(database_url)
    with app.app_context():
        generator = Generator(engine, params, app.extensions["keyring"], hash_password(PASSWORD))
        users = _run_with_figures(app, engine, generator)
        counts = dict(generator.w.counts)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    app.extensions["portal_db"].dispose()
    manifest = Manifest(
        database_url=database_url,
        params=dataclasses.asdict(params),
        generated_on=dt.date.today().isoformat(),
        seconds=round(time.monotonic() - started, 1),
        rows={t: counts.get(t, 0) for t in Base.metadata.tables if counts.get(t)},
        users=users,
    )
    path.write_text(json.dumps(dataclasses.asdict(manifest), indent=1))
    print(f"dataset: generated {name} in {manifest.seconds} s: {manifest.rows}")
    return manifest


def _run_with_figures(app: Any, engine: Engine, generator: Generator) -> dict[str, Any]:
    """Write a first employee's logbook, freeze its figures, then generate everything."""
    probe = Generator(engine, generator.p, generator.seal.ring, generator.password_hash)
    probe.w.next_ids["log_entries"] = 10**9  # scratch rows far away from the real ids
    probe.w.add("users", _scratch_user(generator.password_hash))
    probe.logbook(10**9, 120, 0.85)
    probe.w.flush_all()
    generator.figures = logbook_figures(app, engine, 10**9, 120)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM log_entries WHERE user_id = 1000000000"))
        conn.execute(text("DELETE FROM users WHERE id = 1000000000"))
    return generator.run()


def _scratch_user(password_hash: str) -> dict[str, Any]:
    return {
        "id": 10**9,
        "email": "scratch@bench.example.com",
        "name": "Scratch",
        "role": "employee",
        "locale": "nl",
        "password_hash": password_hash,
        "is_active": True,
        "is_text_large": False,
        "theme": "auto",
        "created_at": dt.datetime.now(dt.UTC),
        "failed_login_count": 0,
        "lockout_count": 0,
    }


def _bulk_engine(url: str) -> Engine:
    """An engine for writing fast: no fsync per commit on SQLite (WAL is kept)."""
    engine = create_engine(url)
    if url.startswith("sqlite"):
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=wal")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _forget_older(name: str) -> None:
    """Remove cached datasets of the same size made by an older generator or schema."""
    prefix = name.rsplit("-", 1)[0]
    for path in DATA.glob(f"{prefix}-*"):
        if not path.name.startswith(name):
            path.unlink(missing_ok=True)


def _has_rows(url: str) -> bool:
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            found = conn.execute(text("SELECT count(*) FROM users")).scalar()
        engine.dispose()
        return bool(found)
    except Exception:
        return False


def _drop_everything(url: str) -> None:
    """Start from an empty database (a SQLite file is removed; PostgreSQL tables dropped)."""
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        if inspect(conn).get_table_names():
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_dataset_args(parser)
    parser.add_argument("--force", action="store_true", help="regenerate even when cached")
    return parser.parse_args(argv)


def add_dataset_args(parser: argparse.ArgumentParser) -> None:
    """Add the dataset options (shared with the benchmark runner)."""
    parser.add_argument("--employees", type=int, default=Params.employees)
    parser.add_argument("--days", type=int, default=Params.days, help="logbook days per person")
    parser.add_argument("--messages", type=int, default=Params.messages)
    parser.add_argument("--shares", type=int, default=Params.shares)
    parser.add_argument("--big-thread", type=int, default=Params.big_thread)
    parser.add_argument("--large", action="store_true", help="10,000 employees")
    parser.add_argument("--database-url", help="default: a SQLite file under bench/.data/")


def params_from(args: argparse.Namespace) -> Params:
    """Build Params from parsed options."""
    return Params(
        employees=10_000 if args.large else args.employees,
        days=args.days,
        messages=args.messages,
        shares=args.shares,
        big_thread=args.big_thread,
    )


def main(argv: list[str] | None = None) -> None:
    """Generate (or reuse) a dataset."""
    args = parse_args(argv)
    generate(params_from(args), args.database_url, force=args.force)


if __name__ == "__main__":
    main()
