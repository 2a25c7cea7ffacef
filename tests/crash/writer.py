"""The writer processes of the crash test: plain processes writing through the app's services.

``python -m tests.crash.writer EMPLOYEE_ID COACH_ID`` builds the app once (with the PORTAL_*
environment of the database), closes its connections, says "ready" and then obeys stdin:
"fork TAG FIRST_DAY" starts a writer process (a fork, so it needs no start-up time) that
writes, one commit at a time, until it is killed; "sync" answers "synced" (all output of a
killed writer comes before it). A writer prints each write before it starts ("try") and
after its commit returned ("ok").
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import signal
import sys

from sqlalchemy import select

from portal import clock, create_app
from portal.audit.services import record_access
from portal.auth.models import User
from portal.db import db
from portal.links.models import CareLink, LinkKind, LinkStatus
from portal.logbook import services as logbook
from portal.messages import services as messages


def say(*words: object) -> None:
    """Write one protocol line in a single write(), so a kill never leaves half a line."""
    os.write(1, (" ".join(str(w) for w in words) + "\n").encode())


def write_forever(employee_id: int, coach_id: int, first_day: dt.date, tag: str) -> None:
    """Write logbook entries, messages and logged reads until killed."""
    employee, coach = db.session.get(User, employee_id), db.session.get(User, coach_id)
    assert employee is not None and coach is not None
    link = db.session.scalars(
        select(CareLink).where(
            CareLink.employee_id == employee_id,
            CareLink.carer_id == coach_id,
            CareLink.kind == LinkKind.COACH,
            CareLink.status == LinkStatus.ACTIVE,
        )
    ).one()
    conversation = messages.conversation_of(link)
    db.session.commit()
    rng = random.Random()
    for n in itertools.count():
        day = (first_day - dt.timedelta(days=n)).isoformat()
        energy, note = rng.randint(0, 10), f"CRASH-{tag}-writer-entry-{n:05d}"
        say("try", "entry", day, energy, note)
        entry = logbook.entry_for_update(employee_id, dt.date.fromisoformat(day), clock.today())
        entry.energy, entry.note = energy, note
        db.session.commit()
        say("ok", "entry", day)

        body = f"CRASH-{tag}-writer-message-{n:05d}"
        say("try", "message", conversation.id, body)
        messages.add_message(conversation, employee, body)
        db.session.commit()
        say("ok", "message", conversation.id, body)

        # The coach opens the conversation: the log row and the read receipts, one commit.
        say("try", "read", conversation.id)
        row = record_access(
            event="conversation.read",
            employee_id=employee_id,
            object_type="conversation",
            object_id=conversation.id,
            actor=coach,
        )
        messages.mark_read(conversation.id, coach_id, clock.now())
        db.session.commit()
        say("ok", "read", conversation.id, row.seq)


def main(argv: list[str]) -> None:
    """Build the app, then fork a writer for every "fork" line on stdin."""
    employee_id, coach_id = int(argv[0]), int(argv[1])
    app = create_app()
    with app.app_context():
        db.engine.dispose()  # no connection may be shared with a forked writer
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped at once
    say("ready")
    for line in sys.stdin:
        match line.split():
            case ["fork", tag, first_day]:
                pid = os.fork()
                if pid == 0:
                    try:
                        with app.app_context():
                            write_forever(
                                employee_id, coach_id, dt.date.fromisoformat(first_day), tag
                            )
                    finally:
                        os._exit(1)
                say("forked", pid)
            case ["sync"]:
                say("synced")


if __name__ == "__main__":
    main(sys.argv[1:])
