"""Request ids, JSON logs and the protected /metrics endpoint (issue 15)."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask

from portal import create_app
from portal.observability import JsonFormatter, RequestIdFilter

TOKEN = "metrics-token-0123456789abcdef"


def test_every_answer_has_a_request_id_and_keeps_a_sane_incoming_one(client: Any) -> None:
    own = client.get("/").headers["X-Request-Id"]
    assert len(own) == 16
    assert (
        client.get("/", headers={"X-Request-Id": "proxy-id-12345678"}).headers["X-Request-Id"]
        == "proxy-id-12345678"
    )
    forged = client.get("/", headers={"X-Request-Id": "bad id; with spaces"})
    assert forged.headers["X-Request-Id"] != "bad id; with spaces"


def test_json_log_lines_carry_the_request_id(app: Flask) -> None:
    record = logging.LogRecord(
        "portal.x", logging.INFO, __file__, 1, "user %s did %s", (4, "x"), None
    )
    with app.test_request_context():
        from flask import g

        g.request_id = "abc12345"
        RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "user 4 did x" and entry["request_id"] == "abc12345"
    assert entry["level"] == "INFO" and entry["logger"] == "portal.x"


def test_metrics_are_not_public(app_config: dict[str, Any]) -> None:
    without = create_app(app_config)
    with_token = create_app({**app_config, "METRICS_TOKEN": TOKEN})
    try:
        assert without.test_client().get("/metrics").status_code == 404
        client = with_token.test_client()
        assert client.get("/metrics").status_code == 404
        wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 404
        client.get("/werkwijzer/")
        answer = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200
        text = answer.get_data(as_text=True)
        assert 'portal_requests_total{endpoint="brochure.index",method="GET",status="2xx"}' in text
        assert "portal_request_seconds_bucket" in text
        assert 'portal_mail_outbox{state="waiting"} 0.0' in text
        assert "/werkwijzer" not in text  # endpoints, never URLs
    finally:
        without.extensions["portal_db"].dispose()
        with_token.extensions["portal_db"].dispose()


def test_gunicorn_gives_its_workers_one_empty_metrics_folder(tmp_path: Any) -> None:
    """deploy/gunicorn.conf.py: a set folder is emptied at start; unset, it makes its own."""
    import os
    import runpy
    from pathlib import Path

    hooks = runpy.run_path(str(Path(__file__).resolve().parents[2] / "deploy/gunicorn.conf.py"))
    saved = os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    try:
        stale = tmp_path / "metrics"
        stale.mkdir()
        (stale / "counter_123.db").write_bytes(b"old counts")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(stale)
        hooks["on_starting"](None)
        assert list(stale.iterdir()) == []

        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
        hooks["on_starting"](None)
        own = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
        assert own.is_dir() and own.stat().st_mode & 0o777 == 0o700
        hooks["on_exit"](None)
        assert not own.exists()
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        if saved is not None:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = saved
