"""A share by code: a frozen snapshot for a person without an account, found by a link token."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.crypto import Sealed, SealedJson, SealedRow
from portal.db import Base, UTCDateTime, db, utcnow


class CodeShare(SealedRow, Base):
    """What the employee shared with someone without an account, and how it was used.

    The link's token and the code are stored only as hashes; the recipient's name, role and
    organisation are sealed like other personal text.
    """

    __tablename__ = "code_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the random token in the link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: HMAC of the short code, keyed by the app secret and this row.
    code_hash: Mapped[str] = mapped_column(String(64))
    recipient_name_sealed: Mapped[str | None] = mapped_column(Text)
    recipient_name = Sealed("recipient_name_sealed")
    recipient_role_sealed: Mapped[str | None] = mapped_column(Text)
    recipient_role = Sealed("recipient_role_sealed")
    recipient_org_sealed: Mapped[str | None] = mapped_column(Text)
    recipient_org = Sealed("recipient_org_sealed")
    title_sealed: Mapped[str | None] = mapped_column(Text)
    title = Sealed("title_sealed")
    #: JSON of the frozen dossier items (see portal.codeshare.services.freeze).
    snapshot_sealed: Mapped[str | None] = mapped_column(Text)
    snapshot_json = Sealed("snapshot_sealed")
    snapshot = SealedJson("snapshot_json")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    is_one_time: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Set when too many wrong codes were tried; the link stays closed.
    locked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    open_count: Mapped[int] = mapped_column(Integer, default=0)
    first_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def status(self, now: dt.datetime) -> str:
        """Return "revoked", "locked", "expired", "used" or "active"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.locked_at is not None:
            return "locked"
        if self.expires_at <= now:
            return "expired"
        if self.is_one_time and self.first_opened_at is not None:
            return "used"
        return "active"

    def can_show(self, now: dt.datetime) -> bool:
        """Return whether an already let-in visitor may still see it (not stopped or ended)."""
        return self.revoked_at is None and self.locked_at is None and self.expires_at > now


def code_shares_of(employee_id: int) -> Sequence[CodeShare]:
    """Return the employee's shares by code, newest first."""
    return db.session.scalars(
        select(CodeShare)
        .where(CodeShare.employee_id == employee_id)
        .order_by(CodeShare.created_at.desc(), CodeShare.id.desc())
    ).all()


def by_token_hash(token_hash: str) -> CodeShare | None:
    """Return the share a link token belongs to, if any."""
    return db.session.scalar(select(CodeShare).where(CodeShare.token_hash == token_hash))


def names_by_id(employee_id: int) -> dict[str, str]:
    """Return {share id: recipient name} for the access log of one employee."""
    return {str(share.id): share.recipient_name or "" for share in code_shares_of(employee_id)}
