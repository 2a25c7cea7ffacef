"""Flask commands: users create and the idempotent demo data."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from portal.auth.models import Role, User, user_by_email
from portal.db import db
from portal.links.models import CareLink, LinkStatus


def create(app: Flask, email: str, password: str = "een lang wachtwoord") -> Any:
    """Run `flask users create` for a coach."""
    return app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--role",
            "coach",
            "--email",
            email,
            "--name",
            "Kim",
            "--password",
            password,
        ]
    )


def test_users_create(app: Flask) -> None:
    result = create(app, "Kim@Example.com")
    assert result.exit_code == 0, result.output
    user = user_by_email("kim@example.com")
    assert user is not None and user.role is Role.COACH
    again = create(app, "kim@example.com")
    assert again.exit_code != 0 and "exists already" in again.output


def test_users_create_refuses_short_password(app: Flask) -> None:
    result = create(app, "a@example.com", password="kort")
    assert result.exit_code != 0
    assert user_by_email("a@example.com") is None


def test_demo_is_idempotent(app: Flask) -> None:
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 4
    links = db.session.scalars(select(CareLink)).all()
    assert sorted(link.status for link in links) == [LinkStatus.ACTIVE, LinkStatus.ACTIVE]
    assert "werknemer@demo.eigenregie.nl" in result.output


def test_demo_refused_in_production(app: Flask, monkeypatch: Any) -> None:
    app.config["ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
