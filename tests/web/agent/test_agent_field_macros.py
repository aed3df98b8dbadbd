"""The shared field macros (``macros/fields.html``) and their helpers, as the portal also uses them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ticketwise.core.i18n import use_locale
from ticketwise.tickets.types.models import TicketField, TicketType
from ticketwise.web.agent.field_widgets import field_display, field_input_value
from ticketwise.web.templating import environment

MACROS = '{% from "macros/fields.html" import field_inputs, field_panel %}'


def render(source: str, **context) -> str:
    import ticketwise.web.agent  # noqa: F401 - installs the helpers the macros call

    with use_locale("en"):
        return environment.from_string(MACROS + source).render(**context)


def field(name: str, kind: str, **extra) -> TicketField:
    return TicketField(
        name=name,
        kind=kind,
        labels={"en": name.title(), "zh": name},
        help=extra.pop("help", {}),
        required=extra.pop("required", False),
        validation=extra.pop("validation", {}),
        options=extra.pop("options", []),
        customer_visible=extra.pop("customer_visible", True),
        hidden=extra.pop("hidden", False),
        **extra,
    )


@pytest.fixture
def ticket_type() -> TicketType:
    choices = [
        {"value": "a", "labels": {"en": "Alpha", "zh": "甲"}},
        {"value": "b", "labels": {"en": "Beta", "zh": "乙"}},
    ]
    return TicketType(
        slug="demo",
        names={"en": "Demo"},
        fields=[
            field(
                "location", "text", required=True, help={"en": "Where it is."}, validation={"max_length": 40}
            ),
            field("level", "select", options=choices),
            field("tags", "multi_select", options=choices),
            field("urgent", "boolean"),
            field("due", "date"),
            field("amount", "decimal", validation={"min": 0}),
            field("internal_cost", "integer", customer_visible=False),
            field("retired", "text", hidden=True),
        ],
    )


def test_inputs_follow_the_kind_widgets_with_labels_help_required_and_errors(ticket_type):
    html = render(
        "{{ field_inputs(t, values, errors, 'agent') }}",
        t=ticket_type,
        values={
            "location": "Hall 1",
            "level": "b",
            "tags": ["a", "b"],
            "urgent": True,
            "due": date(2026, 3, 1),
            "amount": Decimal("12.50"),
        },
        errors={"fields.location": "Location is too long."},
    )
    assert re.search(
        r'<input class="form-control is-invalid" type="text" id="f_location" name="f_location" value="Hall 1"',
        html,
    )
    assert 'maxlength="40"' in html and "required" in html
    assert "Where it is." in html and "Location is too long." in html
    assert '<option value="b" selected>Beta</option>' in html
    assert re.search(r'name="f_tags"\s+value="a" checked', html) and re.search(
        r'name="f_tags"\s+value="b" checked', html
    )
    assert '<input type="hidden" name="f_urgent" value="false">' in html
    assert re.search(r'name="f_urgent" value="true"\s+checked', html)
    assert 'type="date" id="f_due" name="f_due" value="2026-03-01"' in html
    assert 'type="number" id="f_amount" name="f_amount" value="12.5"' in html and 'min="0"' in html
    assert 'name="f_internal_cost"' in html
    assert "f_retired" not in html


def test_customers_do_not_get_agent_only_fields(ticket_type):
    html = render("{{ field_inputs(t, {}, {}, 'customer', prefix='x_') }}", t=ticket_type)
    assert 'name="x_location"' in html
    assert "internal_cost" not in html


def test_panel_shows_display_values_and_a_dash_for_empty_ones(ticket_type):
    html = render(
        "{{ field_panel(t, values, 'agent') }}",
        t=ticket_type,
        values={"location": "Hall 1", "level": "a", "tags": ["a", "b"], "urgent": False},
    )
    assert "Hall 1" in html and "Alpha" in html and "Alpha, Beta" in html and "No" in html
    assert html.count("—") == 3  # due, amount and internal_cost are empty
    assert "Internal_Cost" in html
    assert "Internal_Cost" not in render("{{ field_panel(t, {}, 'customer') }}", t=ticket_type)


def test_input_values_from_typed_and_submitted_data():
    when = datetime(2026, 3, 1, 1, 30, tzinfo=UTC)
    assert field_input_value(field("at", "datetime"), when) == "2026-03-01T09:30"  # shown in Asia/Shanghai
    assert field_input_value(field("at", "datetime"), ["2026-03-01T08:00"]) == "2026-03-01T08:00"
    assert field_input_value(field("ok", "boolean"), ["false", "true"]) is True
    assert field_input_value(field("ok", "boolean"), ["false"]) is False
    assert field_input_value(field("n", "multi_select"), ["", "x"]) == ["x"]
    assert field_input_value(field("j", "json"), {"a": 1}) == '{\n  "a": 1\n}'
    assert field_input_value(field("t", "text"), None) == ""
    user_field = field("owner", "user")
    assert field_display(user_field, 7, {7: "Alice"}) == "Alice"
    assert field_display(user_field, 8, {7: "Alice"}) == "#8"
