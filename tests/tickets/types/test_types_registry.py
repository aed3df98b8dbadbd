"""Generated models, validation messages, form parsing and extractors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import use_locale
from ticketwise.tickets.types import registry, service
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.schemas import FieldIn, FieldPatch, TicketTypeIn, TicketTypePatch
from ticketwise.users.models import User


@pytest.fixture
def asset_type(session: Session, admin: User) -> TicketType:
    ticket_type = service.create_type(
        session,
        admin,
        TicketTypeIn(
            slug="assets",
            names={"zh": "资产", "en": "Assets"},
            extractors=[
                {"field": "asset_number", "pattern": r"\b(IT-\d{6})\b"},
                {"field": "asset_number", "pattern": r"资产编号[:：]\s*(?P<value>[A-Z0-9-]+)"},
                {"field": "quantity", "pattern": r"(\d+)\s*(?:台|units)"},
                {"field": "bought_on", "pattern": r"bought on (\S+)"},
                {"field": "internal_note", "pattern": r"note: (.+)"},
            ],
        ),
    )
    definitions = [
        FieldIn(
            name="asset_number",
            kind=FieldKind.REFERENCE,
            label={"zh": "资产编号", "en": "Asset number"},
            required=True,
            validation={"regex": r"IT-\d{6}"},
        ),
        FieldIn(
            name="quantity",
            kind=FieldKind.INTEGER,
            label={"zh": "数量", "en": "Quantity"},
            default=1,
            validation={"min": 1, "max": 10},
        ),
        FieldIn(name="price", kind=FieldKind.DECIMAL, label={"en": "Price"}, validation={"min": 0}),
        FieldIn(
            name="bought_on", kind=FieldKind.DATE, label={"en": "Bought on"}, validation={"max": "2030-12-31"}
        ),
        FieldIn(name="owner_email", kind=FieldKind.EMAIL, label={"en": "Owner email"}),
        FieldIn(name="manual", kind=FieldKind.URL, label={"en": "Manual"}),
        FieldIn(name="hotline", kind=FieldKind.PHONE, label={"en": "Hotline"}),
        FieldIn(name="arrived", kind=FieldKind.DATETIME, label={"en": "Arrived"}),
        FieldIn(name="insured", kind=FieldKind.BOOLEAN, label={"en": "Insured"}),
        FieldIn(
            name="condition",
            kind=FieldKind.SELECT,
            label={"zh": "状况", "en": "Condition"},
            options=[
                {"value": "new", "labels": {"zh": "全新", "en": "New"}},
                {"value": "used", "labels": {"zh": "二手", "en": "Used"}},
            ],
        ),
        FieldIn(
            name="accessories",
            kind=FieldKind.MULTI_SELECT,
            label={"en": "Accessories"},
            options=[
                {"value": "charger", "labels": {"en": "Charger"}},
                {"value": "bag", "labels": {"en": "Bag"}},
            ],
        ),
        FieldIn(name="nickname", kind=FieldKind.TEXT, label={"en": "Nickname"}, validation={"max_length": 5}),
        FieldIn(
            name="internal_note",
            kind=FieldKind.LONG_TEXT,
            label={"en": "Internal note"},
            customer_visible=False,
        ),
    ]
    for definition in definitions:
        service.add_field(session, admin, ticket_type, definition)
    return ticket_type


def _failure(ticket_type: TicketType, data: dict, **kwargs) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        registry.validate_fields(ticket_type, data, **{"audience": "agent", **kwargs})
    return caught.value


def test_clean_values_and_defaults(asset_type: TicketType) -> None:
    clean = registry.validate_fields(
        asset_type,
        {
            "asset_number": " IT-000123 ",
            "price": "19.99",
            "bought_on": "2024-03-01",
            "owner_email": "owner@example.com",
            "manual": "https://example.com/manual.pdf",
            "hotline": "+86 (10) 1234-5678",
            "arrived": "2024-03-01T08:00:00Z",
            "insured": True,
            "condition": "used",
            "accessories": ["bag", "charger", "bag"],
            "nickname": "",
        },
        audience="agent",
    )
    assert clean["asset_number"] == "IT-000123"
    assert clean["quantity"] == 1  # the default
    assert clean["price"] == Decimal("19.99")
    assert clean["bought_on"] == date(2024, 3, 1)
    assert clean["arrived"] == datetime(2024, 3, 1, 8, tzinfo=UTC)
    assert clean["accessories"] == ["bag", "charger"]
    assert clean["nickname"] is None
    assert clean["internal_note"] is None
    assert set(clean) == {f.name for f in asset_type.fields}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "asset_number", "Asset number is required."),
        ({"asset_number": "   "}, "asset_number", "Asset number is required."),
        ({"asset_number": "XX-1"}, "asset_number", "Asset number is not in the expected format."),
        ({"quantity": 11}, "quantity", "Quantity must be at most 10."),
        ({"quantity": 0}, "quantity", "Quantity must be at least 1."),
        ({"quantity": "many"}, "quantity", "Quantity must be a whole number."),
        ({"price": "-1"}, "price", "Price must be at least 0."),
        (
            {"price": "1.23456"},
            "price",
            "Price must be a number with at most 15 digits, 4 of them after the decimal point.",
        ),
        ({"bought_on": "2031-01-01"}, "bought_on", "Bought on must be at most 2030-12-31."),
        ({"bought_on": "yesterday"}, "bought_on", "Bought on must be a date (YYYY-MM-DD)."),
        ({"owner_email": "not-an-email"}, "owner_email", "Owner email must be a valid email address."),
        (
            {"manual": "ftp://example.com/x"},
            "manual",
            "Manual must be a web address starting with http:// or https://.",
        ),
        ({"manual": "https://"}, "manual", "Manual must be a web address starting with http:// or https://."),
        (
            {"hotline": "call me"},
            "hotline",
            "Hotline must be a phone number (digits, spaces, +, -, parentheses).",
        ),
        ({"arrived": "2024-03-01T08:00:00"}, "arrived", "Arrived must be a date and time with a time zone."),
        ({"condition": "broken"}, "condition", "Condition must be one of the offered choices."),
        (
            {"accessories": ["charger", "cable"]},
            "accessories",
            "Accessories must be one of the offered choices.",
        ),
        ({"accessories": "charger"}, "accessories", "Accessories must be a list of the offered choices."),
        ({"nickname": "too long"}, "nickname", "Nickname must be at most 5 characters long."),
    ],
)
def test_errors_name_the_field(asset_type: TicketType, data: dict, field: str, message: str) -> None:
    payload = {"asset_number": "IT-000001", **data}
    if not data:
        payload = {}
    with use_locale("en"):
        failure = _failure(asset_type, payload)
        assert failure.field == f"fields.{field}"
        assert failure.translated() == message


def test_messages_use_the_label_of_the_current_language(asset_type: TicketType) -> None:
    with use_locale("zh_CN"):
        failure = _failure(asset_type, {})
    assert failure.params["name"] == "资产编号"
    assert "资产编号" in str(failure)


def test_unknown_and_hidden_keys_are_refused(session: Session, admin: User, asset_type: TicketType) -> None:
    failure = _failure(asset_type, {"asset_number": "IT-000001", "colour": "red"})
    assert failure.field == "fields.colour"
    hidden = next(f for f in asset_type.fields if f.name == "nickname")
    service.hide_field(session, admin, hidden)
    assert _failure(asset_type, {"asset_number": "IT-000001", "nickname": "x"}).field == "fields.nickname"


def test_customers_cannot_set_agent_fields(asset_type: TicketType) -> None:
    failure = _failure(asset_type, {"asset_number": "IT-000001", "internal_note": "x"}, audience="customer")
    assert failure.field == "fields.internal_note"
    clean = registry.validate_fields(asset_type, {"asset_number": "IT-000001"}, audience="customer")
    assert "internal_note" not in clean


def test_partial_keeps_only_sent_keys(asset_type: TicketType) -> None:
    assert registry.validate_fields(asset_type, {"quantity": "3"}, audience="agent", partial=True) == {
        "quantity": 3
    }
    # A required field may be left out of an edit, but not emptied.
    failure = _failure(asset_type, {"asset_number": ""}, partial=True)
    assert failure.field == "fields.asset_number"
    assert failure.message == "%(name)s is required."


def test_models_are_cached_per_definition(session: Session, admin: User, asset_type: TicketType) -> None:
    model = registry.field_model(asset_type, audience="agent")
    assert registry.field_model(asset_type, audience="agent") is model
    assert registry.field_model(asset_type, audience="customer") is not model
    assert registry.field_model(asset_type, audience="agent", partial=True) is not model
    assert "internal_note" not in registry.field_model(asset_type, audience="customer").model_fields
    quantity = next(f for f in asset_type.fields if f.name == "quantity")
    service.update_field(session, admin, quantity, FieldPatch(validation={"min": 1, "max": 100}))
    changed = registry.field_model(asset_type, audience="agent")
    assert changed is not model
    assert (
        registry.validate_fields(asset_type, {"asset_number": "IT-000001", "quantity": 50}, audience="agent")[
            "quantity"
        ]
        == 50
    )


def test_json_schema_describes_the_fields(asset_type: TicketType) -> None:
    schema = registry.field_model(asset_type, audience="agent").model_json_schema()
    assert "asset_number" in schema["required"]
    condition = schema["properties"]["condition"]
    assert {"enum": ["new", "used"], "type": "string"} in condition["anyOf"]


def test_parse_form_fields(asset_type: TicketType) -> None:
    form = {
        "f_asset_number": "IT-000042",
        "f_quantity": "2",
        "f_bought_on": "2024-05-06",
        "f_arrived": "2024-05-06T10:00",
        "f_accessories": ["charger", "bag"],
        "f_condition": "",
        "csrf_token": "ignored",
    }
    clean = registry.parse_form_fields(asset_type, form, audience="agent")
    assert clean["asset_number"] == "IT-000042"
    assert clean["quantity"] == 2
    assert clean["bought_on"] == date(2024, 5, 6)
    assert clean["arrived"] == datetime(2024, 5, 6, 2, 0, tzinfo=UTC)  # read in Asia/Shanghai
    assert clean["accessories"] == ["charger", "bag"]
    assert clean["condition"] is None
    assert clean["insured"] is False  # an unchecked checkbox sends nothing


def test_parse_form_errors_name_the_field(asset_type: TicketType) -> None:
    with use_locale("en"), pytest.raises(ValidationFailed) as caught:
        registry.parse_form_fields(
            asset_type, {"f_asset_number": "IT-000042", "f_quantity": "2.5"}, audience="agent"
        )
    assert caught.value.field == "fields.quantity"
    assert caught.value.translated() == "Quantity must be a whole number."


def test_parse_form_partial_and_multidict(asset_type: TicketType) -> None:
    class MultiDict(dict):
        def getlist(self, key: str) -> list[str]:
            return ["charger", "bag"] if key == "f_accessories" else [self[key]]

    clean = registry.parse_form_fields(
        asset_type, MultiDict({"f_accessories": "bag", "f_quantity": "4"}), audience="customer", partial=True
    )
    assert clean == {"accessories": ["charger", "bag"], "quantity": 4}


def test_extractors(session: Session, admin: User, asset_type: TicketType) -> None:
    text = "资产编号：IT-000777，一共 3 台, bought on 2024-02-30, note: urgent"
    found = registry.apply_extractors(asset_type, text)
    # The invalid date is skipped, never an error.
    assert found == {"asset_number": "IT-000777", "quantity": 3, "internal_note": "urgent"}
    # 30 is above the field's maximum (10), so quantity is left out.
    assert registry.apply_extractors(asset_type, "Laptop IT-123456 broken, 30 units") == {
        "asset_number": "IT-123456"
    }
    assert registry.apply_extractors(asset_type, "nothing to see") == {}

    hidden = next(f for f in asset_type.fields if f.name == "internal_note")
    service.hide_field(session, admin, hidden)
    assert "internal_note" not in registry.apply_extractors(asset_type, text)


def test_extractor_patterns_are_checked(session: Session, admin: User, asset_type: TicketType) -> None:
    import pydantic

    with pytest.raises(pydantic.ValidationError):
        TicketTypePatch(extractors=[{"field": "quantity", "pattern": r"(\d+) (\d+)"}])
    with pytest.raises(pydantic.ValidationError):
        TicketTypePatch(extractors=[{"field": "quantity", "pattern": r"(unclosed"}])
    service.update_type(
        session,
        admin,
        asset_type,
        TicketTypePatch(extractors=[{"field": "quantity", "pattern": r"x(?P<value>\d+)"}]),
    )
    assert registry.apply_extractors(asset_type, "qty x7") == {"quantity": 7}
