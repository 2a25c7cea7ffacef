"""WeasyPrint, imported only when a PDF is made.

WeasyPrint needs Pango, HarfBuzz and fontconfig from the system (bin/system-deps installs
them). Importing it lazily keeps the rest of the portal running on a machine that lacks
them: only the PDF routes answer, with a clear page, "PDF not available".
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

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
