"""Time the forgotten-password answer for a known and an unknown address (in-process).

python -m bench.reset_timing [--rounds 200]

Asks alternately for a known and an unknown address through the real form, with the
production settings of the benchmark (rate limits off), on a fresh SQLite file, and prints
the median and p90 of each and their difference. The answer must not tell them apart.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def main(argv: list[str] | None = None) -> None:
    """Measure and print the two timings."""
    from portal import create_app
    from portal.auth.models import Role
    from portal.auth.services import create_user
    from portal.db import db

    from bench.inprocess import https_client
    from bench.settings import app_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="reset-timing-"))
    config = {**app_config(f"sqlite:///{folder / 'portal.sqlite3'}"), "OUTBOX_DIR": str(folder)}
    app = create_app(config)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        create_user("bekend@example.com", "Bekend", "een lang wachtwoord 2026", Role.EMPLOYEE)
        db.session.commit()
    client = https_client(app)
    token = CSRF_RE.search(client.get("/wachtwoord-vergeten").get_data(as_text=True))
    assert token is not None
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    bodies: dict[str, set[str]] = {"known": set(), "unknown": set()}
    for n in range(args.rounds * 2):
        kind = "known" if n % 2 == 0 else "unknown"
        email = "bekend@example.com" if kind == "known" else f"onbekend{n}@example.com"
        started = time.perf_counter()
        response = client.post(
            "/wachtwoord-vergeten", data={"email": email, "csrf_token": token.group(1)}
        )
        times[kind].append((time.perf_counter() - started) * 1000)
        bodies[kind].add(CSRF_RE.sub("", response.get_data(as_text=True)))
        assert response.status_code == 200, response.status_code
    for kind, values in times.items():
        values.sort()
        p90 = values[int(len(values) * 0.9)]
        print(f"{kind:8} median {statistics.median(values):6.2f} ms  p90 {p90:6.2f} ms")
    gap = statistics.median(times["known"]) - statistics.median(times["unknown"])
    print(f"difference of the medians: {gap:+.2f} ms; same page: {bodies['known'] == bodies['unknown']}")


if __name__ == "__main__":
    main()
