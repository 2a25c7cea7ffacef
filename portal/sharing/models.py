"""Shares (frozen snapshots for one recipient), replies with advice, and the draft between steps."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ColumnElement, Date, ForeignKey, Index, SmallInteger, String, Text, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.crypto import Sealed, SealedJson, SealedRow
from portal.db import Base, UTCDateTime, str_enum, utcnow
from portal.links.models import CareLink


class Share(SealedRow, Base):
    """A frozen snapshot of chosen sections, for one linked coach or professional.

    The snapshot holds the sections exactly as rendered data, never references, so later
    edits of the logbook, talks or answers do not change what was shared.
    """

    __tablename__ = "shares"
    __table_args__ = (
        Index("ix_shares_employee_id_created_at", "employee_id", "created_at"),
        Index("ix_shares_recipient_id_created_at", "recipient_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: The care link the share went through; it must still be active on every read.
    link_id: Mapped[int] = mapped_column(ForeignKey("care_links.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Comma-separated section keys ("work,logbook"): which parts, never their content.
    section_keys: Mapped[str] = mapped_column(String(200), default="")
    title_sealed: Mapped[str | None] = mapped_column(Text)
    title = Sealed("title_sealed")
    #: JSON of the frozen sections (see portal.sharing.sections).
    snapshot_sealed: Mapped[str | None] = mapped_column(Text)
    snapshot_json = Sealed("snapshot_sealed")
    snapshot = SealedJson("snapshot_json")
    #: JSON of what the recipient's inbox shows to match the person to their own file:
    #: week of absence, talk date, and the identifiers the employee chose to add.
    meta_sealed: Mapped[str | None] = mapped_column(Text)
    meta_json = Sealed("meta_sealed")
    meta = SealedJson("meta_json")

    employee: Mapped[User] = relationship(foreign_keys=[employee_id], lazy="raise")
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id], lazy="raise")
    link: Mapped[CareLink] = relationship(lazy="raise")

    @property
    def sections(self) -> list[str]:
        """Return the keys of the shared sections, in order."""
        return [key for key in self.section_keys.split(",") if key]

    def is_live(self, now: dt.datetime) -> bool:
        """Return whether the share is neither revoked nor expired."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @classmethod
    def live_at(cls, now: dt.datetime) -> ColumnElement[bool]:
        """The rule of is_live as SQL, for queries: not revoked, no expiry or one ahead."""
        return and_(cls.revoked_at.is_(None), or_(cls.expires_at.is_(None), cls.expires_at > now))


class ShareReply(SealedRow, Base):
    """A note the recipient writes back; the employee reads it on the share page."""

    __tablename__ = "share_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body_sealed: Mapped[str | None] = mapped_column(Text)
    body = Sealed("body_sealed")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(lazy="raise")


class ShareDraft(SealedRow, Base):
    """The summary being composed, kept between the steps so nothing is lost (one per person)."""

    __tablename__ = "share_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    #: JSON: recipient, chosen sections, period, talk, and the texts per section.
    content_sealed: Mapped[str | None] = mapped_column(Text)
    content_json = Sealed("content_sealed")
    content = SealedJson("content_json")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AdviceKind(enum.StrEnum):
    """What a piece of structured advice is."""

    AGREEMENT = "agreement"
    NEXT_TALK = "next_talk"
    TREATER = "treater"
    #: A period of the build-up plan: from due_on, minutes_per_day on days_per_week.
    BUILD_UP = "build_up"


class AdviceState(enum.StrEnum):
    """Whether the employee took a piece of advice over into their agreements."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class ShareAdvice(SealedRow, Base):
    """One item of structured advice a professional sends with a reply to a share.

    Only the employee sees it, and only the employee takes it over into their own
    agreements (or declines it); the employer never reads it from here.
    """

    __tablename__ = "share_advice"

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(
        ForeignKey("share_replies.id", ondelete="CASCADE"), index=True
    )
    share_id: Mapped[int] = mapped_column(ForeignKey("shares.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AdviceKind] = mapped_column(str_enum(AdviceKind, "advice_kind", 20))
    #: The order on the reply form.
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    #: What to do or what to ask the treater; empty for the next talk date.
    text_sealed: Mapped[str | None] = mapped_column(Text)
    text = Sealed("text_sealed")
    #: The due date of an agreement, the date of the next talk, or when a build-up starts.
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    #: A build-up period's hours a day (in minutes) and days a week; empty for other kinds.
    minutes_per_day: Mapped[int | None] = mapped_column(SmallInteger)
    days_per_week: Mapped[int | None] = mapped_column(SmallInteger)
    state: Mapped[AdviceState] = mapped_column(
        str_enum(AdviceState, "advice_state", 20), default=AdviceState.OPEN
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The employee's agreement made from it when accepted (gone if they delete it); a
    #: build-up period goes into the build-up plan instead.
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("consult_agreements.id", ondelete="SET NULL"), index=True
    )

    reply: Mapped[ShareReply] = relationship(lazy="raise")

    @property
    def hours_per_day(self) -> float:
        """Return a build-up period's hours a day (0 for other kinds)."""
        return (self.minutes_per_day or 0) / 60
