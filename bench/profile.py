"""Profile one page in-process with pyinstrument: the view as a logged-in person sees it.

python -m bench.profile trends_year [--employees 1000] [--requests 50] [--html out.html]
python -m bench.profile trends_year --calls     # Python calls per request (cProfile)

The number of Python function calls per request does not depend on the load of the
machine, unlike any time: a way to compare two versions of a page on a busy machine.
"""

from __future__ import annotations

import argparse
import time

from flask.testing import FlaskClient

from bench import dataset
from bench.inprocess import log_in
from bench.pages import PAGES
from bench.settings import app_config


def main(argv: list[str] | None = None) -> None:
    """Profile a page and print where the time goes."""
    from pyinstrument import Profiler

    from portal import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", choices=[p.name for p in PAGES if p.name != "hello"])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    parser.add_argument(
        "--calls", action="store_true", help="count Python calls per request (cProfile) instead"
    )
    dataset.add_dataset_args(parser)
    args = parser.parse_args(argv)
    manifest = dataset.generate(dataset.params_from(args), args.database_url)
    page = next(p for p in PAGES if p.name == args.page)
    app = create_app(app_config(manifest.database_url))
    person = manifest.users["employee0"]
    email = manifest.users["professionals"][0] if page.who == "professional" else person["email"]
    client = log_in(app, email)
    path = page.path(person)
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    if args.calls:
        print(f"{page.name} {path}: {calls_per_request(client, path, args.requests):.0f} calls")
        return
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.requests):
            client.get(path).close()
    elapsed = (time.perf_counter() - started) / args.requests
    print(f"{page.name} {path}: {elapsed * 1000:.1f} ms per request in-process")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        with open(args.html, "w") as handle:
            handle.write(profiler.output_html())


def calls_per_request(client: FlaskClient, path: str, requests: int) -> float:
    """Return the Python function calls one GET of path makes, on average (cProfile)."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    with profile:
        for _ in range(requests):
            client.get(path).close()
    return pstats.Stats(profile).total_calls / requests  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
