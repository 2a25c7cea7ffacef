"""E-mail: over SMTP when configured, else written to instance/outbox/. Never health content."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale

log = logging.getLogger(__name__)


def absolute_url(endpoint: str, **values: Any) -> str:
    """Return a full link for e-mails, from PORTAL_BASE_URL (also outside a request)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context():
            path = url_for(endpoint, **values)
    return str(current_app.config["BASE_URL"]).rstrip("/") + path


def render_message(template: str, to: str, locale: str, **context: Any) -> EmailMessage:
    """Build a plain-text e-mail from templates/mail/<template>.txt in the given language."""
    with force_locale(locale):
        subject = render_template(f"mail/{template}.subject.txt", **context).strip()
        body = render_template(f"mail/{template}.txt", **context)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="eigenregie.invalid")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def send(template: str, to: str, locale: str, *, user_id: int | None = None, **context: Any) -> str:
    """Render and deliver an e-mail; return its Message-ID. Logs carry ids only."""
    message = render_message(template, to, locale, **context)
    config = current_app.config
    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        channel = "smtp"
    else:
        outbox = Path(config["OUTBOX_DIR"])
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        channel = "outbox"
    log.info(
        "mail %s (%s) sent via %s to user %s", message["Message-ID"], template, channel, user_id
    )
    return str(message["Message-ID"])
