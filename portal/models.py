"""Import every feature's models so metadata (Alembic, tests) knows all tables."""

from __future__ import annotations


def import_all() -> None:
    """Import all model modules; registering them on Base.metadata is the side effect."""
    import portal.audit.models
    import portal.auth.models
    import portal.auth.pending
    import portal.auth.twofactor
    import portal.coach.models
    import portal.codeshare.models
    import portal.consults.models
    import portal.dossier.models
    import portal.evaluation.models
    import portal.feedback.models
    import portal.learning.models
    import portal.links.models
    import portal.logbook.buildup
    import portal.logbook.capacity
    import portal.logbook.crashmarks
    import portal.logbook.models
    import portal.messages.models
    import portal.outbox
    import portal.sharing.models
    import portal.timeline.models  # noqa: F401
