"""Every feature's models in one place: import them all, and re-seal them all on key rotation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from portal.crypto import PREFIX, keyring, sealed_fields
from portal.db import db


def import_all() -> None:
    """Import all model modules; registering them on Base.metadata is the side effect."""
    import portal.audit.models
    import portal.auth.models
    import portal.coach.models
    import portal.codeshare.models
    import portal.consults.models
    import portal.dossier.models
    import portal.evaluation.models
    import portal.feedback.models
    import portal.learning.models
    import portal.links.models
    import portal.logbook.models
    import portal.messages.models
    import portal.outbox
    import portal.sharing.models
    import portal.timeline.models  # noqa: F401


def rotate_all(batch_size: int = 500) -> dict[str, int]:
    """Re-seal, under the current key, every value sealed with an older one; commit per batch."""
    import_all()
    ring = keyring()
    current_prefix = f"{PREFIX}:{ring.current}:"
    counts: dict[str, int] = {}
    for model, name, column in sealed_fields():
        attribute = getattr(model, column)
        label = f"{model.__tablename__}.{name}"  # type: ignore[attr-defined]
        counts[label] = 0
        while True:
            rows: Sequence[Any] = db.session.scalars(
                select(model)
                .where(attribute.is_not(None), ~attribute.startswith(current_prefix))
                .limit(batch_size)
            ).all()
            if not rows:
                break
            for row in rows:
                setattr(row, name, getattr(row, name))  # open with its key, seal with the current
            db.session.commit()
            counts[label] += len(rows)
    return counts
