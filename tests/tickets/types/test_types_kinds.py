"""Field kinds: storage types, form parsing and display (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from ticketwise.core.db import PortableJSON, UTCDateTime
from ticketwise.core.i18n import use_locale
from ticketwise.tickets.types.kinds import KIND_CHOICES, FieldKind, spec_for
from ticketwise.tickets.types.models import TicketField

OPTIONS = [
    {"value": "a", "labels": {"zh": "甲", "en": "Alpha"}},
    {"value": "b", "labels": {"zh": "乙", "en": "Beta"}},
]


@pytest.mark.parametrize(
    ("kind", "expected", "length"),
    [
        (FieldKind.TEXT, sa.String, 500),
        (FieldKind.LONG_TEXT, sa.Text, None),
        (FieldKind.INTEGER, sa.BigInteger, None),
        (FieldKind.DECIMAL, sa.Numeric, None),
        (FieldKind.BOOLEAN, sa.Boolean, None),
        (FieldKind.DATE, sa.Date, None),
        (FieldKind.DATETIME, UTCDateTime, None),
        (FieldKind.SELECT, sa.String, 500),
        (FieldKind.MULTI_SELECT, PortableJSON, None),
        (FieldKind.EMAIL, sa.String, 500),
        (FieldKind.PHONE, sa.String, 500),
        (FieldKind.URL, sa.String, 500),
        (FieldKind.USER, sa.Integer, None),
        (FieldKind.REFERENCE, sa.String, 200),
        (FieldKind.JSON, PortableJSON, None),
    ],
)
def test_column_types(kind: FieldKind, expected: type, length: int | None) -> None:
    column_type = spec_for(kind).column_type()
    assert isinstance(column_type, expected)
    if length is not None:
        assert column_type.length == length
    if kind is FieldKind.DECIMAL:
        assert (column_type.precision, column_type.scale) == (18, 4)
    if kind is FieldKind.INTEGER:
        assert isinstance(column_type, sa.BigInteger)


def test_every_kind_has_a_widget_and_a_choice() -> None:
    assert [value for value, _label in KIND_CHOICES] == [kind.value for kind in FieldKind]
    widgets = {kind: spec_for(kind).widget for kind in FieldKind}
    assert widgets[FieldKind.LONG_TEXT] == "textarea"
    assert widgets[FieldKind.DATETIME] == "datetime-local"
    assert widgets[FieldKind.MULTI_SELECT] == "select-multiple"
    assert widgets[FieldKind.PHONE] == "tel"
    assert widgets[FieldKind.BOOLEAN] == "checkbox"
    assert spec_for("date").label == "Date"


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        (FieldKind.TEXT, "  hello  ", "hello"),
        (FieldKind.LONG_TEXT, "a\r\nb", "a\nb"),
        (FieldKind.INTEGER, " 42 ", 42),
        (FieldKind.DECIMAL, "12.50", Decimal("12.50")),
        (FieldKind.BOOLEAN, "on", True),
        (FieldKind.BOOLEAN, ["false", "true"], True),
        (FieldKind.BOOLEAN, "false", False),
        (FieldKind.DATE, "2024-02-29", date(2024, 2, 29)),
        (FieldKind.DATETIME, "2024-05-01T14:30", datetime(2024, 5, 1, 6, 30, tzinfo=UTC)),
        (FieldKind.DATETIME, "2024-05-01T14:30+00:00", datetime(2024, 5, 1, 14, 30, tzinfo=UTC)),
        (FieldKind.SELECT, "a", "a"),
        (FieldKind.MULTI_SELECT, ["a", "", "b"], ["a", "b"]),
        (FieldKind.MULTI_SELECT, "a", ["a"]),
        (FieldKind.USER, "7", 7),
        (FieldKind.JSON, '{"a": [1, 2]}', {"a": [1, 2]}),
    ],
)
def test_parse_form(kind: FieldKind, raw: str | list[str], value: object) -> None:
    assert spec_for(kind).parse_form(raw) == value


@pytest.mark.parametrize("kind", list(FieldKind))
@pytest.mark.parametrize("raw", [None, "", "   ", []])
def test_empty_input_is_none(kind: FieldKind, raw: str | list[str] | None) -> None:
    assert spec_for(kind).parse_form(raw) is None


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (FieldKind.INTEGER, "4.5"),
        (FieldKind.DECIMAL, "abc"),
        (FieldKind.DECIMAL, "NaN"),
        (FieldKind.BOOLEAN, "maybe"),
        (FieldKind.DATE, "29/02/2024"),
        (FieldKind.DATETIME, "tomorrow"),
        (FieldKind.JSON, "{broken"),
    ],
)
def test_unreadable_input_raises(kind: FieldKind, raw: str) -> None:
    with pytest.raises(ValueError):
        spec_for(kind).parse_form(raw)


def test_naive_datetime_is_read_in_the_given_zone() -> None:
    parsed = spec_for(FieldKind.DATETIME).parse_form("2024-01-01T09:00", tz="Europe/Paris")
    assert parsed == datetime(2024, 1, 1, 8, 0, tzinfo=UTC)


def test_display() -> None:
    field = TicketField(name="choice", kind="select", labels={"en": "Choice"}, options=OPTIONS)
    with use_locale("en"):
        assert spec_for(FieldKind.SELECT).display("b", field) == "Beta"
        assert spec_for(FieldKind.SELECT).display("zzz", field) == "zzz"
        assert spec_for(FieldKind.MULTI_SELECT).display(["a", "b"], field) == "Alpha, Beta"
        assert spec_for(FieldKind.BOOLEAN).display(True, field) == "Yes"
        assert spec_for(FieldKind.BOOLEAN).display(False, field) == "No"
        assert spec_for(FieldKind.DECIMAL).display(Decimal("12.5000"), field) == "12.5"
        assert spec_for(FieldKind.DECIMAL).display(Decimal("100.0000"), field) == "100"
        assert spec_for(FieldKind.DATE).display(date(2024, 2, 29), field) == "Feb 29, 2024"
        assert spec_for(FieldKind.JSON).display({"k": "中"}, field) == '{"k": "中"}'
        assert spec_for(FieldKind.TEXT).display(None, field) == ""
    with use_locale("zh_CN"):
        assert spec_for(FieldKind.SELECT).display("a", field) == "甲"
        assert spec_for(FieldKind.DATE).display(date(2024, 2, 29), field) == "2024年2月29日"
