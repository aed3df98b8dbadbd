"""Template helpers behind ``macros/fields.html``: which control a ticket field gets and what it shows.

The macros are shared by the agent workspace and the portal, so the helpers are installed as globals
of the one Jinja environment when the web package loads (:func:`install`). Values reach the macros in
two shapes: typed values read from the extension table (``date``, ``Decimal``, ``list``...) and the raw
strings a user just submitted (re-rendering a form after a validation error); both are handled.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment

from ticketwise.tickets.types.kinds import DEFAULT_FORM_TIMEZONE, spec_for
from ticketwise.tickets.types.models import TicketField

_CHECKED = frozenset({"1", "true", "on", "yes", "y", "t"})


def field_widget(field: TicketField) -> str:
    """The widget name of the field's kind (``text``, ``textarea``, ``select-multiple``, ``user``...)."""
    return spec_for(field.kind).widget


def field_input_value(field: TicketField, value: Any, tz: str = DEFAULT_FORM_TIMEZONE) -> Any:
    """The value as the field's control expects it: a string for inputs, a list of strings for
    multi-selects, a bool for checkboxes. Datetimes are shown in ``tz``, the zone the form parser
    reads naive ``datetime-local`` input in."""
    widget = field_widget(field)
    if widget == "select-multiple":
        if value is None or value == "":
            return []
        items = [value] if isinstance(value, str) else value
        return [str(item) for item in items if str(item).strip()]
    if widget == "checkbox":
        if isinstance(value, list):
            value = value[-1] if value else None
        if isinstance(value, str):
            return value.strip().lower() in _CHECKED
        return bool(value)
    if value is None:
        return ""
    if isinstance(value, list) and widget != "json":
        # A repeated raw input: the last one wins, as in the form parser.
        value = value[-1] if value else ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if widget == "json":
        return json.dumps(value, ensure_ascii=False, indent=2)
    return str(value)


def field_display(field: TicketField, value: Any, user_names: dict[int, str] | None = None) -> str:
    """The value as people read it; a ``user`` field shows the name when ``user_names`` knows it."""
    if field.kind == "user" and value not in (None, "") and user_names:
        try:
            name = user_names.get(int(value))
        except (TypeError, ValueError):
            name = None
        if name:
            return name
    return spec_for(field.kind).display(value, field)


def install(environment: Environment) -> None:
    """Make the helpers available to every template (the macros call them by these names)."""
    environment.globals["field_widget"] = field_widget
    environment.globals["field_input_value"] = field_input_value
    environment.globals["field_display"] = field_display
