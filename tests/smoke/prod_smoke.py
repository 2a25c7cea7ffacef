"""`make prod-smoke`: the production topology on one machine, without containers.

PostgreSQL (bin/pg-tmp, started by the Makefile), Redis, a local SMTP server, two gunicorn
servers with deploy/gunicorn.conf.py and production settings, and a small reverse proxy in
front of them that speaks for a TLS terminator (X-Forwarded-For/-Proto/-Host, X-Request-Id).
Through the proxy it logs in as an employee, writes a logbook entry, sends the coach a
message, shares a summary with them (e-mail notices) and plans a talk with reminders on,
then runs two overlapping `flask reminders send` schedulers (and a third one after them) and
`flask mail send`, and checks that every e-mail arrived exactly once (the talk reminder and
the check-in reminders included), that both servers answered, that /healthz is ok and that
the logs hold no password or address. Each server runs two workers with its own
PROMETHEUS_MULTIPROC_DIR (holding a stale count from an "earlier run"): after a burst of
parallel requests both workers of each server have counted, and each server's /metrics adds
up to exactly the requests the proxy sent it.

Every address is on 127.0.0.1; every loop is bounded. Exit 0 on success.
"""

from __future__ import annotations

import datetime as dt
import http.client
import itertools
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zoneinfo
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PUBLIC_HOST = "portal.smoke.invalid"
PASSWORD = "smoke-test-password-2026"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on port {port} after {seconds} s")


class Mailbox:
    """aiosmtpd handler: collects messages."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


class Proxy(BaseHTTPRequestHandler):
    """Round-robin reverse proxy, as a TLS terminator in front of the app servers would be."""

    backends: itertools.cycle[int]
    lock = threading.Lock()
    #: How many requests each app server was sent (port -> count).
    sent: dict[int, int] = {}

    def log_message(self, *_args: Any) -> None:  # no access log: it would hold secret links
        return

    def _forward(self) -> None:
        with self.lock:
            port = next(self.backends)
            self.sent[port] = self.sent.get(port, 0) + 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
        headers.update(
            {
                "Host": f"127.0.0.1:{port}",  # the proxy rewrites Host
                "X-Forwarded-For": "203.0.113.9",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Host": PUBLIC_HOST,
                "X-Request-Id": secrets.token_hex(8),
            }
        )
        upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in {"transfer-encoding", "connection", "content-length"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    do_GET = do_POST = _forward


class Browser:
    """A minimal browser over the proxy: keeps cookies (Secure ones too: TLS is simulated)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Any:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{PUBLIC_HOST}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")  # type: ignore[attr-defined]
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response

    def token(self, path: str) -> str:
        page = self.request("GET", path)
        match = CSRF.search(page.text)
        assert match, f"no form on {path} ({page.status})"
        return match.group(1)

    def submit(self, path: str, form: dict[str, str]) -> Any:
        return self.request("POST", path, {"csrf_token": self.token(path), **form})


def body_of(message: Message) -> str:
    """Return the text of a (possibly multipart, quoted-printable) e-mail."""
    parts = message.walk() if message.is_multipart() else [message]
    return "".join(
        part.get_payload(decode=True).decode("utf-8", "replace")  # type: ignore[union-attr]
        for part in parts
        if part.get_content_type() == "text/plain"
    )


def seed_stale_count(env: dict[str, str], folder: Path) -> None:
    """Leave 1,000 counted requests in a metrics folder, as a crashed earlier run would."""
    code = (
        "from portal import observability as o\n"
        "o._registry()\n"
        "o._metrics['requests'].labels('brochure.index', 'GET', '2xx').inc(1000)\n"
    )
    folder.mkdir()
    done = subprocess.run(
        [str(BIN / "python"), "-c", code],
        cwd=ROOT,
        env={**env, "PROMETHEUS_MULTIPROC_DIR": str(folder)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and list(folder.glob("counter_*.db")), done.stderr[-1500:]


def counted_requests(port: int, token: str) -> float:
    """Return the sum of portal_requests_total on one app server's /metrics."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/metrics", headers={"Authorization": f"Bearer {token}"})
    answer = connection.getresponse()
    text = answer.read().decode()
    connection.close()
    assert answer.status == 200, answer.status
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("portal_requests_total{")
    )


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        raise SystemExit(1)


def main() -> None:
    started = time.monotonic()
    database_url = os.environ["PG_URL"]
    work = Path(tempfile.mkdtemp(prefix="portal-smoke-"))
    processes: list[subprocess.Popen[bytes]] = []
    from aiosmtpd.controller import Controller

    from portal.crypto import new_key_spec

    mailbox = Mailbox()
    smtp_port = free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    redis_port = free_port()
    processes.append(
        subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
    )
    env = {
        **os.environ,
        "PORTAL_ENV": "production",
        "PORTAL_SECRET_KEY": secrets.token_urlsafe(48),
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_BASE_URL": f"https://{PUBLIC_HOST}",
        "PORTAL_SESSION_COOKIE_SECURE": "1",
        "PORTAL_DATA_KEYS": new_key_spec("smoke"),
        "PORTAL_MAIL_SERVER": "127.0.0.1",
        "PORTAL_MAIL_PORT": str(smtp_port),
        "PORTAL_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/0",
        "PORTAL_TRUSTED_PROXIES": "1",
        "PORTAL_LOG_FORMAT": "json",
        "PORTAL_ARGON2_MEMORY_COST": "8192",
        "GUNICORN_WORKERS": "2",
        "PORTAL_METRICS_TOKEN": secrets.token_urlsafe(24),
    }
    flask = [str(BIN / "flask"), "--app", "wsgi"]

    def run(*args: str) -> str:
        done = subprocess.run([*flask, *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"flask {' '.join(args)}: {done.stderr[-1500:]}"
        return done.stdout

    try:
        wait_for_port(redis_port)
        run("db", "upgrade")
        run("translate", "compile")
        run(
            "users",
            "create",
            "--role",
            "employee",
            "--email",
            "sanne@example.nl",
            "--name",
            "Sanne",
            "--password",
            PASSWORD,
        )
        run(
            "users",
            "create",
            "--role",
            "coach",
            "--email",
            "ruud@example.nl",
            "--name",
            "Ruud",
            "--password",
            PASSWORD,
        )
        setup = (
            "import datetime as dt\n"
            "from portal import create_app\n"
            "from portal.db import db\n"
            "from portal.auth.models import user_by_email\n"
            "from portal.links import services as links\n"
            "from portal.messages import services as m\n"
            "from portal.messages.models import CheckIn, CheckInForm, Delivery\n"
            "from portal.messages.models import NotificationPreference as Pref\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    e, c = user_by_email('sanne@example.nl'), user_by_email('ruud@example.nl')\n"
            "    # No quiet hours (22-8 by default): the smoke passes at any hour.\n"
            "    db.session.add_all([Pref(user_id=u.id, messages=Delivery.IMMEDIATE,\n"
            "        quiet_start=0, quiet_end=0) for u in (e, c)])\n"
            "    link = links.assign_coach(e, c); db.session.commit()\n"
            "    conv = m.conversation_of(link); db.session.commit()\n"
            "    db.session.add(CheckIn(conversation_id=conv.id, form=CheckInForm.PHONE,\n"
            "        planned_on=m.local_today() + dt.timedelta(days=1)))\n"
            "    db.session.commit(); print(link.id, c.id)\n"
        )
        done = subprocess.run(
            [str(BIN / "python"), "-c", setup], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-1500:]
        link_id, coach_id = (int(word) for word in done.stdout.split()[-2:])

        ports = [free_port(), free_port()]
        logs = []
        metrics_dirs = {port: work / f"metrics-{port}" for port in ports}
        for port in ports:
            seed_stale_count(env, metrics_dirs[port])
            log_file = (work / f"gunicorn-{port}.log").open("wb")
            logs.append(work / f"gunicorn-{port}.log")
            processes.append(
                subprocess.Popen(
                    [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
                    cwd=ROOT,
                    env={
                        **env,
                        "GUNICORN_BIND": f"127.0.0.1:{port}",
                        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dirs[port]),
                    },
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            )
        for port in ports:
            wait_for_port(port, 60)
        Proxy.backends = itertools.cycle(ports)
        proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        browser = Browser(proxy.server_address[1])

        health = browser.request("GET", "/healthz")
        check(
            health.status == 200 and json.loads(health.text) == {"status": "ok"},
            "/healthz through the proxy: ok (database, schema, Redis)",
        )
        login = browser.submit("/inloggen", {"email": "sanne@example.nl", "password": PASSWORD})
        check(login.status == 302, f"log in as the employee behind the proxy ({login.status})")
        entry = browser.submit(
            "/logboek/",
            {
                "energy": "6",
                "hours_worked": "2",
                "hours_planned": "4",
                "sleep_quality": "",
                "complaint_level": "",
            },
        )
        check(entry.status in (200, 302), f"logbook entry saved ({entry.status})")
        week = browser.request("GET", "/logboek/week")
        check(week.status == 200 and "6" in week.text, "the week view shows it")
        sent = browser.submit(f"/berichten/{link_id}", {"body": "Smoke test message"})
        check(sent.status == 302, f"message to the coach sent ({sent.status})")
        step1 = browser.submit("/delen/nieuw", {"recipient": str(coach_id), "sections": "free"})
        step2 = browser.submit("/delen/nieuw/tekst", {"free": "Shared in the smoke test"})
        shared = browser.submit("/delen/nieuw/voorbeeld", {"expires_in": "30"})
        check(
            (step1.status, step2.status, shared.status) == (302, 302, 302)
            and "/delen/" in (shared.getheader("Location") or ""),
            "a summary shared with the coach in three steps",
        )

        # A talk in two days, with reminders on and no quiet hours: a "prepare" reminder is due.
        reminders = browser.submit(
            "/gesprekken/herinneringen",
            {"wants_reminders": "y", "quiet_from": "0", "quiet_until": "0"},
        )
        in_two_days = dt.datetime.now(zoneinfo.ZoneInfo("Europe/Amsterdam")).date()
        in_two_days += dt.timedelta(days=2)
        talk = browser.submit(
            "/gesprekken/nieuw",
            {
                "day": in_two_days.isoformat(),
                "time": "10:00",
                "with_whom": "bedrijfsarts",
                "place": "",
            },
        )
        check(
            (reminders.status, talk.status) == (302, 302),
            f"talk reminders switched on and a talk planned in two days ({talk.status})",
        )

        # Two schedulers at once (two hosts' cron jobs), a third after them, then the outbox
        # sender, twice.
        first = subprocess.Popen(
            [*flask, "reminders", "send"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        second = subprocess.Popen(
            [*flask, "reminders", "send"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        outputs = [first.communicate(timeout=120)[0], second.communicate(timeout=120)[0]]
        check(first.returncode == second.returncode == 0, "two overlapping `reminders send` runs")
        outputs.append(run("reminders", "send"))
        mail_out = run("mail", "send") + run("mail", "send")
        check("@" not in mail_out, "`mail send` prints no address")
        deadline = time.monotonic() + 20
        while len(mailbox.messages) < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        subjects = sorted(str(m["To"]) for m in mailbox.messages)
        check(
            subjects == ["ruud@example.nl"] * 3 + ["sanne@example.nl"] * 2,
            f"each e-mail arrived once: message and share notices, two check-in reminders, "
            f"one talk reminder ({subjects}; "
            f"schedulers said {[o.strip() for o in outputs]})",
        )
        talk_reminders = [
            m
            for m in mailbox.messages
            if str(m["To"]) == "sanne@example.nl"
            and f"https://{PUBLIC_HOST}/gesprekken/herinneringen" in body_of(m)
        ]
        check(
            len(talk_reminders) == 1,
            "the talk reminder came once, through the real scheduler and SMTP, linking to "
            "the public address",
        )
        bodies = "".join(m.as_string() for m in mailbox.messages)
        check(
            "Smoke test message" not in bodies and "smoke test" not in bodies,
            "no message or share content in e-mails",
        )

        # Parallel requests keep both workers of each server busy; each server's /metrics
        # must add up all of its workers' counts, and nothing of the stale earlier run.
        with ThreadPoolExecutor(max_workers=8) as pool:
            # A browser each (anonymous): one shared cookie jar is not for threads.
            burst = list(
                pool.map(lambda _: Browser(browser.port).request("GET", "/werkwijzer/"), range(60))
            )
        check(all(answer.status == 200 for answer in burst), "60 parallel page requests")
        workers = {port: len(list(metrics_dirs[port].glob("counter_*.db"))) for port in ports}
        check(
            all(count >= 2 for count in workers.values()),
            f"both workers of each server counted requests (count files per server: {workers})",
        )
        counted = {port: counted_requests(port, env["PORTAL_METRICS_TOKEN"]) for port in ports}
        check(
            counted == {port: float(Proxy.sent[port]) for port in ports},
            f"each server's /metrics adds up its workers: {counted} counted, "
            f"{Proxy.sent} sent (the stale 1,000 of an earlier run cleared at start)",
        )

        for process in processes[1:]:
            process.terminate()
        for process in processes[1:]:
            process.wait(timeout=30)
        texts = [path.read_text() for path in logs]
        served = [len(re.findall(r'" (?:200|302) ', text)) for text in texts]
        check(all(count > 0 for count in served), f"both app servers answered ({served})")
        check(
            all("203.0.113.9 " in text for text in texts),
            "the client's address from X-Forwarded-For is in the access logs",
        )
        check(all('"level": "' in text for text in texts), "the app logs JSON lines")
        check(
            PASSWORD not in "".join(texts) and "sanne@" not in "".join(texts),
            "no password or e-mail address in the logs",
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        smtp.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"prod-smoke passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
