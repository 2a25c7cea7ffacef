"""A small HTTP client for the crash test: a cookie jar, forms, no automatic redirects."""

from __future__ import annotations

import http.client
import re
import threading
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pyotp

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
#: What a request raises when the server is gone (killed) before it answered.
GONE = (OSError, http.client.HTTPException)


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, redirect target (path only) and body text."""

    status: int
    location: str
    body: str


class Browser:
    """One person's browser: keeps the session cookie, sends forms, follows nothing itself."""

    def __init__(self, port: int, timeout: float = 15.0) -> None:
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.lock = threading.Lock()
        #: Reads this login session has had served; the portal logs each once per session,
        #: and the session outlives the server restarts between rounds.
        self.served_reads: set[str] = set()

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        """Send one request on a fresh connection; raise one of GONE if the server is gone."""
        headers = {"User-Agent": "crash-test", "Connection": "close"}
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            location = urllib.parse.urlsplit(response.getheader("Location") or "").path
            return Answer(response.status, location, text)
        finally:
            conn.close()

    def _keep_cookies(self, headers: list[str]) -> None:
        with self.lock:
            for header in headers:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)

    def get(self, path: str) -> Answer:
        """GET a page."""
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Answer:
        """POST a form with this session's CSRF token."""
        return self.request("POST", path, {"csrf_token": self.token, **form})

    def fetch_token(self, path: str = "/account/") -> str:
        """Read the CSRF token from a page with a form and keep it."""
        answer = self.get(path)
        match = CSRF_RE.search(answer.body)
        if match is None:
            raise RuntimeError(f"no CSRF token on {path} (status {answer.status})")
        self.token = match.group(1)
        return self.token

    def log_in(self, email: str, password: str, totp_secret: str | None = None) -> None:
        """Log in through the real forms, with the code step for staff."""
        self.fetch_token("/inloggen")
        answer = self.post("/inloggen", {"email": email, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"login of {email} answered {answer.status}")
        if answer.location == "/inloggen/code":
            if totp_secret is None:
                raise RuntimeError(f"{email} needs a code but has no secret")
            self.fetch_token("/inloggen/code")
            answer = self.post("/inloggen/code", {"code": pyotp.TOTP(totp_secret).now()})
            if answer.status != 302 or answer.location.startswith("/inloggen"):
                raise RuntimeError(f"code step of {email} answered {answer.status}")
        self.fetch_token()
