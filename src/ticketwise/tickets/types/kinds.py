"""Field kinds of ticket types (DESIGN §4): storage column, Pydantic annotation, form widget, display.

Everything that depends on a field's kind is looked up here through :func:`spec_for`, so adding a
kind means adding one :class:`KindSpec`. Form parsing is strict: ``parse_form`` returns ``None`` for
an empty input, the Python value for a readable one, and raises ``ValueError`` for anything else (the
registry turns that into the kind's ``invalid_message`` naming the field).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import AwareDatetime, EmailStr, JsonValue

from ticketwise.core.clock import ensure_utc
from ticketwise.core.db import PortableJSON, UTCDateTime
from ticketwise.core.i18n import N_, format_date, format_datetime, gettext

if TYPE_CHECKING:
    from ticketwise.tickets.types.models import TicketField

# Naive form input (``datetime-local`` sends no offset) is read in this zone: the default of
# ``User.timezone``. Callers that know the user's zone pass it explicitly.
DEFAULT_FORM_TIMEZONE = "Asia/Shanghai"

TEXT_MAX_LENGTH = 500
REFERENCE_MAX_LENGTH = 200
LONG_TEXT_MAX_LENGTH = 20_000
DECIMAL_COLUMN_DIGITS = 18
DECIMAL_PLACES = 4
# SQLite keeps NUMERIC values as 64-bit floats, exact to 15 significant digits; accepting no more keeps
# decimals lossless on both databases (up to 99,999,999,999.9999).
DECIMAL_MAX_DIGITS = 15

_TRUE = frozenset({"1", "true", "on", "yes", "y", "t"})
_FALSE = frozenset({"0", "false", "off", "no", "n", "f"})


class FieldKind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    SELECT = "select"
    MULTI_SELECT = "multi_select"
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    USER = "user"
    REFERENCE = "reference"
    JSON = "json"


def _last(raw: str | list[str]) -> str:
    """The last submitted value: a checkbox after its hidden ``false`` input wins."""
    if isinstance(raw, list):
        return raw[-1] if raw else ""
    return raw


def _parse_text(text: str, _tz: str) -> str:
    return text


def _parse_long_text(text: str, _tz: str) -> str:
    return text.replace("\r\n", "\n")


def _parse_integer(text: str, _tz: str) -> int:
    return int(text)


def _parse_decimal(text: str, _tz: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def _parse_boolean(text: str, _tz: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(text)


def _parse_date(text: str, _tz: str) -> date:
    return date.fromisoformat(text)


def _parse_datetime(text: str, tz: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    return ensure_utc(value)


def _parse_json(text: str, _tz: str) -> Any:
    return json.loads(text)


def _display_plain(value: Any, _field: TicketField) -> str:
    return str(value)


def _display_decimal(value: Any, _field: TicketField) -> str:
    return f"{Decimal(value).normalize():f}"


def _display_boolean(value: Any, _field: TicketField) -> str:
    return gettext("Yes") if value else gettext("No")


def _display_date(value: Any, _field: TicketField) -> str:
    return format_date(value)


def _display_datetime(value: Any, _field: TicketField) -> str:
    return format_datetime(value)


def _display_select(value: Any, field: TicketField) -> str:
    return field.option_label(value)


def _display_multi_select(value: Any, field: TicketField) -> str:
    return ", ".join(field.option_label(item) for item in value)


def _display_user(value: Any, _field: TicketField) -> str:
    # Names need a query; the detail panel resolves them, this is the fallback.
    return f"#{value}"


def _display_json(value: Any, _field: TicketField) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class KindSpec:
    """How one field kind is stored, validated, entered and shown.

    ``text_like`` kinds accept ``regex``/``min_length``/``max_length`` validation, ``bounded`` ones
    ``min``/``max``; ``indexable`` says whether a B-tree index on the column is sensible.
    """

    kind: FieldKind
    label: str
    widget: str
    annotation: Any
    invalid_message: str
    _column: Callable[[], sa.types.TypeEngine[Any]]
    _parse: Callable[[str, str], Any]
    _display: Callable[[Any, TicketField], str] = _display_plain
    text_like: bool = False
    bounded: bool = False
    indexable: bool = True
    max_length: int | None = None

    def column_type(self) -> sa.types.TypeEngine[Any]:
        return self._column()

    def parse_form(self, raw: str | list[str] | None, *, tz: str = DEFAULT_FORM_TIMEZONE) -> Any:
        """A submitted form value as Python; empty input is ``None``; unreadable input raises ValueError."""
        if raw is None:
            return None
        if self.kind is FieldKind.MULTI_SELECT:
            items = [raw] if isinstance(raw, str) else raw
            values = [item.strip() for item in items if item and item.strip()]
            return values or None
        text = _last(raw).strip()
        if not text:
            return None
        return self._parse(text, tz)

    def display(self, value: Any, field: TicketField) -> str:
        """The value as people read it in a detail panel (labels of options, local dates)."""
        if value is None or value == "" or value == []:
            return ""
        return self._display(value, field)


_SPECS: dict[FieldKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            FieldKind.TEXT,
            N_("Text"),
            "text",
            str,
            N_("%(name)s must be text."),
            lambda: sa.String(TEXT_MAX_LENGTH),
            _parse_text,
            text_like=True,
            max_length=TEXT_MAX_LENGTH,
        ),
        KindSpec(
            FieldKind.LONG_TEXT,
            N_("Long text"),
            "textarea",
            str,
            N_("%(name)s must be text."),
            sa.Text,
            _parse_long_text,
            text_like=True,
            # Long values break B-tree indexes on PostgreSQL (entries are limited to ~2.7 kB).
            indexable=False,
            max_length=LONG_TEXT_MAX_LENGTH,
        ),
        KindSpec(
            FieldKind.INTEGER,
            N_("Whole number"),
            "number",
            int,
            N_("%(name)s must be a whole number."),
            sa.BigInteger,
            _parse_integer,
            bounded=True,
        ),
        KindSpec(
            FieldKind.DECIMAL,
            N_("Decimal number"),
            "number",
            Decimal,
            N_("%(name)s must be a number with at most 15 digits, 4 of them after the decimal point."),
            lambda: sa.Numeric(DECIMAL_COLUMN_DIGITS, DECIMAL_PLACES),
            _parse_decimal,
            _display_decimal,
            bounded=True,
        ),
        KindSpec(
            FieldKind.BOOLEAN,
            N_("Yes / no"),
            "checkbox",
            bool,
            N_("%(name)s must be yes or no."),
            sa.Boolean,
            _parse_boolean,
            _display_boolean,
        ),
        KindSpec(
            FieldKind.DATE,
            N_("Date"),
            "date",
            date,
            N_("%(name)s must be a date (YYYY-MM-DD)."),
            sa.Date,
            _parse_date,
            _display_date,
            bounded=True,
        ),
        KindSpec(
            FieldKind.DATETIME,
            N_("Date and time"),
            "datetime-local",
            AwareDatetime,
            N_("%(name)s must be a date and time with a time zone."),
            UTCDateTime,
            _parse_datetime,
            _display_datetime,
        ),
        KindSpec(
            FieldKind.SELECT,
            N_("Choice"),
            "select",
            str,
            N_("%(name)s must be one of the offered choices."),
            lambda: sa.String(TEXT_MAX_LENGTH),
            _parse_text,
            _display_select,
        ),
        KindSpec(
            FieldKind.MULTI_SELECT,
            N_("Multiple choice"),
            "select-multiple",
            list[str],
            N_("%(name)s must be a list of the offered choices."),
            PortableJSON,
            _parse_text,
            _display_multi_select,
            indexable=False,
        ),
        KindSpec(
            FieldKind.EMAIL,
            N_("Email address"),
            "email",
            EmailStr,
            N_("%(name)s must be a valid email address."),
            lambda: sa.String(TEXT_MAX_LENGTH),
            _parse_text,
            max_length=254,
        ),
        KindSpec(
            FieldKind.PHONE,
            N_("Phone number"),
            "tel",
            str,
            N_("%(name)s must be a phone number (digits, spaces, +, -, parentheses)."),
            lambda: sa.String(TEXT_MAX_LENGTH),
            _parse_text,
            text_like=True,
            max_length=40,
        ),
        KindSpec(
            FieldKind.URL,
            N_("Web address"),
            "url",
            str,
            N_("%(name)s must be a web address starting with http:// or https://."),
            lambda: sa.String(TEXT_MAX_LENGTH),
            _parse_text,
            max_length=TEXT_MAX_LENGTH,
        ),
        KindSpec(
            FieldKind.USER,
            N_("User"),
            "user",
            int,
            N_("%(name)s must be a user."),
            sa.Integer,
            _parse_integer,
            _display_user,
        ),
        KindSpec(
            FieldKind.REFERENCE,
            N_("Asset / reference"),
            "text",
            str,
            N_("%(name)s must be text."),
            lambda: sa.String(REFERENCE_MAX_LENGTH),
            _parse_text,
            text_like=True,
            max_length=REFERENCE_MAX_LENGTH,
        ),
        KindSpec(
            FieldKind.JSON,
            N_("JSON"),
            "json",
            JsonValue,
            N_("%(name)s must be valid JSON."),
            PortableJSON,
            _parse_json,
            _display_json,
            indexable=False,
        ),
    )
}

KIND_CHOICES: list[tuple[str, str]] = [(kind.value, _SPECS[kind].label) for kind in FieldKind]
"""``(value, untranslated label)`` pairs for admin forms, in declaration order."""


def spec_for(kind: FieldKind | str) -> KindSpec:
    """The spec of a kind; ValueError for a name that is not a :class:`FieldKind`."""
    return _SPECS[FieldKind(kind)]
