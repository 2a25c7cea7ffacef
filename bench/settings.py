"""Settings shared by the dataset generator, the benchmark app and the load test."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / ".data"
RESULTS = BENCH / "results"

#: Fixed field-encryption key of the benchmark data (the data is generated, never real).
DATA_KEYS = "bench:YmVuY2gtb25seS1rZXktbm90LWZvci1yZWFsLWRhdGE"
SECRET_KEY = "bench-only-secret-key-0123456789abcdef-not-for-real-use"
#: Every generated account has this password; staff have this TOTP secret.
PASSWORD = "bench wachtwoord voor iedereen"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
EMAIL_DOMAIN = "bench.example.com"


def employee_email(index: int) -> str:
    """Return the address of the index-th generated employee (0 is the main bench user)."""
    return f"werknemer{index:05d}@{EMAIL_DOMAIN}"


def coach_email(index: int) -> str:
    """Return the address of the index-th coach."""
    return f"coach{index:04d}@{EMAIL_DOMAIN}"


def professional_email(index: int) -> str:
    """Return the address of the index-th professional (bedrijfsarts)."""
    return f"arts{index:04d}@{EMAIL_DOMAIN}"


def app_config(database_url: str) -> dict[str, Any]:
    """Production settings, as deployed, except that login rate limits are off.

    Rate limits are switched off so that logging in the test users (and the load test's
    50 users, all from 127.0.0.1) is not refused; no measured page is rate limited.
    """
    return {
        "ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "BASE_URL": "https://bench.invalid",
        "SESSION_COOKIE_SECURE": True,
        "DATA_KEYS": DATA_KEYS,
        "RATELIMIT_ENABLED": False,
        "MAIL_OUTBOX_ONLY": True,
        "LOG_LEVEL": os.environ.get("PORTAL_LOG_LEVEL", "WARNING"),
        "OUTBOX_DIR": str(DATA / "outbox"),
    }
