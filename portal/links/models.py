"""Care links: the only way a coach or professional ever reaches an employee."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ColumnElement, ForeignKey, Index, String, and_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.util import AliasedClass

from portal.auth.models import User
from portal.db import Base, UTCDateTime, db, str_enum, utcnow


class LinkKind(enum.StrEnum):
    """Who the employee is linked to."""

    COACH = "coach"
    PROFESSIONAL = "professional"


class LinkStatus(enum.StrEnum):
    """Life cycle of a link."""

    INVITED = "invited"
    ACTIVE = "active"
    ENDED = "ended"


class CareLink(Base):
    """A link between an employee and a coach or professional."""

    __tablename__ = "care_links"
    __table_args__ = (
        Index("ix_care_links_employee_id_status", "employee_id", "status"),
        Index("ix_care_links_carer_id_status", "carer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: The coach or professional; None while an invitation waits for an account.
    carer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: Address an invitation was sent to (lower-case), for professionals without an account yet.
    invited_email: Mapped[str | None] = mapped_column(String(254), index=True)
    kind: Mapped[LinkKind] = mapped_column(str_enum(LinkKind, "link_kind"))
    status: Mapped[LinkStatus] = mapped_column(str_enum(LinkStatus, "link_status"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    employee: Mapped[User] = relationship(foreign_keys=[employee_id], lazy="raise")
    carer: Mapped[User | None] = relationship(foreign_keys=[carer_id], lazy="raise")

    def is_open_for(self, carer: User) -> bool:
        """Return whether this coach or professional reaches the employee through the link now.

        Only the link's own carer, only while it is active, and only while the employee's
        account is open; checked on every request, so ending a link or closing the account
        takes effect at once. Needs `employee` loaded.
        """
        return (
            self.carer_id == carer.id
            and self.status is LinkStatus.ACTIVE
            and self.employee.is_active
        )

    @classmethod
    def open_for(
        cls, carer_id: int, employee: type[User] | AliasedClass[User]
    ) -> ColumnElement[bool]:
        """The rule of is_open_for as SQL; `employee` is the query's User row of the employee."""
        return and_(
            cls.carer_id == carer_id,
            cls.status == LinkStatus.ACTIVE,
            employee.id == cls.employee_id,
            employee.is_active.is_(True),
        )


def active_link(employee_id: int, carer_id: int) -> CareLink | None:
    """Return the active link between an employee and a coach or professional, if any."""
    return db.session.scalar(
        select(CareLink).where(
            CareLink.employee_id == employee_id,
            CareLink.carer_id == carer_id,
            CareLink.status == LinkStatus.ACTIVE,
        )
    )
