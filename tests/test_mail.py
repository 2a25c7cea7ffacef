"""E-mail: SMTP when configured, else .eml files in the outbox; never health content."""

from __future__ import annotations

from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal.db import db


def test_without_smtp_mail_goes_to_the_outbox(
    app: Flask, make_user: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from portal import mail

    app.config["MAIL_SERVER"] = ""
    user = make_user(email="sam@example.com")
    with app.test_request_context():
        message_id = mail.send(
            "password_reset", user.email, "en", user_id=user.id, link="http://localhost/x", hours=1
        )
        assert not list(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))  # not before commit
        db.session.commit()
    files = list(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes())
    assert message["To"] == "sam@example.com"
    assert message["Subject"] == "Choose a new password for Eigen Regie"
    assert message["Message-ID"] == message_id
    assert message_id in caplog.text and f"user {user.id}" in caplog.text
    assert "sam@example.com" not in caplog.text  # logs carry ids, not addresses


def test_smtp_delivery_in_the_recipients_language(app: Flask, make_user: Any, mailbox: Any) -> None:
    from portal import mail

    user = make_user()
    mail.send("password_reset", user.email, "nl", user_id=user.id, link="http://x/y", hours=1)
    assert mailbox.messages == []  # queued in the transaction, sent after the commit
    db.session.commit()
    assert mailbox.messages[0]["Subject"] == "Kies een nieuw wachtwoord voor Eigen Regie"
    assert "De link werkt één keer en 1 uur lang." in mailbox.bodies()[0]
