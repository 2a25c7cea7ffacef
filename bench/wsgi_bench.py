"""The benchmark's WSGI app: the portal, a bare Flask "hello" at /__hello and a peer page.

All run in the same gunicorn workers, so the hello figure is the ceiling of this stack on
this machine (gunicorn, WSGI, Flask routing) and each page is compared with it; the peer
at /__peer is a minimal logged-in Flask-SQLAlchemy page (bench/peer.py), the yardstick
that stays comparable across machines.

    BENCH_DATABASE_URL=... gunicorn -w 2 -b 127.0.0.1:8800 bench.wsgi_bench:app
"""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from bench.peer import create_peer_app
from bench.settings import app_config
from portal import create_app

hello = Flask(__name__)


@hello.route("/")
def say_hello() -> str:
    """Answer the smallest possible page."""
    return "hello"


portal = create_app(app_config(os.environ["BENCH_DATABASE_URL"]))
app = DispatcherMiddleware(portal, {"/__hello": hello, "/__peer": create_peer_app()})
