"""E-mail: rendered here, queued in the outbox table (portal/outbox.py). Never health content."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
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


def send(
    template: str,
    to: str,
    locale: str,
    *,
    user_id: int | None = None,
    dedupe_key: str | None = None,
    **context: Any,
) -> str:
    """Render an e-mail and queue it in the current transaction; return its Message-ID.

    Nothing leaves before the caller commits (portal/outbox.py sends it: right after the
    commit in development and tests, by `flask mail send` in production). Logs carry ids only.
    """
    from portal.outbox import enqueue

    message = render_message(template, to, locale, **context)
    enqueue(message, template, user_id, dedupe_key)
    log.info("mail %s (%s) queued for user %s", message["Message-ID"], template, user_id)
    return str(message["Message-ID"])
