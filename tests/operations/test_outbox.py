"""The e-mail outbox (issue 15): queued with the change, sent by `flask mail send` with retries
and backoff, one refused address isolated, nothing personal in the output, no 500 with SMTP
down. A real local SMTP server (aiosmtpd) on loopback plays the mail server."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import func, select

from portal import mail
from portal.auth.models import User
from portal.db import db, utcnow
from portal.outbox import BACKOFF_MAX, MAX_ATTEMPTS, OutboxMail, backoff, deliver


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Picky:
    """An SMTP server that refuses addresses starting with "bad" with 550 (no such user)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_RCPT(
        self, _server: Any, _session: Any, envelope: Any, address: str, _options: Any
    ) -> str:
        if address.startswith("bad"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def picky() -> Iterator[tuple[int, Picky]]:
    handler = Picky()
    port = _closed_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler
    controller.stop()


def _queue(user: User, to: str | None = None) -> None:
    mail.send("two_factor_reset", to or user.email, "nl", user_id=user.id, link="http://x/login")


def _rows() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_mail_is_queued_with_the_change_and_lost_with_its_rollback(
    app: Flask, make_user: Callable[..., User], mailbox: Any
) -> None:
    app.config["MAIL_DELIVERY"] = "queue"
    user = make_user()
    _queue(user)
    db.session.rollback()  # the change did not happen: neither does its e-mail
    assert _rows() == []
    _queue(user)
    db.session.commit()
    [row] = _rows()
    assert row.sent_at is None and mailbox.messages == []  # production: the sender sends it
    assert user.email not in (row.message_sealed or "")  # sealed at rest
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 to retry later, 0 failed, 0 waiting" in result.output
    assert len(mailbox.messages) == 1 and mailbox.messages[0]["To"] == user.email


def test_one_refused_address_does_not_stop_the_others(
    app: Flask, make_user: Callable[..., User], picky: tuple[int, Picky]
) -> None:
    port, server = picky
    app.config.update(MAIL_DELIVERY="queue", MAIL_PORT=port)
    first, bad, last = make_user(), make_user(email="bad-address@example.com"), make_user()
    for user in (first, bad, last):
        _queue(user)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "2 sent, 0 to retry later, 1 failed, 0 waiting" in result.output
    assert "@" not in result.output  # no address in cron output
    assert sorted(m["To"] for m in server.messages) == sorted([first.email, last.email])
    refused = next(row for row in _rows() if row.user_id == bad.id)
    assert refused.failed_at is not None and refused.last_error == "SMTPRecipientsRefused 550"
    # A second run sends nothing again.
    again = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "0 sent, 0 to retry later, 0 failed, 0 waiting" in again.output
    assert len(server.messages) == 2


def test_smtp_down_keeps_mail_queued_with_backoff_then_sends_it(
    app: Flask, make_user: Callable[..., User], picky: tuple[int, Picky]
) -> None:
    port, server = picky
    app.config.update(MAIL_DELIVERY="queue", MAIL_PORT=_closed_port())
    users = [make_user() for _ in range(3)]
    for user in users:
        _queue(user)
    db.session.commit()
    start = utcnow()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output  # the run does not die
    assert "0 sent, 1 to retry later, 0 failed, 3 waiting" in result.output  # stops at the first
    first = _rows()[0]
    assert first.attempts == 1 and first.next_attempt_at >= start + dt.timedelta(seconds=59)
    # The first is not tried again before its backoff ends (the next run tries the second).
    deliver(db.session)
    assert _rows()[0].attempts == 1 and _rows()[1].attempts == 1
    # The server is back; a run after the backoff sends all three.
    app.config["MAIL_PORT"] = port
    result_later = deliver(db.session, now=utcnow() + dt.timedelta(minutes=2))
    assert (result_later.sent, result_later.waiting) == (3, 0)
    assert len(server.messages) == 3


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(MAX_ATTEMPTS + 20) == BACKOFF_MAX


def test_forgotten_password_with_smtp_down_is_the_same_answer_not_a_500(
    app: Flask, client: Any, make_user: Callable[..., User]
) -> None:
    """Known or unknown address: the same page, and the link waits in the outbox."""
    app.config["MAIL_PORT"] = _closed_port()  # after-commit delivery fails: stays queued
    user = make_user(email="known@example.com")
    known = client.submit("/wachtwoord-vergeten", {"email": user.email})
    unknown = client.submit("/wachtwoord-vergeten", {"email": "unknown@example.com"})
    assert known.status_code == unknown.status_code == 200

    def page(response: Any) -> str:
        return response.get_data(as_text=True).split('name="csrf_token"')[0]

    assert page(known) == page(unknown)
    [row] = _rows()
    assert row.user_id == user.id and row.sent_at is None and row.attempts == 1


def test_in_production_the_request_never_talks_to_smtp(
    app: Flask, client: Any, make_user: Callable[..., User], mailbox: Any
) -> None:
    """Queue mode: the request only writes a row, so a known address costs no SMTP time."""
    app.config["MAIL_DELIVERY"] = "queue"
    user = make_user(email="known2@example.com")
    client.submit("/wachtwoord-vergeten", {"email": user.email})
    assert mailbox.messages == []
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 1


def test_production_without_a_server_sends_nothing_from_the_outbox(
    app: Flask, make_user: Callable[..., User], tmp_path: Any
) -> None:
    app.config.update(ENV="production", MAIL_SERVER="", MAIL_DELIVERY="queue")
    _queue(make_user())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert "1 waiting" in result.output and "outbox-only" in result.output
    assert not list(tmp_path.glob("**/*.eml"))
