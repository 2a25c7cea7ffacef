"""Flask commands: users, demo data, translations."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import AppGroup

from portal import clock
from portal.auth.forms import EMAIL_MAX
from portal.auth.models import EmployeeProfile, Role, User, user_by_email
from portal.auth.passwords import MAX_LENGTH, MIN_LENGTH
from portal.auth.services import DuplicateEmail, create_user
from portal.coach.models import CoachVisibility
from portal.db import db
from portal.links import services as links
from portal.links.models import LinkKind

users_cli = AppGroup("users", help="Manage accounts.")
translate_cli = AppGroup("translate", help="Extract, update and compile translations.")

#: Demo accounts: (role, e-mail, name). The password is shared and printed by `make run`.
DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - development demo data only
DEMO_ACCOUNTS = [
    (Role.EMPLOYEE, "werknemer@demo.eigenregie.nl", "Sanne de Vries"),
    (Role.COACH, "coach@demo.eigenregie.nl", "Ruud Jansen"),
    (Role.PROFESSIONAL, "bedrijfsarts@demo.eigenregie.nl", "dr. Amina El Idrissi"),
    (Role.ADMIN, "beheer@demo.eigenregie.nl", "Beheerder Demo"),
]


@users_cli.command("create")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True)
def create_user_command(role: str, email: str, name: str, password: str) -> None:
    """Create an account with the given role."""
    email = email.strip()
    if len(email) > EMAIL_MAX:
        raise click.ClickException(f"the e-mail address is longer than {EMAIL_MAX} characters")
    try:  # the same check as the login and registration forms (WTForms' Email validator)
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.ClickException("not a valid e-mail address") from exc
    if not name.strip():
        raise click.ClickException("the name is empty")
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise click.ClickException(f"password must be {MIN_LENGTH} to {MAX_LENGTH} characters")
    try:
        user = create_user(email, name, password, Role(role))
    except DuplicateEmail as exc:
        raise click.ClickException(f"an account with e-mail {email} exists already") from exc
    db.session.commit()
    click.echo(f"created {user.role.value} account {user.email} (id {user.id})")


def ensure_demo_data() -> list[tuple[Role, str, str]]:
    """Create the demo accounts and links if they are missing; return the logins."""
    users: dict[Role, User] = {}
    for role, email, name in DEMO_ACCOUNTS:
        user = user_by_email(email) or create_user(email, name, DEMO_PASSWORD, role)
        users[role] = user
    employee = users[Role.EMPLOYEE]
    profile = db.session.get(EmployeeProfile, employee.id)
    if profile is not None and profile.sick_since is None:
        profile.sick_since = clock.today() - dt.timedelta(weeks=10)
        profile.contract_hours = 32
        profile.job_title = "Administratief medewerker"
    links.assign_coach(employee, users[Role.COACH])
    if db.session.get(CoachVisibility, employee.id) is None:  # Sanne lets her coach see both
        db.session.add(
            CoachVisibility(employee_id=employee.id, shows_week=True, shows_next_talk=True)
        )
    if not links.open_links(employee.id, LinkKind.PROFESSIONAL):
        link = links.invite_professional(employee, users[Role.PROFESSIONAL].email)
        if link is not None:
            links.accept(link)
    db.session.commit()
    return DEMO_ACCOUNTS


@click.command("demo")
def demo_command() -> None:
    """Create demo accounts and data (idempotent; development only)."""
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo data is not allowed in production")
    accounts = ensure_demo_data()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for role, email, name in accounts:
        click.echo(f"  {role.value:<13} {email:<34} {name}")


def _pybabel(*args: str) -> None:
    # Fixed program and arguments built here, never from user input.
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)  # noqa: S603


def _paths() -> tuple[Path, Path]:
    root = Path(current_app.root_path).parent
    return root, Path(current_app.config["TRANSLATIONS_DIR"])


@translate_cli.command("extract")
def translate_extract() -> None:
    """Extract messages to translations/messages.pot."""
    root, translations = _paths()
    _pybabel(
        "extract",
        "-F",
        str(root / "babel.cfg"),
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-o",
        str(translations / "messages.pot"),
        str(root / "portal"),
    )


@translate_cli.command("update")
def translate_update() -> None:
    """Extract, then merge new messages into the nl and en catalogs."""
    _root, translations = _paths()
    translate_extract.callback()  # type: ignore[misc]
    _pybabel(
        "update",
        "-i",
        str(translations / "messages.pot"),
        "-d",
        str(translations),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    from portal.i18n_tools import fill_english

    fill_english(translations / "en" / "LC_MESSAGES" / "messages.po")


@translate_cli.command("compile")
def translate_compile() -> None:
    """Compile the catalogs to .mo files."""
    _root, translations = _paths()
    _pybabel("compile", "-d", str(translations), "--statistics")


def register(app: Flask) -> None:
    """Attach the command groups to the app."""
    from portal.consults.cli import reminders_cli
    from portal.messages.cli import messages_cli
    from portal.outbox import mail_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(keys_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(messages_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(retention_cli)


keys_cli = AppGroup("keys", help="Field-encryption keys.")
retention_cli = AppGroup("retention", help="Erase closed accounts after the retention period.")
audit_cli = AppGroup("audit", help="The access log.")


@click.command("backup")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the backup (default: instance/backups).",
)
def backup_command(folder: Path | None) -> None:
    """Write an online backup of the database (SQLite backup API or pg_dump)."""
    from portal.backup import backup
    from portal.db import db

    try:
        target = backup(db.engine, folder or Path(current_app.instance_path) / "backups")
    except (subprocess.CalledProcessError, OSError) as exc:
        raise click.ClickException(
            f"backup failed ({type(exc).__name__}); nothing written"
        ) from exc
    click.echo(f"backup written: {target}")


@click.command("restore")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Drop what the database holds first (stop every app server and scheduler before).",
)
def restore_command(dump: Path, replace: bool) -> None:
    """Load a backup made by `flask backup` into the configured database (empty, or --replace)."""
    from portal.backup import RestoreRefused, restore
    from portal.db import db

    url = db.engine.url
    db.engine.dispose()
    try:
        restore(dump, url, replace=replace)
    except RestoreRefused as exc:
        raise click.ClickException(
            "the database is not empty: restore into a new database, or use --replace "
            "with the app stopped"
        ) from exc
    except (subprocess.CalledProcessError, OSError) as exc:
        raise click.ClickException(f"restore failed ({type(exc).__name__})") from exc
    click.echo(f"restored {dump.name}; then run flask db upgrade (a no-op when it is current)")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the access log's hash chain; exit 1 when a row was changed or removed."""
    from portal.audit.services import verify_chain

    problems = verify_chain()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"access log: {len(problems)} problem(s)")
    click.echo("access log: chain intact")


@audit_cli.command("checkpoint")
def audit_checkpoint() -> None:
    """Sign the access log's current end into the checkpoint file outside the database."""
    from portal.audit.services import checkpoint

    line = checkpoint()
    click.echo(f"access log: checkpoint at seq {line['seq']} written")


@audit_cli.command("show")
@click.option("--employee", "employee_id", type=int, required=True, help="Whose log to show.")
@click.option("--by", "admin_email", required=True, help="E-mail of the administrator asking.")
def audit_show(employee_id: int, admin_email: str) -> None:
    """Print one employee's access log as CSV (readers' names as they were then); logged first."""
    import csv

    from portal.audit.services import all_events_for, record_access

    admin = user_by_email(admin_email)
    if admin is None or admin.role is not Role.ADMIN or not admin.is_active:
        raise click.ClickException(f"{admin_email} is not an active administrator account")
    employee = db.session.get(User, employee_id)
    if employee is None or employee.role is not Role.EMPLOYEE:
        raise click.ClickException(f"no employee with id {employee_id}")
    record_access(
        event="access_log.read",
        employee_id=employee.id,
        object_type="access_log",
        object_id=employee.id,
        actor=admin,
    )
    db.session.commit()
    writer = csv.writer(sys.stdout)
    writer.writerow(
        ["seq", "occurred_at", "event", "actor_id", "actor_role", "actor_name", "object", "share"]
    )
    for row in all_events_for(employee.id):
        writer.writerow(
            [
                row.seq,
                row.occurred_at.isoformat(),
                row.event,
                row.actor_id,
                row.actor_role,
                row.actor_name or "",  # as it was at the time of reading
                f"{row.object_type}:{row.object_id}",
                row.share_id or "",
            ]
        )


@keys_cli.command("new")
@click.option("--id", "key_id", default="k2", help="Alphanumeric id of the new key.")
def keys_new(key_id: str) -> None:
    """Print a new random key; put it first in PORTAL_DATA_KEYS, then run `keys rotate`."""
    from portal.crypto import new_key_spec

    click.echo(new_key_spec(key_id))


@keys_cli.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every sealed field that is not yet under the current key."""
    from portal.models import rotate_all

    counts = rotate_all()
    for name, count in counts.items():
        click.echo(f"{name}: {count} value(s) re-encrypted")
    click.echo(f"done: {sum(counts.values())} value(s) now under the current key")


@retention_cli.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None, help="Override RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="Only list the accounts that are due.")
def retention_purge(days: int | None, dry_run: bool) -> None:
    """Erase employee accounts closed longer than the retention period (run it daily)."""
    from portal.account.retention import accounts_due, purge_closed_accounts

    period = days or current_app.config["RETENTION_DAYS"]
    if dry_run:
        due = accounts_due(period)
        click.echo(f"{len(due)} closed account(s) older than {period} days: {list(due)}")
        return
    erased = purge_closed_accounts(period)
    click.echo(f"erased {len(erased)} closed account(s) older than {period} days")
