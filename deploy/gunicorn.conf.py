"""gunicorn settings for Eigen Regie (docs/operations.md): `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value can be overridden with an environment variable (GUNICORN_* below) or on the
command line. The access log leaves out secret tokens (portal/gunicorn_logging.py).
"""

import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: 2 per core is a good start; the app holds no state, so add servers to scale out.
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
#: Recycle workers now and then (bounded memory), with jitter so they do not restart together.
max_requests = 2000
max_requests_jitter = 200
#: The proxy's X-Forwarded-* headers are handled by the app (PORTAL_TRUSTED_PROXIES,
#: Werkzeug's ProxyFix), not by gunicorn: trust no address here.
forwarded_allow_ips = ""
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
logger_class = "portal.gunicorn_logging.RedactingLogger"
#: Combined log format with the duration and the request id; path, request line and referer
#: are redacted by the logger class; no cookies, no query strings.
access_log_format = (
    '%(h)s - - %(t)s "%(r)s" %(s)s %(b)s %(D)sus "%(f)s" "%(a)s" rid=%({x-request-id}o)s'
)


# --- /metrics with several workers (docs/operations.md, section 8) ---------------------------
# Each worker counts in its own files in PROMETHEUS_MULTIPROC_DIR and /metrics adds them all
# up, whichever worker answers the scrape. The folder must be set before a worker imports
# prometheus_client and be empty at start (old files would be added to the new counts).
METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"
_own_metrics_dir: list[str] = []


def on_starting(server):
    """Give this server's workers one empty metrics folder (its own temporary one if unset)."""
    path = os.environ.get(METRICS_DIR)
    if not path:
        path = tempfile.mkdtemp(prefix="portal-metrics-")
        _own_metrics_dir.append(path)
        os.environ[METRICS_DIR] = path
    os.makedirs(path, mode=0o700, exist_ok=True)
    for entry in os.scandir(path):
        if entry.is_file() and entry.name.endswith(".db"):
            os.unlink(entry.path)


def child_exit(server, worker):
    """Drop a stopped worker's live gauges (its counts stay and keep being added up)."""
    if os.environ.get(METRICS_DIR):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the temporary metrics folder this server made for itself."""
    for path in _own_metrics_dir:
        shutil.rmtree(path, ignore_errors=True)
