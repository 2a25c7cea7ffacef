"""Access control in one place: policies on views, server-side sessions, headers."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, g, redirect, request, session, url_for
from flask_login import LoginManager, current_user
from sqlalchemy import Select, bindparam, delete, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import contains_eager

from portal.auth.models import Role, User, UserSession
from portal.db import Base, db, utcnow

log = logging.getLogger(__name__)

login_manager = LoginManager()

F = TypeVar("F", bound=Callable[..., Any])

#: Marker policy: reachable without logging in.
PUBLIC = "public"
ALL_ROLES = frozenset(Role)


def public(view: F) -> F:
    """Mark a view as reachable by anonymous visitors."""
    view.access_policy = PUBLIC  # type: ignore[attr-defined]
    return view


def roles(*allowed: Role) -> Callable[[F], F]:
    """Mark a view as reachable only by logged-in users with one of these roles."""

    def mark(view: F) -> F:
        view.access_policy = frozenset(allowed)  # type: ignore[attr-defined]
        return view

    return mark


#: Any logged-in user, whatever their role.
authenticated = roles(*Role)


def policy_of(endpoint: str) -> object | None:
    """Return the declared access policy of an endpoint (None when undeclared)."""
    if endpoint == "static":
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_policy", None)


def enforce_policy() -> Response | None:
    """Deny by default: check the current endpoint's policy before any view runs."""
    if request.endpoint is None:
        return None  # routing will answer 404/405
    policy = policy_of(request.endpoint)
    if policy is None:
        log.error("endpoint %s has no access policy; refusing", request.endpoint)
        abort(404)
    if (
        current_user.is_authenticated
        and request.endpoint not in TWO_STEP_SETUP_ENDPOINTS
        and needs_two_step_setup(current_user)
    ):
        return redirect(url_for("account.two_factor"))  # type: ignore[return-value]
    if policy == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    assert isinstance(policy, frozenset)
    if current_user.role not in policy:
        abort(404)
    return None


#: What someone who still has to set up two-step login may reach meanwhile.
TWO_STEP_SETUP_ENDPOINTS = frozenset(
    {"account.two_factor", "auth.logout", "static", "home.healthz", "home.crisis", "home.privacy"}
)


def needs_two_step_setup(user: User) -> bool:
    """Return whether the user must switch on two-step login before anything else."""
    from portal.auth import twofactor

    return twofactor.required(user) and not twofactor.is_enabled(user.id)


M = TypeVar("M", bound=Base)


def get_owned_or_404(model: type[M], object_id: int, owner_attr: str = "user_id") -> M:
    """Load an object the current user owns; anything else answers 404 (existence hidden)."""
    obj = db.session.get(model, object_id)
    if obj is None or getattr(obj, owner_attr) != current_user.id:
        abort(404)
    return obj


# --- server-side sessions ----------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_timeout(user: User) -> dt.timedelta:
    """Return how long a session of this user may be idle."""
    key = "IDLE_TIMEOUT_STAFF" if user.is_staff else "IDLE_TIMEOUT_EMPLOYEE"
    return dt.timedelta(seconds=current_app.config[key])


def start_session(user: User) -> None:
    """Log a user in: a fresh cookie session and a new server-side session record."""
    lang = session.get("lang")
    session.clear()  # new CSRF token, nothing carried over from before login
    if lang:
        session["lang"] = lang
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=_hash_token(token),
            user_id=user.id,
            user_agent=request.headers.get("User-Agent", "")[:200],
        )
    )
    user.last_login_at = utcnow()
    session["sid"] = token
    g.pop("_login_user", None)


def end_session() -> None:
    """Log out: remove the server-side record and clear the cookie session."""
    token = session.get("sid")
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == _hash_token(token)))
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def end_all_sessions(session_db: OrmSession, user_id: int, keep: int | None = None) -> int:
    """Remove a user's server-side sessions (all, or all but `keep`); return how many."""
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if keep is not None:
        query = query.where(UserSession.id != keep)
    return session_db.execute(query).rowcount or 0  # type: ignore[attr-defined]


def sessions_of(user_id: int) -> list[UserSession]:
    """Return a user's live sessions, most recently used first."""
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user_id)
            .order_by(UserSession.last_seen_at.desc())
        )
    )


@login_manager.request_loader
def load_user_from_session(_request: Any) -> User | None:
    """Return the user of a live server-side session; expire idle and old sessions."""
    token = session.get("sid")
    if not token:
        return None
    row = db.session.execute(_session_query(), {"token_hash": _hash_token(token)}).first()
    if row is None:
        session.pop("sid", None)
        g.session_expired = True
        return None
    record, unread = row
    user, now = record.user, utcnow()
    absolute = dt.timedelta(seconds=current_app.config["ABSOLUTE_TIMEOUT"])
    if (
        not user.is_active
        or now - record.last_seen_at > idle_timeout(user)
        or now - record.created_at > absolute
    ):
        db.session.delete(record)
        db.session.commit()
        session.pop("sid", None)
        g.session_expired = True
        return None
    if now - record.last_seen_at > dt.timedelta(seconds=60):
        record.last_seen_at = now
        db.session.commit()
    g.user_session_id = record.id
    from portal.messages.services import remember_unread

    remember_unread(user, unread)
    return user


_SESSION_QUERY: list[Select[tuple[UserSession, int]]] = []


def _session_query() -> Select[tuple[UserSession, int]]:
    """Return the session lookup, built once: the session, its user with the employee
    profile (most employee pages read it) and the user's unread messages (the navigation
    badge on every page), all in one statement."""
    if not _SESSION_QUERY:
        from portal.messages.services import unread_column

        _SESSION_QUERY.append(
            select(UserSession, unread_column())
            .join(UserSession.user)
            .where(UserSession.token_hash == bindparam("token_hash"))
            .options(contains_eager(UserSession.user).joinedload(User.profile))
        )
    return _SESSION_QUERY[0]


@login_manager.unauthorized_handler
def to_login() -> Response:
    """Send an anonymous visitor to the login page, remembering where they were going."""
    target = request.full_path if request.method == "GET" else None
    if target and target.endswith("?"):
        target = target[:-1]
    reason = "expired" if g.get("session_expired") else None
    return redirect(url_for("auth.login", next=target, reason=reason))  # type: ignore[return-value]


def safe_next(target: str | None) -> str | None:
    """Return target only when it is a relative path on this site."""
    if not target or not target.startswith("/") or "\\" in target:
        return None
    # Browsers drop tabs and newlines, so "/\t/evil.example" would become "//evil.example".
    if any(c.isspace() or ord(c) < 32 for c in target) or target.startswith("//"):
        return None
    return target


# --- response headers -----------------------------------------------------------------------

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


def set_security_headers(response: Response) -> Response:
    """Add the security headers to every response, error pages included."""
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def init_security(app: Flask) -> None:
    """Wire login manager, deny-by-default and headers into the app."""
    login_manager.init_app(app)
    login_manager.session_protection = None  # our server-side sessions do this job
    app.before_request(enforce_policy)
    app.after_request(set_security_headers)
