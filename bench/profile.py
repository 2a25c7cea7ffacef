"""Profile one page in-process with pyinstrument: the view as a logged-in person sees it.

python -m bench.profile trends_year [--employees 1000] [--requests 50] [--html out.html]
python -m bench.profile share_pdf --cprofile 40   (cProfile instead: call counts, the top 40)

With --cprofile the first line says how many Python function calls one request makes: a
count that does not depend on the load of the machine, unlike any time, so it compares two
versions of a page on a busy machine.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

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
        "--cprofile",
        type=int,
        metavar="N",
        help="use cProfile and print the top N by cumulative time",
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
    if args.cprofile:
        profile_calls(client, path, args.requests, args.cprofile)
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


def profile_calls(client: Any, path: str, requests: int, top: int) -> None:
    """Profile with cProfile, which counts calls (WeasyPrint's layout passes, translations)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path).close()
    profiler.disable()
    stats = pstats.Stats(profiler)
    calls = stats.total_calls / requests  # type: ignore[attr-defined]
    print(f"{path}: {requests} requests, {calls:.0f} Python function calls per request")
    stats.sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    main()
