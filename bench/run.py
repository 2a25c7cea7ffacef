"""Run the benchmark: dataset, gunicorn on loopback, logins, wrk per page, results.

    python -m bench.run [--employees N | --large] [--database-url URL] [--duration 10]

Prints one Markdown table and writes bench/results/<db>-<N>e.json and .md (and latest.*).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import dataset
from bench.client import Client
from bench.pages import PAGES, ROTATION, Page, by_name
from bench.report import evaluate, markdown, write_results
from bench.server import Server
from bench.settings import BENCH, ROOT, app_config

LUA = BENCH / "session.lua"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description="Measure the portal's key pages with wrk.")
    dataset.add_dataset_args(parser)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--pages", nargs="*", help=f"subset of {[p.name for p in PAGES]}")
    parser.add_argument("--compare", type=Path, help="earlier results JSON to compare p95 with")
    parser.add_argument("--label", default="", help="suffix of the result files")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args(argv)


def machine() -> dict[str, Any]:
    """Describe where the run happened."""
    cpu = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk.split("[")[0].strip(),
        "platform": platform.platform(),
        "commit": commit or "unknown",
    }


def wrk(
    port: int, targets: list[tuple[str, str]], connections: int, threads: int, seconds: int
) -> dict[str, Any]:
    """Run wrk over the (path, cookie) targets; return its JSON summary."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.write("".join(f"{path}\t{cookie}\n" for path, cookie in targets))
    try:
        command = [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}",
        ]
        env = {**os.environ, "BENCH_TARGETS": handle.name}
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(handle.name)
    line = next(x for x in out.splitlines() if x.startswith("BENCH_JSON "))
    data: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def log_in_people(
    port: int, manifest: dataset.Manifest, professional: str, database_url: str
) -> dict[str, Client]:
    """Log in the rotated employees and one professional over HTTP."""
    from bench.inprocess import last_totp_step
    from portal import create_app

    people: dict[str, Client] = {}
    for index in ROTATION:
        client = Client("127.0.0.1", port)
        client.log_in(manifest.users[f"employee{index}"]["email"])
        people[f"employee{index}"] = client
    app = create_app(app_config(database_url))
    step = last_totp_step(app, professional)
    app.extensions["portal_db"].dispose()
    client = Client("127.0.0.1", port)
    client.log_in(professional, step)
    people["professional"] = client
    for number in range(1, len(ROTATION) + 1):  # the peer app's own users (bench/peer.py)
        client = Client("127.0.0.1", port)
        reply = client.get(f"/__peer/login/{number}")
        if reply.status != 302 or not client.cookie:
            raise RuntimeError(f"peer login {number} failed: {reply.status}")
        people[f"peer{number}"] = client
    return people


def targets_for(
    page: Page, manifest: dataset.Manifest, people: dict[str, Client]
) -> list[tuple[str, str]]:
    """Return the (path, cookie) pairs a page is measured with; check each answers 200."""
    users = manifest.users
    pairs: list[tuple[str, Client | None]]
    if page.who == "anyone":
        pairs = [(page.path({}), None)]
    elif page.who == "main":
        pairs = [(page.path(users["employee0"]), people["employee0"])]
    elif page.who == "professional":
        pairs = [(page.path(users[f"employee{i}"]), people["professional"]) for i in ROTATION]
    elif page.who == "peer":
        pairs = [(page.path({}), people[f"peer{n}"]) for n in range(1, len(ROTATION) + 1)]
    else:
        pairs = [(page.path(users[f"employee{i}"]), people[f"employee{i}"]) for i in ROTATION]
    result = []
    for path, client in pairs:
        probe = client or Client("127.0.0.1", people["employee0"].port)
        reply = probe.get(path)  # also settles the cookie (e.g. a CSRF token added)
        if reply.status != 200:
            raise RuntimeError(f"{page.name}: {path} answered {reply.status} {reply.location}")
        result.append((path, client.cookie if client else ""))
    return result


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run everything; return the results."""
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run bin/bench-deps (apt-get install wrk)")
    started = time.monotonic()
    params = dataset.params_from(args)
    manifest = dataset.generate(params, args.database_url)
    database_url = manifest.database_url
    pages = by_name(args.pages)
    professional = manifest.users["professionals"][0]

    from bench.inprocess import measure
    from portal import create_app

    print("in-process: SQL statements and page weight")
    app = create_app(app_config(database_url))
    inproc = measure(app, pages, manifest.users, professional)
    app.extensions["portal_db"].dispose()

    rows: dict[str, dict[str, Any]] = {}
    with Server(database_url, args.port, args.workers) as server:
        people = log_in_people(args.port, manifest, professional, database_url)
        for page in pages:
            targets = targets_for(page, manifest, people)
            connections = page.connections or args.connections
            if args.warmup:
                wrk(args.port, targets, connections, args.threads, args.warmup)
            run = wrk(args.port, targets, connections, args.threads, args.duration)
            rows[page.name] = {"label": page.label, "connections": connections, **run}
            rows[page.name].update(inproc.get(page.name, {}))
            print(
                f"  {page.name}: {run['rps']:.0f} req/s, p95 {run['p95_us'] / 1000:.1f} ms, "
                f"errors {run['errors_status'] + run['errors_timeout']}"
            )
        problems = server.problems()
    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "database": "postgresql" if database_url.startswith("postgres") else "sqlite",
            "dataset": manifest.params,
            "dataset_rows": manifest.rows,
            "workers": args.workers,
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "config": "PORTAL_ENV=production, login rate limits off, gunicorn sync workers",
        },
        "pages": rows,
        "server_log": problems,
        "seconds": round(time.monotonic() - started, 1),
    }
    baseline = json.loads(args.compare.read_text()) if args.compare else None
    results["targets"] = evaluate(results, baseline)
    print(markdown(results))
    if not args.no_write:
        for path in write_results(results, args.label):
            print(f"written: {path.relative_to(ROOT)}")
    return results


if __name__ == "__main__":
    main()
