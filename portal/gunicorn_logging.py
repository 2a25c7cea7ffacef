"""gunicorn's access log without secrets: tokens in paths and query strings are left out.

Secret links carry their token in the path: the calendar feed (`/tijdlijn/agenda/<token>.ics`),
the password reset (`/wachtwoord-herstellen/<token>`) and the e-mail confirmation
(`/account/e-mailadres/bevestigen/<token>`). Anyone who reads the access log (log shipping,
an operator) could otherwise use them. `RedactingLogger` (deploy/gunicorn.conf.py) replaces
them with `[token]` in the request line, the path and the Referer, and drops query strings.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

SECRET_PATHS = re.compile(
    r"(?P<prefix>/(?:tijdlijn/agenda|wachtwoord-herstellen|account/e-mailadres/bevestigen)/)"
    r"(?P<token>[^/?#\s\"]+?)(?P<suffix>\.ics)?(?=[/?#\s\"]|$)"
)
QUERY = re.compile(r"\?[^\s\"#]*")


def redact(text: str) -> str:
    """Replace secret tokens in a path, request line or URL, and drop query strings."""
    text = QUERY.sub("?[query]", text)
    return SECRET_PATHS.sub(lambda m: f"{m['prefix']}[token]{m['suffix'] or ''}", text)


class RedactingLogger(Logger):
    """gunicorn's logger with the secret-bearing atoms redacted."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        if atoms.get("q"):
            atoms["q"] = "[query]"
        atoms.pop("{cookie}i", None)
        atoms.pop("{authorization}i", None)
        return atoms
