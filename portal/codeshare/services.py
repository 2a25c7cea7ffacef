"""Making, checking and logging shares by code."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any, cast

from flask import current_app, session
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal import clock
from portal.audit.services import record_access
from portal.auth.models import User
from portal.auth.throttle import MAX_FAILURES
from portal.codeshare.models import CodeShare, by_token_hash
from portal.crypto import new_row_key
from portal.dossier.services import Item
from portal.dossier.services import thaw as thaw_items

log = logging.getLogger(__name__)

#: No 0/O, 1/I/L: easy to read aloud and type from a phone call or a text message.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_DAYS = 30
DEFAULT_DAYS = 7
#: How long a visitor who gave the right code may keep reading and download the PDF.
PASS_SECONDS = 30 * 60
#: Session key for the link and code, shown to the employee once, right after making the share.
ONCE = "code_share_once"


def hash_token(token: str) -> str:
    """Return the stored form of a link token."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise(code: str) -> str:
    """Read a code as typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


def hash_code(share: CodeShare, code: str) -> str:
    """Return the stored form of a code: an HMAC bound to the app secret and the row."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{share.row_key}:{normalise(code)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def create(
    employee: User,
    *,
    name: str,
    role: str,
    organisation: str | None,
    days: int,
    is_one_time: bool,
    title: str,
    snapshot: dict[str, Any],
) -> tuple[CodeShare, str, str]:
    """Make a share by code of a composed summary; return it, the link token and the code.

    The code is shown once; only its HMAC is stored.
    """
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    moment = clock.now()
    share = CodeShare(
        employee_id=employee.id,
        token_hash=hash_token(token),
        created_at=moment,
        expires_at=moment + dt.timedelta(days=days),
        is_one_time=is_one_time,
        row_key=new_row_key(),  # the code's hash is bound to it, so it must exist now
    )
    share.code_hash = hash_code(share, code)
    share.recipient_name, share.recipient_role = name, role
    share.recipient_org = organisation or None
    share.title = title
    share.snapshot = {**snapshot, "owner": employee.name}
    return share, token, f"{code[:4]}-{code[4:]}"


def show_once(share: CodeShare, token: str, code: str) -> None:
    """Keep the link and code for the one page that shows them to the employee."""
    session[ONCE] = {"id": share.id, "token": token, "code": code}


def find(token: str) -> CodeShare | None:
    """Return the share a link token opens, whatever its state."""
    if not token or len(token) > 100:
        return None
    return by_token_hash(hash_token(token))


def check_code(share: CodeShare, code: str, moment: dt.datetime) -> bool:
    """Check a code; count a wrong one and lock the link at the limit (the caller commits)."""
    expected = share.code_hash
    if hmac.compare_digest(expected, hash_code(share, code)):
        return True
    share.failed_count += 1
    if share.failed_count >= MAX_FAILURES:
        share.locked_at = moment
        log.warning("code share %s locked after %s wrong codes", share.id, share.failed_count)
    return False


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="code-share-pass")


def make_pass(share: CodeShare) -> str:
    """Return a short-lived signed pass for this share, carried in the page's forms."""
    return _serializer().dumps({"s": share.id, "t": share.token_hash[:16]})


def pass_is_valid(share: CodeShare, value: str) -> bool:
    """Return whether a pass was made for this share in the last half hour."""
    try:
        data = _serializer().loads(value, max_age=PASS_SECONDS)
    except BadSignature:
        return False
    return isinstance(data, dict) and data == {"s": share.id, "t": share.token_hash[:16]}


@dataclass(frozen=True)
class _Role:
    value: str


@dataclass(frozen=True)
class CodeViewer:
    """The person without an account, as the access log records them: no user id."""

    #: The name the employee gave the recipient, kept sealed in the log as it was then.
    name: str = ""
    id: int = 0
    role: _Role = _Role("code")


def log_use(share: CodeShare, event: str, moment: dt.datetime) -> None:
    """Write the open or download to the employee's access log and count it (caller commits)."""
    record_access(
        event=event,
        employee_id=share.employee_id,
        object_type="code_share",
        object_id=share.id,
        actor=cast(User, CodeViewer(name=share.recipient_name or "")),
    )
    if event == "codeshare.opened":
        share.open_count += 1
        share.first_opened_at = share.first_opened_at or moment
        share.last_opened_at = moment


def thaw(snapshot: dict[str, Any]) -> list[Item]:
    """Return the dossier items of a share made before summaries could be shared by code."""
    return thaw_items(snapshot.get("items", []))
