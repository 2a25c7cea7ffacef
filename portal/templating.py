"""What every template can use: navigation per role, display classes, the logout form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, current_app, has_request_context, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms import Field, SelectChoice

from portal.auth.models import Role, Theme
from portal.i18n import _l, current_language, format_date, format_datetime, number

#: Main navigation per role: (endpoint, label). Endpoints that do not exist yet are skipped,
#: so a feature appears in the menu by registering its blueprint.
NAVIGATION: dict[Role | None, list[tuple[str, Any]]] = {
    None: [
        ("home.index", _l("Home")),
        ("brochure.index", _l("Werkwijzer")),
    ],
    Role.EMPLOYEE: [
        ("home.index", _l("Home")),
        ("brochure.index", _l("Werkwijzer")),
        ("timeline.index", _l("My timeline")),
        ("learning.index", _l("Learn")),
        ("consults.index", _l("Talks")),
        ("logbook.index", _l("Logbook")),
        ("messages.index", _l("Messages")),
        ("sharing.index", _l("Sharing")),
        ("dossier.index", _l("Dossier")),
        ("account.index", _l("My account")),
    ],
    Role.COACH: [
        ("coach.index", _l("My employees")),
        ("brochure.index", _l("Werkwijzer")),
        ("account.index", _l("My account")),
    ],
    Role.PROFESSIONAL: [
        ("professional.index", _l("Received")),
        ("brochure.index", _l("Werkwijzer")),
        ("account.index", _l("My account")),
    ],
    Role.ADMIN: [
        ("admin.index", _l("Accounts")),
        ("admin.coach_links", _l("Coach links")),
        ("evaluation.index", _l("Evaluation figures")),
        ("account.index", _l("My account")),
    ],
}


def frame_url(endpoint: str, **values: Any) -> str:
    """url_for, with the addresses that take no arguments built once per app and mount point.

    A page's frame links to the same dozen addresses on every request (navigation, footer,
    stylesheets); building each through the URL map cost about 10 µs. Such an address
    depends only on the endpoint (and a static file's name) and where the app is mounted,
    so it is kept per (mount point, endpoint, file name). Everything else goes to url_for,
    and so does everything once the app has url_defaults callbacks (it has none).
    """
    if (
        (values and (endpoint != "static" or values.keys() != {"filename"}))
        or endpoint.startswith(".")  # relative to the current blueprint
        or not has_request_context()
        or current_app.url_default_functions  # values that could depend on the request
    ):
        return url_for(endpoint, **values)
    key = (request.script_root, endpoint, values.get("filename"))
    cache: dict[tuple[str, str, str | None], str] = current_app.extensions["portal_urls"]
    found = cache.get(key)
    if found is None:
        found = cache[key] = url_for(endpoint, **values)
    return found


def navigation() -> list[dict[str, Any]]:
    """Return the menu for the current user, marking the one current section."""
    role = current_user.role if current_user.is_authenticated else None
    entries = [(e, label) for e, label in NAVIGATION[role] if e in current_app.view_functions]
    endpoints = [endpoint for endpoint, _label in entries]
    current = request.endpoint if request.endpoint in endpoints else None
    if current is None:  # a sub-page: mark the first item of the same feature
        current = next(
            (e for e in endpoints if e.split(".", 1)[0] == request.blueprint != "home"), None
        )
    unread = _unread() if {"messages.index", "coach.index"} & set(endpoints) else 0
    return [
        {
            "url": frame_url(endpoint),
            "label": label,
            "current": endpoint == current,
            "badge": unread if endpoint in ("messages.index", "coach.index") else 0,
        }
        for endpoint, label in entries
    ]


def _unread() -> int:
    """Return the current user's unread messages (one query; 0 for visitors)."""
    from portal.messages.services import unread_count

    return unread_count(current_user) if current_user.is_authenticated else 0


def display_classes() -> str:
    """Return the <html> classes for the user's display options."""
    if not current_user.is_authenticated:
        return ""
    classes = []
    if current_user.is_text_large:
        classes.append("text-large")
    if current_user.theme is not Theme.AUTO:
        classes.append(f"theme-{current_user.theme.value}")
    return " ".join(classes)


def lang_url(code: str) -> str:
    """Return the current page's URL with ?lang=code (other query arguments kept)."""
    if request.endpoint is None or request.view_args is None:
        return url_for("home.index", lang=code)
    values: dict[str, Any] = {**request.args.to_dict(), **request.view_args, "lang": code}
    return url_for(request.endpoint, **values)


def format_date_filter(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """Format a date in the user's language (datetimes shown in Dutch local time)."""
    if value is None:
        return ""
    return format_date(value, style)


def format_datetime_filter(value: dt.datetime | None) -> str:
    """Format a moment in the user's language, in Dutch local time."""
    return "" if value is None else format_datetime(value, "medium")


def html_datetime_filter(value: dt.datetime | None) -> str:
    """Return a valid HTML datetime attribute: whole seconds, UTC marked with Z when naive."""
    if value is None:
        return ""
    value = value.replace(microsecond=0)
    if value.tzinfo is None:
        return value.isoformat() + "Z"  # the portal stores moments in UTC
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"


#: Rendered radio options per (language, field, choices, answer): see radio_options().
_RADIO_OPTIONS: dict[tuple[Any, ...], Markup] = {}
RADIO_OPTIONS_MAX = 4096


def _choices_key(choices: Any) -> tuple[Any, ...]:
    """Return a field's choices as a dictionary key (TypeError when they carry attributes)."""
    key = []
    for choice in choices:
        if isinstance(choice, SelectChoice):
            if choice.render_kw:
                raise TypeError("a choice with its own attributes")
            key.append((choice.value, str(choice.label), choice.optgroup))
        else:
            key.append(tuple(choice))
    return tuple(key)


def radio_options(field: Field, label_class: str = "choice scale__option") -> Markup:
    """Return a radio field's options as <label><input> pairs, each rendered once.

    WTForms builds every radio button anew on every request (about 40 µs each; the 21 of
    "Was this useful?" were a third of a brochure chapter's time). The markup depends only
    on the language, the field's id, name and choices and the chosen answer, none of them
    personal beyond which of 0-10 is ticked, so it is kept per that key. A field with
    errors or extra attributes is rendered anew.
    """
    key: tuple[Any, ...] | None = None
    if not field.errors and not field.render_kw:
        key = (current_language(), label_class, field.id, field.name, field.data)
        try:
            key += _choices_key(field.choices)
            found = _RADIO_OPTIONS.get(key)
        except TypeError:  # a choice or answer that cannot be a key
            key, found = None, None
        if found is not None:
            return found
    html = Markup("\n").join(
        Markup('<label class="{}">{} {}</label>').format(label_class, option(), option.label.text)
        for option in field
    )
    if key is not None and len(_RADIO_OPTIONS) < RADIO_OPTIONS_MAX:
        _RADIO_OPTIONS[key] = html
    return html


def init_templating(app: Flask) -> None:
    """Register the context processor and template globals."""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    from portal.textsafety import init_text_safety

    init_text_safety(app)
    from portal.links.coach_change import staff_identifier

    app.add_template_filter(staff_identifier, "staff_id")
    from portal.logbook import charts

    app.add_template_filter(charts.number, "svg_number")
    app.add_template_filter(charts.dots_path, "svg_dots")

    app.add_template_filter(format_date_filter, "format_date")
    app.add_template_filter(format_datetime_filter, "format_datetime")
    app.add_template_filter(html_datetime_filter, "html_datetime")
    app.add_template_global(radio_options, "radio_options")
    app.add_template_global(number, "number")  # hours and figures in the reader's language
    app.extensions["portal_urls"] = {}
    app.jinja_env.globals["url_for"] = frame_url

    @app.context_processor
    def page_context() -> dict[str, Any]:
        return {
            "navigation": navigation,
            "display_classes": display_classes,
            "lang_url": lang_url,
            "Role": Role,
        }
