"""Form base classes: every form carries a CSRF token."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, FieldList, SelectChoice, SelectMultipleField, ValidationError, widgets

from portal.i18n import _l


class BaseForm(FlaskForm):
    """Base of every form in the portal (CSRF on, messages translatable)."""


class ActionForm(BaseForm):
    """A form with only a CSRF token, for buttons that act (log out, revoke, accept)."""


class MaxLength:
    """Reject text longer than a maximum, with a translated message naming the maximum."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        if field.data is not None and len(field.data) > self.maximum:
            raise ValidationError(_l("Use at most %(max)d characters.", max=self.maximum))


class NoControlCharacters:
    """Reject NUL and other control characters that have no place in a line of text."""

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        if field.data and any(ord(c) < 32 and c not in "\r\n\t" for c in field.data):
            raise ValidationError(_l("This text contains characters that are not allowed."))


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into choices for a select or radio field."""
    return [SelectChoice(value, label) for value, label in pairs]


#: Message when a posted value is not one of the offered choices (a forged form).
INVALID_CHOICE = _l("Choose one of the options.")


class NoInvisibleCharacters:
    """Refuse bidi controls and invisible characters (names and e-mail addresses)."""

    def __call__(self, _form: FlaskForm, field: Field) -> None:
        from portal.textsafety import has_invisible

        if isinstance(field.data, str) and has_invisible(field.data):
            raise ValidationError(
                _l(
                    "This contains invisible or direction-changing characters. "
                    "Type it again without copying and pasting."
                )
            )


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes with one name."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


#: Posted whole numbers beyond this are not ids, scores or choices of ours.
INT_LIMIT = 2**31


def int_or_none(value: Any) -> int | None:
    """Read a posted whole number; empty, not a number or out of range reads as None.

    Used as a field's coerce: then no offered choice matches, and the field says why.
    """
    text = "" if value is None else str(value).strip()
    try:
        number = int(text)
    except ValueError:
        return None
    return number if -INT_LIMIT < number < INT_LIMIT else None


def pad_rows(field: FieldList, filled: int, least: int, most: int) -> None:
    """Offer one empty row after the filled ones: at least ``least`` rows, at most ``most``.

    Rows are added here and not with ``min_entries``: WTForms would fill those extra rows
    from the posted form again when a row in the middle was left empty.
    """
    while len(field.entries) < min(max(filled + 1, least), most):
        field.append_entry()
