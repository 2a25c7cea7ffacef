"""WeasyPrint, imported only when a PDF is made.

WeasyPrint needs Pango, HarfBuzz and fontconfig from the system (bin/system-deps installs
them). Importing it lazily keeps the rest of the portal running on a machine that lacks
them: only the PDF routes answer, with a clear page, "PDF not available".
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from types import ModuleType
from typing import Any

from flask import current_app
from werkzeug.exceptions import ServiceUnavailable

log = logging.getLogger(__name__)


class PdfUnavailable(ServiceUnavailable):
    """WeasyPrint or one of its system libraries is missing on this server."""

    description = "pdf"


def weasyprint() -> ModuleType:
    """Return the weasyprint module, or raise PdfUnavailable (a 503 with a clear page)."""
    try:
        import weasyprint as module
    except (ImportError, OSError) as exc:
        # OSError: "cannot load library 'libgobject-2.0-0'" and the like.
        log.error("PDF unavailable: %s (run bin/system-deps --run)", type(exc).__name__)
        raise PdfUnavailable() from exc
    return module


#: Parsed stylesheets per file: parsing one took 15-20 ms of a 100 ms talk card, on every
#: PDF. A WeasyPrint CSS object holds only the parsed rules and can serve many documents;
#: the files change only with a deploy, which restarts the workers.
_stylesheets: dict[str, Any] = {}


def stylesheet(path: str) -> Any:
    """Return the parsed WeasyPrint stylesheet of a file (parsed once per process)."""
    found = _stylesheets.get(path)
    if found is None:
        found = _stylesheets[path] = weasyprint().CSS(filename=path)
    return found


def no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Refuse every resource: a PDF needs none besides the stylesheet passed in."""
    raise ValueError(f"not fetched: {url}")


#: At most this many bytes of rendered PDFs are kept per worker process (memory only).
MEMO_BYTES = 8 * 1024 * 1024


class Memo:
    """Rendered PDFs by the digest of the HTML and stylesheet they came from.

    The same HTML gives the same PDF, so the digest is the whole key: two people share an
    entry only when their pages are byte for byte the same, and then they were going to get
    the same file anyway. Every access check, and the access-log row of a professional,
    happens before the HTML exists, so a revoked share never reaches the memo again. Entries
    live in this process's memory only (never on disk), for ``seconds`` at most, and the
    least recently used go first beyond MEMO_BYTES.
    """

    def __init__(self, limit: int = MEMO_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, now: float) -> bytes | None:
        """Return a PDF that has not expired, or None."""
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if found[0] <= now:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: str, pdf: bytes, expires: float) -> None:
        """Keep a PDF until it expires, making room by dropping the oldest used."""
        if len(pdf) > self.limit // 4:
            return  # a very large file (a whole dossier) would push out everything else
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (expires, pdf)
            self.size += len(pdf)
            while self.size > self.limit:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        self.size -= len(self.entries.pop(key)[1])


_memo = Memo()


def forget() -> None:
    """Drop every kept PDF of this process (tests; a worker's memo also ends with it)."""
    with _memo.lock:
        _memo.entries.clear()
        _memo.size = 0


def render(html: str, css_path: str) -> bytes:
    """Return the tagged PDF (PDF/UA-1) of a page with one stylesheet; nothing is fetched.

    A page rendered in the last PORTAL_PDF_MEMO_SECONDS (0: never kept) is sent again
    without laying it out anew: WeasyPrint's layout and painting are 90% of a PDF's cost.
    """
    base_url = current_app.config["BASE_URL"].rstrip("/") + "/"
    seconds = current_app.config["PDF_MEMO_SECONDS"]
    key = hashlib.sha256(f"{css_path}\0{base_url}\0{html}".encode()).hexdigest()
    now = time.monotonic()
    found = _memo.get(key, now) if seconds > 0 else None
    if found is not None:
        return found
    module = weasyprint()
    document = module.HTML(string=html, base_url=base_url, url_fetcher=no_fetching)
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet(css_path)], pdf_variant="pdf/ua-1")
    if seconds > 0:
        _memo.put(key, pdf, now + seconds)
    return pdf
