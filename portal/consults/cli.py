"""The `flask reminders send` command (run it from cron, for example every hour)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal import clock
from portal.consults.reminders import send_reminders
from portal.outbox import scheduler_lock

reminders_cli = AppGroup("reminders", help="Reminder e-mails (talks, messages, check-ins).")


@reminders_cli.command("send")
def send_command() -> None:
    """Send every e-mail that is due now: talks, new messages, check-ins (content-free)."""
    from portal.messages.notify import send_checkin_reminders, send_due_notifications

    moment = clock.now()
    with scheduler_lock() as got:
        if not got:
            click.echo("another reminders or notify run is busy; nothing done")
            return
        talks = send_reminders(moment)
        messages = send_due_notifications(moment)
        checkins = send_checkin_reminders(moment)
    click.echo(
        f"{talks} talk reminder(s), {messages} message notification(s), "
        f"{checkins} check-in reminder(s) queued (flask mail send sends them)"
    )
