"""Request ids, JSON logs and Prometheus metrics, without personal data (docs/operations.md).

- Every request gets an id: the proxy's `X-Request-Id` when it is a plain token (Caddy sends
  one), else a new one. It is answered in `X-Request-Id`, added to every log line of the
  request and to gunicorn's access log, so one request can be followed across servers.
- `PORTAL_LOG_FORMAT=json` writes one JSON object per log line (time, level, logger,
  message, request_id) for log shipping; the messages carry ids, never content.
- `/metrics` (Prometheus text format) answers only with `Authorization: Bearer
  <PORTAL_METRICS_TOKEN>`; without the setting, or with a wrong token, it is a plain 404 like
  any unknown page. It is served before Flask's routing, so it is no page of the portal.
  Request counts and latencies per endpoint (never per URL: URLs can hold ids and tokens),
  and the outbox: e-mails waiting, sent and failed in the last 24 hours. With several
  gunicorn workers set PROMETHEUS_MULTIPROC_DIR to an empty folder (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, g, has_request_context, request
from flask.wrappers import Response

log = logging.getLogger(__name__)

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    """The current request's id ("-" outside a request)."""
    if not has_request_context():
        return "-"
    return str(getattr(g, "request_id", "-"))


class RequestIdFilter(logging.Filter):
    """Add `request_id` to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id (and error type)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__  # the type only: messages hold data
        return json.dumps(entry, ensure_ascii=False)


def init_logging_format(app: Flask) -> None:
    """Request ids on every record; JSON lines when PORTAL_LOG_FORMAT=json."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())
        if app.config.get("LOG_FORMAT") == "json":
            handler.setFormatter(JsonFormatter())


# --- metrics ---------------------------------------------------------------------------------

_metrics: dict[str, Any] = {}


def _registry() -> Any:
    from prometheus_client import CollectorRegistry, Counter, Histogram

    if not _metrics:
        registry = CollectorRegistry(auto_describe=True)
        _metrics["requests"] = Counter(
            "portal_requests",
            "HTTP requests by endpoint, method and status class",
            ["endpoint", "method", "status"],
            registry=registry,
        )
        _metrics["latency"] = Histogram(
            "portal_request_seconds",
            "Request duration by endpoint",
            ["endpoint"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=registry,
        )
        _metrics["registry"] = registry
    return _metrics["registry"]


def _exposition(app: Flask) -> bytes:
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.core import GaugeMetricFamily

    registry = _registry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    body: bytes = generate_latest(registry)
    with app.app_context():
        from sqlalchemy import func, select

        from portal.db import db, utcnow
        from portal.outbox import OutboxMail, pending_count

        since = utcnow() - dt.timedelta(hours=24)
        waiting = pending_count(db.session)
        sent = db.session.scalar(select(func.count()).where(OutboxMail.sent_at >= since)) or 0
        failed = db.session.scalar(select(func.count()).where(OutboxMail.failed_at >= since)) or 0
        outbox = GaugeMetricFamily("portal_mail_outbox", "E-mails in the outbox", labels=["state"])
        outbox.add_metric(["waiting"], waiting)
        outbox.add_metric(["sent_24h"], sent)
        outbox.add_metric(["failed_24h"], failed)

        class Outbox:
            def collect(self) -> Iterable[Any]:
                yield outbox

        extra = CollectorRegistry()
        extra.register(Outbox())
        body += generate_latest(extra)
    return body


def _metrics_middleware(app: Flask, inner: Callable[..., Any]) -> Callable[..., Any]:
    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        token = app.config.get("METRICS_TOKEN") or ""
        if environ.get("PATH_INFO") == "/metrics" and token:
            given = environ.get("HTTP_AUTHORIZATION", "")
            if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                body = _exposition(app)
                start_response(
                    "200 OK",
                    [
                        ("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                        ("Cache-Control", "no-store"),
                        ("Content-Length", str(len(body))),
                    ],
                )
                return [body]
        return inner(environ, start_response)

    return wsgi


def init_observability(app: Flask) -> None:
    """Request ids, request metrics, the protected /metrics and the log format."""
    init_logging_format(app)

    @app.before_request
    def _start() -> None:
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if REQUEST_ID.match(given) else secrets.token_hex(8)
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = request_id()
        started = getattr(g, "request_started", None)
        if started is not None and app.config.get("METRICS_TOKEN"):
            _registry()
            endpoint = request.endpoint or "unknown"
            status = f"{response.status_code // 100}xx"
            _metrics["requests"].labels(endpoint, request.method, status).inc()
            _metrics["latency"].labels(endpoint).observe(time.perf_counter() - started)
        return response

    app.wsgi_app = _metrics_middleware(app, app.wsgi_app)  # type: ignore[method-assign]
