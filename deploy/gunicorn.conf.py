"""gunicorn settings for Eigen Regie (docs/operations.md): `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value can be overridden with an environment variable (GUNICORN_* below) or on the
command line. The access log leaves out secret tokens (portal/gunicorn_logging.py).
"""

import os

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
