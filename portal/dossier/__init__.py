"""The employee's own reintegration dossier: contacts, documents, notes and the plan van aanpak."""

from portal.dossier import views, views_export, views_plan  # noqa: F401 - their routes join the blueprint
from portal.dossier.blueprint import bp

__all__ = ["bp"]
