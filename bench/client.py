"""A small HTTP client for the benchmark: one keep-alive connection, the session cookie.

The portal sets its cookie ``Secure`` (production settings); on loopback without TLS a
browser-like cookie jar would not send it back, so this client keeps the cookie itself.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field

import pyotp

from bench.settings import PASSWORD, TOTP_SECRET

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
COOKIE = "er_session"
TOTP_STEP = 30


@dataclass
class Reply:
    """One response: status, headers of interest, body."""

    status: int
    location: str
    body: bytes

    @property
    def text(self) -> str:
        """Return the body as text."""
        return self.body.decode(errors="replace")


@dataclass
class Client:
    """Keeps one connection and the session cookie of one person."""

    host: str
    port: int
    cookie: str = ""
    timeout: float = 30.0
    conn: http.client.HTTPConnection | None = field(default=None, repr=False)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        """Send one request; keep the session cookie it sets."""
        headers = {"User-Agent": "eigen-regie-bench"}
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith(COOKIE + "="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        return Reply(response.status, response.getheader("Location") or "", data)

    def get(self, path: str) -> Reply:
        """GET a page."""
        return self.request("GET", path)

    def csrf(self, path: str) -> str:
        """Fetch a page and return the CSRF token in its form."""
        match = CSRF_RE.search(self.get(path).text)
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1)

    def submit(self, path: str, data: dict[str, str], form_page: str | None = None) -> Reply:
        """POST a form with a fresh CSRF token taken from form_page (default: path)."""
        token = self.csrf(form_page or path)
        return self.request("POST", path, {"csrf_token": token, **data})

    def log_in(self, email: str, last_step: int = 0) -> int:
        """Log in through the real forms (password, then the TOTP code for staff).

        Return the TOTP step used (0 for none); pass it back for the next login of the
        same person, since a code's step can be used only once.
        """
        reply = self.submit("/inloggen", {"email": email, "password": PASSWORD})
        if reply.status != 302:
            raise RuntimeError(f"login of {email} failed: {reply.status}")
        if not reply.location.endswith("/inloggen/code"):
            return 0
        step = max(int(time.time()) // TOTP_STEP, last_step + 1)
        while step > int(time.time()) // TOTP_STEP + 1:
            time.sleep(1)  # both usable steps were used: wait for the next one
        code = pyotp.TOTP(TOTP_SECRET).at(step * TOTP_STEP)
        reply = self.submit("/inloggen/code", {"code": code}, form_page="/inloggen/code")
        if reply.status != 302 or reply.location.endswith("/inloggen/code"):
            raise RuntimeError(f"code step of {email} failed: {reply.status}")
        return step

    def close(self) -> None:
        """Close the connection."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None
