"""Languages: Dutch by default, English complete; ?lang= switches and is remembered."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, session
from flask_babel import Babel, format_decimal, get_locale, gettext, lazy_gettext, ngettext
from flask_login import current_user

babel = Babel()

_ = gettext
_l = lazy_gettext
__all__ = ["_", "_l", "babel", "current_language", "init_i18n", "ngettext"]


def remember_language() -> None:
    """Store ?lang= for this browser (and the profile), also on pages that redirect."""
    asked = request.args.get("lang", "")
    if asked not in current_app.config["LANGUAGES"] or request.endpoint == "static":
        return
    session["lang"] = asked
    # Remember it in the profile too: a display preference, idempotent, no personal data.
    if current_user.is_authenticated and current_user.locale != asked:
        current_user.locale = asked
        from portal.db import db

        db.session.commit()


def select_locale() -> str:
    """Pick the language: this browser's choice, then the profile, then Dutch."""
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang", "")
    if asked in languages:
        return asked
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    if current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def current_language() -> str:
    """Return the active language code ('nl' or 'en')."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_i18n(app: Flask) -> None:
    """Bind Flask-Babel to the app with our translations folder."""
    app.before_request(remember_language)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=app.config["TRANSLATIONS_DIR"],
    )

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {"current_language": current_language()}


def number(value: float | None) -> str:
    """Format a figure with at most one decimal in the user's language; empty for no value."""
    return "" if value is None else format_decimal(value, format="0.#")
