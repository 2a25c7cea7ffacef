"""Load and soak test: simulated people on scripted flows against gunicorn on loopback.

    python -m bench.load --users 50 --duration 300          # load: zero 5xx, no "locked"
    python -m bench.load --users 20 --duration 1800 --soak  # soak: worker memory growth

Employees log in, log today, read their messages and prepare a talk; professionals read a
share. Every request is bounded in time and the run stops by itself at the deadline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench import dataset
from bench.client import Client
from bench.report import ms
from bench.server import Server
from bench.settings import RESULTS, employee_email, professional_email

#: One simulated person in this many is a professional reading shares.
PROFESSIONAL_EVERY = 10


@dataclass
class Tally:
    """What all simulated people saw, shared between threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int] = field(default_factory=Counter)
    by_step: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    flows: int = 0

    def record(self, step: str, status: int, seconds: float) -> None:
        """Count one response."""
        with self.lock:
            self.statuses[status] += 1
            self.by_step[step] += 1
            self.latencies.append(seconds)

    def fail(self, what: str) -> None:
        """Count a flow step that did not do what it should."""
        with self.lock:
            self.failures[what] += 1


class Person(threading.Thread):
    """Runs one scripted flow after another until the deadline."""

    def __init__(
        self, port: int, who: dict[str, Any], tally: Tally, deadline: float, think: float
    ) -> None:
        super().__init__(daemon=True)
        self.client = Client("127.0.0.1", port, timeout=30)
        self.who = who
        self.tally = tally
        self.deadline = deadline
        self.think = think
        self.rng = random.Random(who["email"])
        self.totp_step = 0

    def step(self, name: str, method: str, path: str, data: dict[str, str] | None = None) -> Any:
        """Send one request of a flow and count it."""
        started = time.monotonic()
        reply = self.client.get(path) if method == "GET" else self.client.submit(path, data or {})
        self.tally.record(name, reply.status, time.monotonic() - started)
        if reply.status >= 500:
            self.tally.fail(f"{name}: {reply.status}")
        return reply

    def pause(self) -> None:
        """Think a little, as a person does between clicks."""
        time.sleep(self.rng.uniform(0, 2 * self.think))

    def run(self) -> None:
        """Loop over flows until the deadline."""
        while time.monotonic() < self.deadline:
            try:
                if self.who["role"] == "professional":
                    self.professional_flow()
                else:
                    self.employee_flow()
                with self.tally.lock:
                    self.tally.flows += 1
            except Exception as exc:  # a broken connection or a failed login is counted
                self.tally.fail(f"{type(exc).__name__}: {str(exc)[:80]}")
                self.client.close()
                time.sleep(1)

    def ensure_logged_in(self) -> None:
        """Log in when the session is gone (first flow, or after logging out)."""
        if not self.client.cookie:
            started = time.monotonic()
            self.totp_step = self.client.log_in(self.who["email"], self.totp_step)
            self.tally.record("log in", 302, time.monotonic() - started)

    def employee_flow(self) -> None:
        """Log in, log today, read messages, prepare a talk, look at the week; log out."""
        self.ensure_logged_in()
        reply = self.step(
            "log today",
            "POST",
            "/logboek/",
            {"energy": str(self.rng.randint(2, 9)), "note": "Rustige dag, korte wandeling."},
        )
        if reply.status != 302:
            self.tally.fail(f"log today answered {reply.status}")
        self.pause()
        self.step("read messages", "GET", "/berichten/")
        self.pause()
        talk = self.who["next_talk"]
        self.step("open talk", "GET", f"/gesprekken/{talk}")
        reply = self.step(
            "prepare talk",
            "POST",
            f"/gesprekken/{talk}/voorbereiden/veranderd",
            {"changed": f"Deze week ging het iets beter ({self.rng.randint(1, 99)})."},
        )
        if reply.status != 302:
            self.tally.fail(f"prepare talk answered {reply.status}")
        self.pause()
        self.step("logbook week", "GET", "/logboek/week")
        self.step("home", "GET", "/")
        self.pause()
        if self.rng.random() < 0.2:  # now and then a person logs out and in again
            self.step("log out", "POST", "/uitloggen", {})
            self.client.cookie = ""

    def professional_flow(self) -> None:
        """Open the list of shares and read one (each read is written to the access log)."""
        self.ensure_logged_in()
        self.step("professional home", "GET", "/professional/")
        share = self.rng.choice(self.who["shares"])
        self.step("read share", "GET", f"/delen/ontvangen/{share}")
        self.pause()


def people(manifest: dataset.Manifest, count: int) -> list[dict[str, Any]]:
    """Choose the simulated people: mostly employees, every tenth a professional."""
    from sqlalchemy import create_engine, text

    engine = create_engine(manifest.database_url)
    chosen: list[dict[str, Any]] = []
    with engine.connect() as conn:
        for n in range(count):
            if n % PROFESSIONAL_EVERY == PROFESSIONAL_EVERY - 1:
                index = n // PROFESSIONAL_EVERY
                email = professional_email(index % len(manifest.users["professionals"]))
                shares = conn.execute(
                    text(
                        "SELECT shares.id FROM shares JOIN users ON users.id = recipient_id "
                        "WHERE users.email = :email ORDER BY shares.id LIMIT 50"
                    ),
                    {"email": email},
                ).scalars()
                chosen.append({"role": "professional", "email": email, "shares": list(shares)})
            else:
                index = 10 + n  # leave the benchmark's own people (0-9) alone
                email = employee_email(index % manifest.params["employees"])
                talk = conn.execute(
                    text(
                        "SELECT max(consults.id) FROM consults JOIN users ON users.id = user_id "
                        "WHERE users.email = :email"
                    ),
                    {"email": email},
                ).scalar()
                chosen.append({"role": "employee", "email": email, "next_talk": talk})
    engine.dispose()
    return chosen


def rss_kb(pids: list[int]) -> int:
    """Return the summed resident memory of processes, in KB."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the load (or soak) test and print the outcome; exit 1 when it failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause in seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8812)
    parser.add_argument("--soak", action="store_true", help="also track worker memory")
    dataset.add_dataset_args(parser)
    args = parser.parse_args(argv)
    manifest = dataset.generate(dataset.params_from(args), args.database_url)
    chosen = people(manifest, args.users)
    tally = Tally()
    memory: list[tuple[float, int]] = []
    with Server(manifest.database_url, args.port, args.workers) as server:
        started = time.monotonic()
        deadline = started + args.duration
        threads = [Person(args.port, who, tally, deadline, args.think) for who in chosen]
        for thread in threads:
            thread.start()
            time.sleep(0.05)  # ramp up over a few seconds
        while time.monotonic() < deadline:
            time.sleep(min(10, max(0.1, deadline - time.monotonic())))
            memory.append((round(time.monotonic() - started), rss_kb(server.worker_pids())))
            done = sum(tally.statuses.values())
            print(f"  {memory[-1][0]:>5} s: {done} requests, workers {memory[-1][1] // 1024} MB")
        for thread in threads:
            thread.join(timeout=60)
        problems = server.problems()
    result = summarise(args, tally, memory, problems)
    print(json.dumps(result, indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "soak" if args.soak else "load"
    (RESULTS / f"{name}-{result['database']}.json").write_text(json.dumps(result, indent=1))
    if not result["passed"]:
        raise SystemExit(1)
    return result


def summarise(
    args: argparse.Namespace,
    tally: Tally,
    memory: list[tuple[float, int]],
    problems: dict[str, Any],
) -> dict[str, Any]:
    """Return the outcome and whether it meets the targets."""
    latencies = sorted(tally.latencies) or [0.0]

    def pct(p: float) -> float:
        return ms(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1e6)

    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    # Memory growth: from the first reading after warm-up (a fifth of the run) to the end.
    base = next((kb for t, kb in memory if t >= args.duration / 5), memory[0][1] if memory else 0)
    growth = (memory[-1][1] - base) / base if memory and base else 0.0
    passed = server_errors == 0 and problems["database_is_locked"] == 0 and not tally.failures
    if args.soak:
        passed = passed and growth < 0.10
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": "postgresql" if args.database_url else "sqlite",
        "users": args.users,
        "duration_s": args.duration,
        "think_s": args.think,
        "workers": args.workers,
        "flows": tally.flows,
        "requests": sum(tally.statuses.values()),
        "requests_per_s": round(sum(tally.statuses.values()) / max(args.duration, 1), 1),
        "statuses": dict(sorted(tally.statuses.items())),
        "server_errors_5xx": server_errors,
        "failures": dict(tally.failures),
        "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99)},
        "server_log": problems,
        "worker_rss_kb": memory,
        "memory_growth": round(growth, 3),
        "passed": passed,
    }


if __name__ == "__main__":
    main()
