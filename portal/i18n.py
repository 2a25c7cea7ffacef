"""Languages: Dutch by default, English complete; ?lang= switches and is remembered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import flask_babel
from babel import Locale, dates, numbers
from babel.support import NullTranslations
from flask import Flask, current_app, g, request, session
from flask_babel import Babel, get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user

babel = Babel()

__all__ = ["_", "_l", "babel", "current_language", "init_i18n", "ngettext"]


# --- translations, looked up once per request --------------------------------------------
#
# Flask-Babel finds the translations anew for every string (app, domain, locale, cache: about
# a dozen context-local lookups), and a page translates 50-150 strings. These functions keep
# the request's translations beside Flask-Babel's own per-request state, keyed by the locale
# object, so force_locale() (e-mail in the recipient's language) still switches them.


def translations() -> NullTranslations:
    """Return the translations of the current locale (cached for this request)."""
    try:
        state = g._flask_babel
        locale, found = state.portal_translations
        if locale is state.babel_locale:
            return found
    except (AttributeError, RuntimeError):
        pass  # first string of the request, outside a request, or the locale was forced
    found = get_translations()
    state = g.get("_flask_babel") if g else None
    if state is not None:
        state.portal_translations = (getattr(state, "babel_locale", None), found)
    return found


def locale() -> Locale:
    """Return the current locale (Flask-Babel's choice, read without the lookups)."""
    try:
        found = g._flask_babel.babel_locale
        if found is not None:
            return found
    except (AttributeError, RuntimeError):
        pass
    return get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])


def gettext(string: str, **variables: Any) -> str:
    """Translate a message (Flask-Babel's gettext, with the request's cached translations)."""
    text = translations().ugettext(string)
    return text if not variables else text % variables


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """Translate a message with a singular and plural form; %(num)s is the number."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """Translate when used (for messages defined at import time)."""
    return LazyString(gettext, string, **variables)


_ = gettext
_l = lazy_gettext


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
    # The same callables as Flask-Babel installs, with the per-request translations.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {"current_language": current_language()}


#: The pattern of number(), parsed once (Babel parses a number pattern on every call).
NUMBER_PATTERN = numbers.parse_pattern("0.#")


def number(value: float | None) -> str:
    """Format a figure with at most one decimal in the user's language; empty for no value."""
    if value is None:
        return ""
    return NUMBER_PATTERN.apply(value, locale(), numbering_system="latn")


def timezone() -> dt.tzinfo:
    """Return the timezone moments are shown in (Flask-Babel's, read without the lookups)."""
    try:
        found = g._flask_babel.babel_tzinfo
        if found is not None:
            return found
    except (AttributeError, RuntimeError):
        pass
    return flask_babel.get_timezone()


#: Per (locale, style): the date-time frame without quotes, the time and the date pattern.
_DATETIME_PARTS: dict[tuple[str, str], tuple[str, Any, Any]] = {}


def format_datetime(value: dt.datetime, style: str = "medium") -> str:
    """Format a moment in the user's language and in Dutch local time.

    The same steps as Babel's format_datetime for the four named styles (the locale's
    date-time frame with its quotes removed, the time and the date put in), with the frame
    and both patterns looked up once per locale instead of on every call.
    """
    current = locale()
    key = (str(current), style)
    parts = _DATETIME_PARTS.get(key)
    if parts is None:
        parts = _DATETIME_PARTS[key] = (
            str(dates.get_datetime_format(style, locale=current)).replace("'", ""),  # type: ignore[arg-type]
            dates.parse_pattern(dates.get_time_format(style, locale=current)),  # type: ignore[arg-type]
            dates.parse_pattern(dates.get_date_format(style, locale=current)),  # type: ignore[arg-type]
        )
    zone = timezone()
    moment = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(zone)
    if hasattr(zone, "normalize"):  # pytz
        moment = zone.normalize(moment)
    frame, time_pattern, date_pattern = parts
    return frame.replace("{0}", time_pattern.apply(moment, current)).replace(
        "{1}", date_pattern.apply(moment, current)
    )


def format_date(value: dt.date | dt.datetime, style: str = "long") -> str:
    """Format a date in the user's language; a moment is first put in Dutch local time.

    Same result as Flask-Babel's format_date, with the locale read once and the locale's
    date pattern looked up directly (Babel caches parsed patterns).
    """
    if isinstance(value, dt.datetime):
        return str(flask_babel.format_date(value, style))
    current = locale()
    if style in ("full", "long", "medium", "short"):
        pattern = dates.get_date_format(style, locale=current)  # type: ignore[arg-type]
        return str(dates.parse_pattern(pattern).apply(value, current))
    return str(dates.parse_pattern(style).apply(value, current))
