"""Accounts, employee profiles, server-side sessions and password-reset tokens."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.crypto import Sealed, SealedRow
from portal.db import Base, UTCDateTime, db, str_enum, utcnow


class Role(enum.StrEnum):
    """The four kinds of account; the employer is deliberately not one of them."""

    EMPLOYEE = "employee"
    COACH = "coach"
    PROFESSIONAL = "professional"
    ADMIN = "admin"


class Theme(enum.StrEnum):
    """Display themes a user can choose."""

    AUTO = "auto"
    CALM = "calm"
    DARK = "dark"


class User(Base):
    """A person with an account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; unique, so e-mail addresses are case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: When an administrator closed the account; the retention job erases it some time later.
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Display option: everything about 125% larger.
    is_text_large: Mapped[bool] = mapped_column(Boolean, default=False)
    theme: Mapped[Theme] = mapped_column(str_enum(Theme, "theme"), default=Theme.AUTO)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Failed logins since failed_login_since (the 60-second window of the lockout rule).
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_login_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: Lockouts in a row; each one lasts twice as long as the one before (capped).
    lockout_count: Mapped[int] = mapped_column(Integer, default=0)

    profile: Mapped[EmployeeProfile | None] = relationship(
        back_populates="user", uselist=False, cascade="all, delete-orphan", lazy="raise"
    )

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        """Tell Flask-Login this is a logged-in user."""
        return True

    @property
    def is_anonymous(self) -> bool:
        """Tell Flask-Login this is not the anonymous user."""
        return False

    def get_id(self) -> str:
        """Return the id as a string (Flask-Login protocol)."""
        return str(self.id)

    @property
    def is_staff(self) -> bool:
        """Return whether this is a coach, professional or admin (shorter idle timeout)."""
        return self.role is not Role.EMPLOYEE

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class EmployeeProfile(Base):
    """What an employee tells the portal about their absence and preferences."""

    __tablename__ = "employee_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    #: First day of sick leave (day 1 of week 1); None until the employee enters it.
    sick_since: Mapped[dt.date | None] = mapped_column(Date)
    contract_hours: Mapped[int | None] = mapped_column(Integer)
    job_title: Mapped[str | None] = mapped_column(String(100))
    #: Weeks between coach check-ins the employee prefers (2, 4 or 6).
    checkin_every_weeks: Mapped[int] = mapped_column(Integer, default=4)
    checkin_form: Mapped[str] = mapped_column(String(10), default="chat")
    #: SHA-256 of the secret in the employee's calendar-feed link; None when there is none.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    user: Mapped[User] = relationship(back_populates="profile")


class UserSession(Base):
    """A server-side login session; the cookie only carries a random token."""

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the random token in the session cookie; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Browser description for the "my sessions" list, truncated.
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship(lazy="joined")


class PasswordResetToken(Base):
    """A single-use, time-limited password-reset link."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class EmailChange(Base):
    """A request to move an account to a new e-mail address, confirmed from that inbox."""

    __tablename__ = "email_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    new_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


def user_by_email(email: str) -> User | None:
    """Find an account by e-mail address, case-insensitively."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def normalise_email(email: str) -> str:
    """Return the canonical (trimmed, lower-case) form of an e-mail address."""
    return email.strip().lower()


def count_users_by_role() -> dict[Role, int]:
    """Count active accounts per role (admin overview)."""
    rows = db.session.execute(
        select(User.role, func.count()).where(User.is_active.is_(True)).group_by(User.role)
    )
    counts = {role: 0 for role in Role}
    counts.update({role: n for role, n in rows})
    return counts


class PendingLogin(Base):
    """Someone passed the password step and still has to give a code."""

    __tablename__ = "pending_logins"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of the random token in the cookie; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Where to go after the code (already checked to be a local path).
    next_url: Mapped[str | None] = mapped_column(String(500))


class TwoFactor(SealedRow, Base):
    """A user's TOTP secret (sealed); confirmed_at is None while it is being set up."""

    __tablename__ = "two_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret_sealed: Mapped[str | None] = mapped_column(Text)
    secret = Sealed("secret_sealed")
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: The last TOTP time step accepted; a code of that step or earlier never works again.
    last_step: Mapped[int] = mapped_column(Integer, default=0)


class RecoveryCode(Base):
    """One single-use recovery code, stored as a hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
