"""Configuration: safe defaults, PORTAL_* environment variables, production checks."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production by check_production

ROOT = Path(__file__).resolve().parent.parent

#: Settings that may be set as PORTAL_<NAME> in the environment, with their types.
ENV_SETTINGS: dict[str, type] = {
    "ENV": str,
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "BASE_URL": str,
    "CONTENT_DIR": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_SENDER": str,
    "SESSION_COOKIE_SECURE": bool,
    "RATELIMIT_STORAGE_URI": str,
    "ARGON2_TIME_COST": int,
    "ARGON2_MEMORY_COST": int,
    "ARGON2_PARALLELISM": int,
    "IDLE_TIMEOUT_EMPLOYEE": int,
    "IDLE_TIMEOUT_STAFF": int,
    "ABSOLUTE_TIMEOUT": int,
    "LOG_LEVEL": str,
    "DATA_KEYS": str,
    "AUDIT_KEYS": str,
    "AUDIT_CHECKPOINT_FILE": str,
    "REQUIRE_2FA": str,
    "EVALUATION_MIN_GROUP": int,
    "RETENTION_DAYS": int,
    "PACING_MAX_DELAY_DAYS": int,
    "TRUSTED_PROXIES": int,
    "MAIL_OUTBOX_ONLY": bool,
    "MAIL_DELIVERY": str,
    "LOG_FORMAT": str,
    "METRICS_TOKEN": str,
    "PDF_MEMO_SECONDS": int,
}


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe or incomplete."""


def defaults(instance_path: Path) -> dict[str, Any]:
    """Return the default settings: a working development set-up with SQLite."""
    return {
        "ENV": "development",
        "SECRET_KEY": DEV_SECRET_KEY,
        "DATABASE_URL": "",
        "BASE_URL": "http://127.0.0.1:5000",
        "CONTENT_DIR": str(ROOT / "content"),
        "TRANSLATIONS_DIR": str(ROOT / "translations"),
        "OUTBOX_DIR": str(instance_path / "outbox"),
        "MAIL_SERVER": "",
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": "",
        "MAIL_PASSWORD": "",
        "MAIL_SENDER": "Eigen Regie <noreply@eigenregie.invalid>",
        "SESSION_COOKIE_NAME": "er_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the server-side session
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_ENABLED": True,
        # Argon2id: about 31 ms per check on the reference 2-core machine (README).
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_COST": 32768,
        "ARGON2_PARALLELISM": 2,
        "IDLE_TIMEOUT_EMPLOYEE": 30 * 60,
        "IDLE_TIMEOUT_STAFF": 15 * 60,
        "ABSOLUTE_TIMEOUT": 8 * 60 * 60,
        #: The forgotten-password page answers after this many seconds, whether the address
        #: is known or not (the known one's extra work must not show in the time).
        "RESET_ANSWER_SECONDS": 0.2,
        "PASSWORD_RESET_TTL": 60 * 60,
        "INVITATION_TTL": 14 * 24 * 60 * 60,
        "LOG_LEVEL": "INFO",
        #: Field-encryption keys "id:base64,…" (first encrypts); empty = development key file.
        "DATA_KEYS": "",
        #: Access-log MAC keys "id:base64,…" (first MACs); empty = derived from DATA_KEYS (HKDF).
        "AUDIT_KEYS": "",
        #: Where `flask audit checkpoint` appends signed checkpoints; empty = instance/.
        "AUDIT_CHECKPOINT_FILE": "",
        #: Who must use two-step login: "staff" (coach, professional, admin) or "all".
        "REQUIRE_2FA": "staff",
        #: Smallest group an evaluation figure is shown for (never below 5).
        "EVALUATION_MIN_GROUP": 10,
        #: Days after an employee account is closed before `flask retention purge` erases it.
        "RETENTION_DAYS": 365,
        #: How many days after a busy day the pacing check looks for a dip in energy (0-7).
        "PACING_MAX_DELAY_DAYS": 3,
        #: Reverse proxies in front of the app whose X-Forwarded-* headers are trusted
        #: (docs/operations.md). 0: none, the headers are ignored.
        "TRUSTED_PROXIES": 0,
        #: Production without PORTAL_MAIL_SERVER only when this says so explicitly: e-mails
        #: then stay queued in the outbox table (flask mail send needs a server to send them).
        "MAIL_OUTBOX_ONLY": False,
        #: "after-commit": send a transaction's e-mails right after it commits (development,
        #: tests: no scheduler needed); "queue": only `flask mail send` sends (production).
        "MAIL_DELIVERY": "",
        #: "text" or "json" (one JSON object per line, for log shipping).
        "LOG_FORMAT": "text",
        #: /metrics answers only with "Authorization: Bearer <this>"; empty: no /metrics.
        "METRICS_TOKEN": "",
        #: How long a worker keeps a rendered PDF in memory to send it again (0: never).
        "PDF_MEMO_SECONDS": 300,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
    }


def _parse(kind: type, raw: str) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Read PORTAL_* variables, converted to their declared types."""
    settings: dict[str, Any] = {}
    for name, kind in ENV_SETTINGS.items():
        raw = environ.get(f"PORTAL_{name}")
        if raw is not None and raw != "":
            try:
                settings[name] = _parse(kind, raw)
            except ValueError as exc:
                raise ConfigError(f"PORTAL_{name} must be a {kind.__name__}") from exc
    return settings


def load(instance_path: Path, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge defaults, environment and explicit overrides, then check the result."""
    config = defaults(instance_path)
    config.update(from_environment(os.environ))
    config.update(overrides or {})
    if not config["DATABASE_URL"] and config["ENV"] != "production":
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'portal.sqlite3'}"
    if not config["MAIL_DELIVERY"]:
        config["MAIL_DELIVERY"] = "queue" if config["ENV"] == "production" else "after-commit"
    check(config)
    return config


def check(config: Mapping[str, Any]) -> None:
    """Refuse to start with an unsafe or incomplete configuration."""
    if config["ENV"] not in {"development", "testing", "production"}:
        raise ConfigError("PORTAL_ENV must be development, testing or production")
    for folder in ("CONTENT_DIR", "TRANSLATIONS_DIR"):
        if not Path(config[folder]).is_dir():
            raise ConfigError(f"{folder} {config[folder]} does not exist")
    if config["REQUIRE_2FA"] not in {"staff", "all"}:
        raise ConfigError("PORTAL_REQUIRE_2FA must be staff or all")
    if config["RETENTION_DAYS"] < 1:
        raise ConfigError("PORTAL_RETENTION_DAYS must be at least 1")
    if config["LOG_FORMAT"] not in {"text", "json"}:
        raise ConfigError("PORTAL_LOG_FORMAT must be text or json")
    if config["METRICS_TOKEN"] and len(config["METRICS_TOKEN"]) < 24:
        raise ConfigError("PORTAL_METRICS_TOKEN must be at least 24 random characters")
    if config["MAIL_DELIVERY"] not in {"queue", "after-commit"}:
        raise ConfigError("PORTAL_MAIL_DELIVERY must be queue or after-commit")
    if not 0 <= config["TRUSTED_PROXIES"] <= 5:
        raise ConfigError("PORTAL_TRUSTED_PROXIES must be 0 to 5")
    if config["ENV"] != "production":
        return
    if config["SECRET_KEY"] == DEV_SECRET_KEY or len(config["SECRET_KEY"]) < 32:
        raise ConfigError("set PORTAL_SECRET_KEY to a random value of at least 32 characters")
    if not config["DATABASE_URL"]:
        raise ConfigError("set PORTAL_DATABASE_URL in production")
    if not config["SESSION_COOKIE_SECURE"]:
        raise ConfigError("PORTAL_SESSION_COOKIE_SECURE must be on in production (TLS)")
    if config["SESSION_COOKIE_SAMESITE"] not in {"Lax", "Strict"}:
        raise ConfigError("session cookie must be SameSite=Lax or Strict")
    if not config["SESSION_COOKIE_HTTPONLY"]:
        raise ConfigError("session cookie must be HttpOnly")
    if not config["BASE_URL"].startswith("https://"):
        raise ConfigError("PORTAL_BASE_URL must be an https:// address in production")
    if not config["MAIL_SERVER"] and not config["MAIL_OUTBOX_ONLY"]:
        raise ConfigError(
            "set PORTAL_MAIL_SERVER in production (or PORTAL_MAIL_OUTBOX_ONLY=1 to keep e-mails "
            "queued in the database without sending them)"
        )
