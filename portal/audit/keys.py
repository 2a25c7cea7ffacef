"""The audit key (MACs the access-log chain) and checkpoints kept outside the database.

The key never lives in the database. It is PORTAL_AUDIT_KEYS (same format as
PORTAL_DATA_KEYS: ``id:base64key,…``, the first one MACs new rows, all of them verify) or,
when that is not set, derived from each data key with HKDF-SHA256 (info "eigen-regie
access-log chain v2"), under the same key id. Whoever changes the database alone can then
neither rewrite a row and recompute the chain nor forge a checkpoint.

A checkpoint (``flask audit checkpoint``, run periodically like the retention job) appends
one signed line (seq, last MAC, time) to a file outside the database (PORTAL_AUDIT_CHECKPOINT_FILE,
default ``instance/audit-checkpoints.jsonl``, mode 0600) and writes the same line to the
operator's log. ``flask audit verify`` checks the chain against every checkpoint, so rows
removed from the end (and the head moved back) show as soon as a checkpoint covered them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from portal.crypto import Keyring, keyring
from portal.db import utcnow

log = logging.getLogger(__name__)

HKDF_INFO = b"eigen-regie access-log chain v2"


def audit_keyring() -> Keyring:
    """Return the audit keys: PORTAL_AUDIT_KEYS, or derived from the data keys."""
    ring: Keyring | None = current_app.extensions.get("audit_keyring")
    if ring is not None:
        return ring
    spec = current_app.config.get("AUDIT_KEYS") or ""
    if spec:
        ring = Keyring.parse(spec)
    else:
        data = keyring()
        ring = Keyring(
            current=data.current,
            keys={
                key_id: HKDF(algorithm=SHA256(), length=32, salt=None, info=HKDF_INFO).derive(key)
                for key_id, key in data.keys.items()
            },
        )
    current_app.extensions["audit_keyring"] = ring
    return ring


def checkpoint_path() -> Path:
    """Return the file the checkpoints are appended to."""
    configured = current_app.config.get("AUDIT_CHECKPOINT_FILE") or ""
    return (
        Path(configured)
        if configured
        else Path(current_app.instance_path) / ("audit-checkpoints.jsonl")
    )


def _mac(key: bytes, seq: int, row_hash: str, at: str) -> str:
    data = json.dumps(["checkpoint", seq, row_hash, at], separators=(",", ":")).encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def write_checkpoint(seq: int, row_hash: str) -> dict[str, Any]:
    """Append a signed checkpoint of the chain's end to the file and to the log."""
    ring = audit_keyring()
    at = utcnow().isoformat(timespec="seconds")
    line = {
        "seq": seq,
        "row_hash": row_hash,
        "at": at,
        "key_id": ring.current,
        "mac": _mac(ring.keys[ring.current], seq, row_hash, at),
    }
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, separators=(",", ":")) + "\n")
    log.warning("access-log checkpoint %s", json.dumps(line, separators=(",", ":")))
    return line


def read_checkpoints() -> tuple[list[dict[str, Any]], list[str]]:
    """Return the checkpoints whose signature holds, and a problem for each that does not."""
    path = checkpoint_path()
    if not path.exists():
        return [], []
    ring = audit_keyring()
    good: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            key = ring.keys[line["key_id"]]
            valid = hmac.compare_digest(
                _mac(key, int(line["seq"]), str(line["row_hash"]), str(line["at"])),
                str(line["mac"]),
            )
        except (ValueError, KeyError, TypeError):
            valid = False
        if valid:
            good.append(line)
        else:
            problems.append(f"checkpoint line {number}: not signed with a known audit key")
    return good, problems
