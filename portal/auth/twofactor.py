"""Two-step login with TOTP (pyotp) and hashed, single-use recovery codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select

from portal.auth.models import RecoveryCode, Role, TwoFactor, User
from portal.db import db, utcnow

log = logging.getLogger(__name__)

ISSUER = "Eigen Regie"
RECOVERY_CODES = 10
STEP = 30  # seconds per TOTP code


def required(user: User) -> bool:
    """Return whether this user must use two-step login (staff always; all if configured)."""
    return user.role is not Role.EMPLOYEE or current_app.config["REQUIRE_2FA"] == "all"


def of(user_id: int) -> TwoFactor | None:
    """Return the user's two-step state, confirmed or being set up."""
    return db.session.get(TwoFactor, user_id)


def is_enabled(user_id: int) -> bool:
    """Return whether two-step login is switched on for this user."""
    state = of(user_id)
    return state is not None and state.confirmed_at is not None


def begin_setup(user: User) -> TwoFactor:
    """Start (or restart) setting up: a new secret that works once confirmed with a code."""
    state = of(user.id) or TwoFactor(user_id=user.id)
    state.secret = pyotp.random_base32()
    state.confirmed_at, state.last_step = None, 0
    db.session.add(state)
    return state


def qr_code(user: User, secret: str) -> str:
    """Return the enrolment QR code as an SVG data URI (no external request, CSP-safe)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def check_code(state: TwoFactor, code: str, now: dt.datetime | None = None) -> bool:
    """Accept a TOTP code of this, the previous or the next step, each step only once."""
    code = _normalise(code)
    if state.secret is None or not (len(code) == 6 and code.isdigit()):
        return False
    totp = pyotp.TOTP(state.secret)
    current = int((now or utcnow()).timestamp()) // STEP
    for step in (current - 1, current, current + 1):
        if step > state.last_step and secrets.compare_digest(totp.at(step * STEP), code):
            state.last_step = step
            return True
    return False


def confirm(state: TwoFactor, code: str) -> list[str] | None:
    """Switch two-step login on with a first valid code; return new recovery codes (once)."""
    if not check_code(state, code):
        return None
    state.confirmed_at = utcnow()
    log.info("user %s switched two-step login on", state.user_id)
    return new_recovery_codes(state.user_id)


def new_recovery_codes(user_id: int) -> list[str]:
    """Replace the user's recovery codes; return the plain codes to show exactly once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(6)  # 48 bits each, used once, rate-limited and locked out
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(user_id=user_id, code_hash=_hash(raw)))
    return codes


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def use_recovery_code(user_id: int, code: str) -> bool:
    """Spend one unused recovery code of this user; False when there is none like it."""
    record = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if record is None:
        return False
    record.used_at = utcnow()
    log.info("user %s used a recovery code", user_id)
    return True


def unused_recovery_codes(user_id: int) -> int:
    """Count the recovery codes the user has left."""
    rows = db.session.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
        )
    )
    return len(rows.all())


def reset(user_id: int) -> None:
    """Remove two-step login and recovery codes (admin reset, or switching it off)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user_id))
