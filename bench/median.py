"""In-process cost per page: the median of rounds of requests with the Flask test client.

    python -m bench.median [PAGE ...] [--rounds 3] [--requests 200] [--employees 1000]

For each page, logs in as the page's person, warms up, then runs ``--rounds`` rounds of
``--requests`` GETs and prints each round's mean and the median over the rounds (ms per
request, both wall-clock and this process's CPU time), plus the statements per request.
No wrk, no sockets: the CPU figure is what a page costs a worker, and varies far less with
other load on the machine than req/s or wall-clock time do.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from bench import dataset
from bench.inprocess import counting, log_in
from bench.pages import PAGES
from bench.settings import app_config

#: The pages the issue sets in-process targets for, and the peer page (bench/peer.py).
DEFAULT = ("peer", "logbook_week", "brochure", "home", "talk_prepare")


def measure(
    names: list[str], rounds: int, requests: int, database_url: str, people: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Return, per page, the mean ms of each round, their median and the statements."""
    from portal import create_app

    app = create_app(app_config(database_url))
    clients: dict[str, Any] = {}
    results: dict[str, dict[str, Any]] = {}
    try:
        for name in names:
            page = next(p for p in PAGES if p.name == name)
            person = people["employee0"]
            if page.who == "peer":
                from bench.peer import create_peer_app

                client, path = create_peer_app().test_client(), page.path(person)
                client.get("/login/1").close()
                path = path.removeprefix("/__peer")
            else:
                email = person["email"]
                if page.who == "professional":
                    email = people["professionals"][0]
                if email not in clients:
                    clients[email] = log_in(app, email)
                client, path = clients[email], page.path(person)
            for _ in range(20):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                response.close()
            with counting(app) as statements:  # the portal's statements (none for the peer)
                client.get(path).close()
            means, cpu = [], []
            for _ in range(rounds):
                started, started_cpu = time.perf_counter(), time.process_time()
                for _ in range(requests):
                    client.get(path).close()
                means.append((time.perf_counter() - started) / requests * 1000)
                cpu.append((time.process_time() - started_cpu) / requests * 1000)
            results[name] = {
                "path": path,
                "rounds_ms": [round(m, 2) for m in means],
                "median_ms": round(statistics.median(means), 2),
                "rounds_cpu_ms": [round(m, 2) for m in cpu],
                "median_cpu_ms": round(statistics.median(cpu), 2),
                "statements": len(statements),
            }
            print(
                f"  {name:14} {results[name]['median_ms']:6.2f} ms wall "
                f"(rounds {', '.join(f'{m:.2f}' for m in means)}), "
                f"{results[name]['median_cpu_ms']:6.2f} ms CPU "
                f"(rounds {', '.join(f'{m:.2f}' for m in cpu)}), "
                f"{len(statements)} statements  {path}"
            )
    finally:
        app.extensions["portal_db"].dispose()
    return results


def main(argv: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Measure the pages asked for (the four with in-process targets by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=list(DEFAULT))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", help="also write the results to this file")
    dataset.add_dataset_args(parser)
    args = parser.parse_args(argv)
    manifest = dataset.generate(dataset.params_from(args), args.database_url)
    results = measure(
        args.pages, args.rounds, args.requests, manifest.database_url, manifest.users
    )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=1)
    return results


if __name__ == "__main__":
    main()
