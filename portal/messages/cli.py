"""The `flask messages notify` command (run it from cron, for example every 15 minutes)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal import clock
from portal.messages.notify import send_checkin_reminders, send_due_notifications
from portal.outbox import scheduler_lock

messages_cli = AppGroup("messages", help="E-mails about new messages and check-ins.")


@messages_cli.command("notify")
def notify_command() -> None:
    """Send waiting message e-mails and digests, and tomorrow's check-in reminders."""
    moment = clock.now()
    with scheduler_lock() as got:
        if not got:
            click.echo("another reminders or notify run is busy; nothing done")
            return
        messages = send_due_notifications(moment)
        reminders = send_checkin_reminders(moment)
    click.echo(f"{messages} message e-mail(s) and {reminders} check-in reminder(s) queued")
