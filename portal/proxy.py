"""Running behind a TLS-terminating reverse proxy (docs/operations.md).

`PORTAL_TRUSTED_PROXIES=N` trusts the X-Forwarded-For/-Proto/-Host/-Port headers set by the N
proxies in front of the app (Werkzeug's ProxyFix): the client's own IP then reaches the rate
limits and the logs, and the request knows it came in over https on the public host name.
With 0 (the default) the headers are ignored, so a client cannot forge its address.

Cross-site form posts are refused by the CSRF token (and SameSite cookies). Flask-WTF's extra
"strict referrer" check on https compares the Referer with the Host header, which breaks when
a proxy rewrites Host or strips Referer; instead this checks the browser's Origin header (sent
with every form post by current browsers), falling back to the Referer when there is no Origin,
against the public address in PORTAL_BASE_URL and the request's own host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = (parts.hostname or "").lower()
    netloc = host if port in (None, default) else f"{host}:{port}"
    return f"{parts.scheme}://{netloc}"


def allowed_origins() -> set[str]:
    """The origins a form may be posted from: the public base URL and this request's host."""
    return {_origin(current_app.config["BASE_URL"]), _origin(f"{request.scheme}://{request.host}")}


def check_origin() -> None:
    """Refuse an unsafe request whose Origin (or, lacking it, Referer) is another site."""
    if request.method not in UNSAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    claimed = request.headers.get("Origin") or request.referrer or ""
    if not claimed or claimed == "null":
        return  # no header at all (privacy proxy, old client): the CSRF token decides
    if _origin(claimed) not in allowed_origins():
        raise CSRFError("The origin does not match this site.")


def init_proxy(app: Flask) -> None:
    """Trust PORTAL_TRUSTED_PROXIES proxies' forwarded headers; check origins, not Host."""
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )
    app.config["WTF_CSRF_SSL_STRICT"] = False
    app.before_request(check_origin)
