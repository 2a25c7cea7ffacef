"""A peer page measured in the same run: a minimal logged-in Flask-SQLAlchemy page.

The portal's pages are compared with hello (the ceiling of the stack), which says little
across machines by itself: hello's req/s doubles on a quiet machine while a page's cost
barely moves. This app is the other yardstick, built the way a typical small Flask
application is (the Flask Mega-Tutorial's "microblog" index): Flask-Login with the user
loaded by id from Flask's signed cookie session, Flask-SQLAlchemy models, a Jinja page
with a base layout and navigation showing the 25 newest posts with their authors. It
lives in the same gunicorn workers at /__peer, on its own SQLite file.

    /__peer/login/<n>   log in as user n (bench only: no password)
    /__peer/            the page measured
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from flask import Flask, abort, redirect, render_template_string, url_for
from flask_login import LoginManager, UserMixin, login_required, login_user
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, contains_eager, mapped_column, relationship
from werkzeug.wrappers import Response

from bench.settings import DATA, SECRET_KEY

#: The generated peer database (recreated when missing).
PEER_DB = DATA / "peer.sqlite3"
USERS = 100
POSTS = 2500
PER_PAGE = 25


class PeerBase(DeclarativeBase):
    """Declarative base of the peer models."""


peer_db = SQLAlchemy(model_class=PeerBase)


class Author(UserMixin, peer_db.Model):  # type: ignore[name-defined,misc]
    """A user of the peer app."""

    __tablename__ = "author"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(120), unique=True)
    about_me: Mapped[str | None] = mapped_column(String(140))
    last_seen: Mapped[dt.datetime]


class Post(peer_db.Model):  # type: ignore[name-defined,misc]
    """A post of the peer app."""

    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(140))
    timestamp: Mapped[dt.datetime] = mapped_column(index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("author.id"), index=True)
    author: Mapped[Author] = relationship()


PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }} - Peer</title></head>
<body>
<nav><a href="{{ url_for('index') }}">Home</a> <a href="{{ url_for('index') }}">Explore</a>
{% if current_user.is_authenticated %}
<a href="{{ url_for('index') }}">{{ current_user.username }}</a>{% endif %}</nav>
<main>
<h1>Hi, {{ current_user.username }}!</h1>
{% for post in posts %}
<article><p><a href="{{ url_for('index', u=post.author.username) }}">{{ post.author.username }}</a>
said <time datetime="{{ post.timestamp.isoformat() }}">
{{- post.timestamp.strftime('%d %B %Y %H:%M') }}</time>:</p>
<p>{{ post.body }}</p></article>
{% endfor %}
</main>
</body>
</html>
"""


def create_peer_app(path: Path = PEER_DB) -> Flask:
    """Build the peer app on its SQLite file, generating the data when the file is new."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=SECRET_KEY,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
        SESSION_COOKIE_NAME="er_session",  # the name wrk sends (bench/session.lua)
    )
    peer_db.init_app(app)
    logins = LoginManager(app)

    @logins.user_loader
    def load_user(user_id: str) -> Author | None:
        return peer_db.session.get(Author, int(user_id))

    @app.route("/login/<int:number>")
    def login(number: int) -> Response:
        user = peer_db.session.get(Author, number)
        if user is None:
            abort(404)
        login_user(user)
        return redirect(url_for("index"))

    @app.route("/")
    @login_required
    def index() -> str:
        posts = peer_db.session.scalars(
            select(Post)
            .join(Post.author)
            .options(contains_eager(Post.author))
            .order_by(Post.timestamp.desc())
            .limit(PER_PAGE)
        ).all()
        return render_template_string(PAGE, title="Home", posts=posts)

    with app.app_context():
        if not path.exists() or path.stat().st_size == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
            peer_db.create_all()
            generate()
    return app


def generate() -> None:
    """Write USERS users and POSTS posts (inside an app context)."""
    rnd = random.Random(1)
    start = dt.datetime(2026, 1, 1)
    words = ["work", "day", "rest", "walk", "plan", "talk", "week", "slow", "good", "tired"]
    peer_db.session.add_all(
        Author(id=i, username=f"user{i}", email=f"user{i}@peer.invalid", last_seen=start)
        for i in range(1, USERS + 1)
    )
    peer_db.session.add_all(
        Post(
            body=" ".join(rnd.choice(words) for _ in range(rnd.randint(5, 20)))[:140],
            timestamp=start + dt.timedelta(minutes=rnd.randrange(0, 500_000)),
            author_id=rnd.randint(1, USERS),
        )
        for _ in range(POSTS)
    )
    peer_db.session.commit()
