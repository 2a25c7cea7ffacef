"""Password hashing (Argon2id) and the password policy."""

from __future__ import annotations

import contextlib
from functools import cache
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 128


def _hasher() -> PasswordHasher:
    config = current_app.config
    key = (config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])
    return _hasher_for(*key)


@cache
def _hasher_for(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
    )


def hash_password(password: str) -> str:
    """Return an Argon2id hash of password."""
    return _hasher().hash(password)


#: A valid hash of a random password, checked for unknown e-mail addresses so that an
#: unknown account costs as much time as a wrong password.
_DUMMY: dict[tuple[int, int, int], str] = {}


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a hash in constant-ish time; None means no such account."""
    hasher = _hasher()
    if password_hash is None:
        key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
        if key not in _DUMMY:
            _DUMMY[key] = hasher.hash("not-a-real-password-at-all")
        password_hash = _DUMMY[key]
        with contextlib.suppress(VerificationError, InvalidHashError):
            hasher.verify(password_hash, password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return whether the hash was made with other parameters than configured now."""
    return _hasher().check_needs_rehash(password_hash)


@cache
def common_passwords() -> frozenset[str]:
    """Return the bundled list of common passwords (lower-case)."""
    text = resources.files("portal").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    """Return whether the password is on the common list (case-insensitive)."""
    return password.strip().lower() in common_passwords()
