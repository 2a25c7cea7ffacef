"""The e-mail outbox: every e-mail is a row written in the transaction that causes it.

`mail.send()` renders the message and adds an `OutboxMail` row to the current database
session; it is committed (or rolled back) together with the change that caused it. Delivery
is separate:

- `flask mail send` (a timer or cron job, every minute) sends what is due, one message at a
  time, each row locked with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL so two senders
  never send the same message. A refused address (SMTP 5xx) fails that message alone; a
  server that is down or says "try later" (4xx) leaves the message queued with exponential
  backoff (1 min, 2, 4 … at most 6 h, 10 tries). Output and logs carry counts and ids only.
- With `PORTAL_MAIL_DELIVERY=after-commit` (the default in development and tests, where no
  scheduler runs) the messages of a transaction are also sent right after it commits; a
  failure there leaves them queued, it never fails the request.

The whole message (address, subject, links with tokens) is sealed at rest like health text.
`dedupe_key` is unique: a reminder decided twice (two overlapping schedulers) cannot be
queued twice. Sent and failed rows are deleted after MAIL_KEEP_DAYS.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_string, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
    delete,
    event,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.crypto import Sealed, SealedRow
from portal.db import Base, UTCDateTime, db, utcnow

log = logging.getLogger(__name__)

#: First retry after this long; doubled each time, capped at BACKOFF_MAX.
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=6)
#: After this many failed tries a message is given up (failed_at set, logged).
MAX_ATTEMPTS = 10
#: Sent and failed rows are kept this long (for "was it sent?" questions), then deleted.
MAIL_KEEP_DAYS = 7
#: One advisory lock for every job that decides which e-mails are due (reminders, notices).
SCHEDULER_LOCK_KEY = 0x45520001


class OutboxMail(SealedRow, Base):
    """One e-mail waiting to be sent, sent, or given up; its content is sealed."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Which template: for logs and metrics, never content.
    template: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: The full RFC 5322 message, sealed (it holds the address and links with tokens).
    message_sealed: Mapped[str | None] = mapped_column(Text)
    message = Sealed("message_sealed")
    #: Unique per decided e-mail (e.g. "checkin:12:3"); NULL for one-off e-mails.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The last error's class and SMTP code only (e.g. "SMTPRecipientsRefused 550").
    last_error: Mapped[str | None] = mapped_column(String(80))


def enqueue(
    message: EmailMessage, template: str, user_id: int | None, dedupe_key: str | None = None
) -> OutboxMail:
    """Add the message to the current transaction's outbox; the caller commits."""
    row = OutboxMail(template=template, user_id=user_id, dedupe_key=dedupe_key)
    row.message = message.as_string(policy=policy.SMTP)
    db.session.add(row)
    if current_app.config.get("MAIL_DELIVERY") == "after-commit":
        info = db.session.info  # the scoped session's current Session
        info.setdefault("outbox_pending", []).append(row)
        info["outbox_app"] = current_app._get_current_object()  # type: ignore[attr-defined]
    return row


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    """Development and tests: send this transaction's e-mails now (failures stay queued)."""
    rows = session.info.pop("outbox_pending", None)
    app: Flask | None = session.info.pop("outbox_app", None)
    if not rows or app is None:
        return
    ids = [row.id for row in rows if row.id is not None]
    try:
        with app.app_context(), Session(db.engine) as own:
            deliver(own, ids=ids)
    except Exception as exc:  # never fail the request: the message stays queued
        log.warning("mail delivery after commit failed (%s); queued", type(exc).__name__)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("outbox_pending", None)
    session.info.pop("outbox_app", None)


@dataclass
class Result:
    """What one delivery run did (counts only)."""

    sent: int = 0
    retry: int = 0
    failed: int = 0
    waiting: int = 0


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failed tries: 1, 2, 4 … minutes, max 6 h."""
    delay: dt.timedelta = BACKOFF_BASE * (2 ** max(attempts - 1, 0))
    return min(delay, BACKOFF_MAX)


class _Transport:
    """One SMTP connection for a run (opened on first use), or the development folder."""

    def __init__(self, config: Any) -> None:
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def send(self, raw: str) -> str:
        config = self.config
        if not config["MAIL_SERVER"]:
            outbox = Path(config["OUTBOX_DIR"])
            outbox.mkdir(parents=True, exist_ok=True)
            (outbox / f"{uuid.uuid4().hex}.eml").write_text(raw)
            return "outbox"
        if self.smtp is None:
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10)
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            self.smtp = smtp
        self.smtp.send_message(message_from_string(raw, policy=policy.SMTP))
        return "smtp"

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(Exception):
                self.smtp.quit()
            self.smtp = None


def _classify(exc: Exception) -> tuple[bool, str, bool]:
    """Return (permanent, short error, server unusable for the rest of this run)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        code = min(codes) if codes else 0
        return code >= 500, f"SMTPRecipientsRefused {code}", False
    if isinstance(exc, smtplib.SMTPResponseException):
        code = int(exc.smtp_code)
        return code >= 500, f"{type(exc).__name__} {code}", False
    return False, type(exc).__name__, True


def _next_row(session: Session, now: dt.datetime, ids: list[int] | None) -> OutboxMail | None:
    query = (
        select(OutboxMail)
        .where(
            OutboxMail.sent_at.is_(None),
            OutboxMail.failed_at.is_(None),
            OutboxMail.next_attempt_at <= now,
        )
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(1)
    )
    if ids is not None:
        query = query.where(OutboxMail.id.in_(ids))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).first()


#: A claimed message is not picked by another sender for this long (a sender that dies
#: between claiming and sending leaves it to be tried again after the lease).
CLAIM_LEASE = dt.timedelta(minutes=5)


def _claim(session: Session, row: OutboxMail, moment: dt.datetime) -> bool:
    """Count the attempt and push the message out of other senders' reach; commit.

    A conditional UPDATE (on the attempts seen) makes the claim exclusive on SQLite as well,
    where there is no row locking; on PostgreSQL the row is also locked (SKIP LOCKED) until
    this commit.
    """
    seen = row.attempts
    try:
        claimed = session.execute(
            update(OutboxMail)
            .where(
                OutboxMail.id == row.id,
                OutboxMail.attempts == seen,
                OutboxMail.sent_at.is_(None),
                OutboxMail.failed_at.is_(None),
            )
            .values(attempts=seen + 1, next_attempt_at=moment + CLAIM_LEASE)
            .execution_options(synchronize_session=False)
        )
        session.commit()
    except OperationalError:  # SQLite: another sender wrote first (stale snapshot)
        session.rollback()
        return False
    if int(getattr(claimed, "rowcount", 0) or 0) != 1:
        return False
    session.refresh(row)
    return True


def deliver(
    session: Session,
    *,
    now: dt.datetime | None = None,
    ids: list[int] | None = None,
    limit: int = 500,
) -> Result:
    """Send due messages one by one, committing each; return the counts."""
    config = current_app.config
    result = Result()
    if not config["MAIL_SERVER"] and config["ENV"] == "production":
        result.waiting = pending_count(session)
        return result  # outbox-only: nothing is sent from here
    transport = _Transport(config)
    moment = now or utcnow()
    try:
        for _ in range(limit):
            row = _next_row(session, moment, ids)
            if row is None:
                break
            if not _claim(session, row, moment):
                continue  # another sender has it
            try:
                channel = transport.send(row.message or "")
            except Exception as exc:  # SMTP or network: classified, never the content
                permanent, error, stop = _classify(exc)
                row.last_error = error
                if permanent or row.attempts >= MAX_ATTEMPTS:
                    row.failed_at = moment
                    result.failed += 1
                    log.error(
                        "mail %s (%s) to user %s failed: %s",
                        row.id,
                        row.template,
                        row.user_id,
                        error,
                    )
                else:
                    row.next_attempt_at = moment + backoff(row.attempts)
                    result.retry += 1
                    log.warning(
                        "mail %s (%s) to user %s will be retried: %s",
                        row.id,
                        row.template,
                        row.user_id,
                        error,
                    )
                session.commit()
                if stop:
                    transport.close()
                    break
                continue
            row.sent_at = utcnow()
            row.last_error = None
            session.commit()
            result.sent += 1
            log.info(
                "mail %s (%s) sent via %s to user %s", row.id, row.template, channel, row.user_id
            )
    finally:
        transport.close()
    result.waiting = pending_count(session)
    return result


def pending_count(session: Session) -> int:
    """How many e-mails wait to be sent (for the command's output and the metrics)."""
    count = session.scalar(
        select(func.count(OutboxMail.id)).where(
            OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None)
        )
    )
    return int(count or 0)


def prune(session: Session, now: dt.datetime | None = None) -> int:
    """Delete sent and failed rows older than MAIL_KEEP_DAYS; return how many."""
    cutoff = (now or utcnow()) - dt.timedelta(days=MAIL_KEEP_DAYS)
    done = session.execute(
        delete(OutboxMail).where(or_(OutboxMail.sent_at < cutoff, OutboxMail.failed_at < cutoff))
    )
    session.commit()
    return int(getattr(done, "rowcount", 0) or 0)


@contextlib.contextmanager
def scheduler_lock() -> Iterator[bool]:
    """Hold the schedulers' lock (PostgreSQL advisory lock) for a run; yield whether we got it.

    Reminders and notifications are decided by one run at a time across every host; a run
    that finds the lock taken does nothing (the other run sends what is due). On SQLite there
    is one host and writes are serialised; the unique dedupe_key guards both cases.
    """
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    with db.engine.connect() as conn:
        got = bool(
            conn.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": SCHEDULER_LOCK_KEY}
            ).scalar()
        )
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SCHEDULER_LOCK_KEY})
                conn.commit()


# --- command line ---------------------------------------------------------------------------

mail_cli = AppGroup("mail", help="The e-mail outbox.")


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="At most this many per run.")
def send_command(limit: int) -> None:
    """Send the queued e-mails that are due (cron or timer, every minute); counts only."""
    result = deliver(db.session, limit=limit)
    pruned = prune(db.session)
    click.echo(
        f"{result.sent} sent, {result.retry} to retry later, {result.failed} failed, "
        f"{result.waiting} waiting, {pruned} old rows removed"
    )
    if not current_app.config["MAIL_SERVER"] and current_app.config["ENV"] == "production":
        click.echo("no PORTAL_MAIL_SERVER (outbox-only): nothing was sent")


def commit_once(what: str) -> bool:
    """Commit a decided e-mail with its marks; False (rolled back) when it was queued already.

    The unique dedupe_key makes a second scheduler's identical decision fail here instead of
    sending the same reminder twice.
    """
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        log.info("%s was queued already by another run; skipped", what)
        return False
    return True
