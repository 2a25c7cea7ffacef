"""Field encryption for health free text: AES-GCM, bound to table, column and row.

A sealed value is stored as ``v1:<key id>:<base64 of nonce + ciphertext>``. The associated
data is ``<table>.<column>.<row key>``, so a value copied to another row or column does not
decrypt. Keys live outside the database: ``PORTAL_DATA_KEYS`` (``id:base64key,…``, the first
one encrypts) or, in development, a 0600 key file created in ``instance/`` on first run.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, current_app
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

log = logging.getLogger(__name__)

PREFIX = "v1"
NONCE_BYTES = 12


class DataKeyError(RuntimeError):
    """The data keys are missing or malformed."""


class DecryptionError(RuntimeError):
    """A sealed value could not be opened (wrong key, or moved to another row or column)."""


@dataclass(frozen=True)
class Keyring:
    """The data keys by id; ``current`` encrypts, all of them decrypt."""

    current: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, spec: str) -> Keyring:
        """Read ``id:base64key,id:base64key``; the first key is the current one."""
        keys: dict[str, bytes] = {}
        for part in (p.strip() for p in spec.split(",") if p.strip()):
            key_id, _, encoded = part.partition(":")
            try:
                key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            except ValueError as exc:
                raise DataKeyError(f"data key {key_id!r} is not base64") from exc
            if not key_id.isalnum() or len(key) != 32:
                raise DataKeyError(f"data key {key_id!r} must be an alphanumeric id and 32 bytes")
            keys[key_id] = key
        if not keys:
            raise DataKeyError("no data keys configured")
        return cls(current=next(iter(keys)), keys=keys)

    def seal(self, plaintext: str, context: str) -> str:
        """Encrypt plaintext with the current key, bound to context."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current]).encrypt(
            nonce, plaintext.encode(), context.encode()
        )
        return f"{PREFIX}:{self.current}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, token: str, context: str) -> str:
        """Decrypt a sealed value; raise DecryptionError when it does not belong here."""
        try:
            prefix, key_id, encoded = token.split(":", 2)
            blob = base64.urlsafe_b64decode(encoded)
            key = self.keys[key_id]
            if prefix != PREFIX:
                raise ValueError(prefix)
            plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
        except Exception as exc:
            raise DecryptionError(f"cannot open value for {context.split('.')[0]}") from exc
        return plain.decode()

    def key_id_of(self, token: str) -> str:
        """Return the id of the key a value was sealed with."""
        return token.split(":", 2)[1]


def new_key_spec(key_id: str = "k1") -> str:
    """Return a fresh key in the PORTAL_DATA_KEYS format."""
    return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip('=')}"


def _development_keys(instance_path: Path) -> str:
    path = instance_path / "data-keys"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(new_key_spec() + "\n")
        log.warning("created a development data key file at %s", path)
    if path.stat().st_mode & 0o077:
        raise DataKeyError(f"{path} must be readable by its owner only (chmod 600)")
    return path.read_text().strip()


def init_crypto(app: Flask) -> None:
    """Load the keyring: from PORTAL_DATA_KEYS, or a development key file outside production."""
    spec = app.config.get("DATA_KEYS") or ""
    if not spec:
        if app.config["ENV"] == "production":
            raise DataKeyError("set PORTAL_DATA_KEYS in production")
        spec = _development_keys(Path(app.instance_path))
    app.extensions["keyring"] = Keyring.parse(spec)


def keyring() -> Keyring:
    """Return the current app's keyring."""
    ring: Keyring = current_app.extensions["keyring"]
    return ring


# --- models ------------------------------------------------------------------------------


def new_row_key() -> str:
    """Return a random key that ties sealed values to their row (known before insert)."""
    return secrets.token_hex(16)


class SealedRow:
    """Mixin for models with sealed fields: a random row key, set as soon as it is needed."""

    #: Random per row; part of the associated data of every sealed value in the row.
    row_key: Mapped[str] = mapped_column(String(32), default=new_row_key)


#: Every sealed field: (model class, attribute name, column attribute name).
SEALED_FIELDS: list[tuple[type, str, str]] = []


class Sealed:
    """A model attribute that stores its text encrypted in another (Text) column.

    ``note = Sealed("note_sealed")`` reads and writes plain text through ``obj.note``
    while the database only ever holds ``obj.note_sealed``.
    """

    def __init__(self, column: str) -> None:
        self.column = column
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        SEALED_FIELDS.append((owner, name, self.column))

    def context(self, obj: Any) -> str:
        """Return the associated data: table, column and row."""
        if getattr(obj, "row_key", None) is None:
            obj.row_key = new_row_key()
        return f"{obj.__tablename__}.{self.name}.{obj.row_key}"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        token = getattr(obj, self.column)
        return None if token is None else keyring().open(token, self.context(obj))

    def __set__(self, obj: Any, value: str | None) -> None:
        sealed = None if value is None else keyring().seal(value, self.context(obj))
        setattr(obj, self.column, sealed)


class SealedJson:
    """A dict kept as JSON in a sealed text attribute; nothing stored reads as {}.

    ``snapshot = SealedJson("snapshot_json")`` beside ``snapshot_json = Sealed(...)``.
    """

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        raw = getattr(obj, self.attribute)
        return {} if raw is None else dict(json.loads(raw))

    def __set__(self, obj: Any, value: dict[str, Any]) -> None:
        setattr(obj, self.attribute, json.dumps(value, ensure_ascii=False))


def sealed_fields() -> Iterator[tuple[type, str, str]]:
    """Yield every sealed field of every imported, mapped model (tables only)."""
    for model, name, column in SEALED_FIELDS:
        if hasattr(model, "__table__"):
            yield model, name, column
