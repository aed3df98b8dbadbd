"""The built-in types: complete definitions, idempotent seeding, working extractors."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.tickets.types import registry
from ticketwise.tickets.types.builtin import BUILTIN_TYPES, seed_builtin_types
from ticketwise.tickets.types.extension import read_fields, write_fields
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import Category, SchemaChange, TicketField, TicketType

SLUGS = ["it_support", "equipment_repair", "complaint_suggestion", "internal_admin", "general_inquiry"]


def _counts(session: Session) -> tuple[int, int, int, int]:
    return (
        session.scalar(sa.select(sa.func.count(TicketType.id))),
        session.scalar(sa.select(sa.func.count(TicketField.id))),
        session.scalar(sa.select(sa.func.count(Category.id))),
        session.scalar(sa.select(sa.func.count(SchemaChange.id))),
    )


def test_seed_creates_the_five_types_with_tables(session: Session) -> None:
    types = seed_builtin_types(session)
    assert [t.slug for t in types] == SLUGS
    inspector = sa.inspect(session.connection())
    for ticket_type in types:
        assert ticket_type.builtin and ticket_type.is_active and ticket_type.public_form
        assert ticket_type.icon.startswith("bi-")
        assert ticket_type.names["zh"] and ticket_type.names["en"]
        assert ticket_type.descriptions["zh"] and ticket_type.descriptions["en"]
        assert ticket_type.default_priority in ("P0", "P1", "P2", "P3")
        assert ticket_type.categories, ticket_type.slug
        assert ticket_type.ai_hints["keywords"] and ticket_type.ai_hints["examples"]
        columns = {column["name"] for column in inspector.get_columns(ticket_type.table_name)}
        assert columns == {"ticket_id"} | {field.name for field in ticket_type.fields}
    by_slug = {t.slug: t for t in types}
    assert by_slug["general_inquiry"].fields == []
    assert {f.name for f in by_slug["it_support"].fields} == {
        "asset_number",
        "os_version",
        "software",
        "error_code",
        "remote_address",
        "affected_users",
    }
    assert {f.name for f in by_slug["equipment_repair"].fields} == {
        "equipment_model",
        "serial_number",
        "fault_code",
        "location",
        "maintenance_type",
        "spare_parts",
        "site_photos",
    }
    assert {f.name for f in by_slug["complaint_suggestion"].fields} == {
        "order_number",
        "product",
        "complaint_level",
        "desired_resolution",
        "compensation_type",
        "compensation_amount",
        "root_cause",
    }
    assert {f.name for f in by_slug["internal_admin"].fields} == {
        "department",
        "request_category",
        "location",
        "needed_by",
    }
    maintenance = next(f for f in by_slug["equipment_repair"].fields if f.name == "maintenance_type")
    assert [o["value"] for o in maintenance.options] == [
        "corrective",
        "preventive",
        "installation",
        "inspection",
    ]
    indexes = inspector.get_indexes("ext_it_support")
    assert [i["column_names"] for i in indexes] == [["asset_number"]]


def test_every_definition_is_bilingual_and_valid() -> None:
    for definition in BUILTIN_TYPES:
        for field in definition.fields:
            FieldKind(field["kind"])
            assert field["labels"]["zh"] and field["labels"]["en"], field["name"]
            assert set(field["help"]) in (set(), {"zh", "en"}), field["name"]
            for option in field.get("options", []):
                assert option["labels"]["zh"] and option["labels"]["en"], option
        names = {field["name"] for field in definition.fields}
        for extractor in definition.extractors:
            assert extractor["field"] in names
            compiled = re.compile(extractor["pattern"])
            assert "value" in compiled.groupindex or compiled.groups == 1


def test_seed_is_idempotent_and_completes_what_is_missing(session: Session) -> None:
    seed_builtin_types(session)
    first = _counts(session)
    seed_builtin_types(session)
    assert _counts(session) == first  # no new rows and no DDL

    it_support = session.scalars(sa.select(TicketType).where(TicketType.slug == "it_support")).one()
    it_support.names = {"zh": "信息技术", "en": "Information technology"}
    software = next(f for f in it_support.fields if f.name == "software")
    printer = next(c for c in it_support.categories if c.key == "hardware.printer")
    session.delete(software)
    session.delete(printer)
    session.flush()
    session.expire(it_support)

    seed_builtin_types(session)
    assert _counts(session)[:3] == first[:3]
    assert it_support.names == {"zh": "信息技术", "en": "Information technology"}  # admin edits are kept
    assert "software" in {f.name for f in it_support.fields}
    assert "hardware.printer" in {c.key for c in it_support.categories}
    printer = next(c for c in it_support.categories if c.key == "hardware.printer")
    hardware = next(c for c in it_support.categories if c.key == "hardware")
    assert printer.parent_id == hardware.id


def test_builtin_extractors(session: Session) -> None:
    types = {t.slug: t for t in seed_builtin_types(session)}
    assert registry.apply_extractors(
        types["it_support"],
        "我的电脑（资产编号：IT-004512）开机蓝屏，错误代码：0x0000007B，Windows 11，8 人受影响",
    ) == {
        "asset_number": "IT-004512",
        "error_code": "0x0000007B",
        "os_version": "Windows 11",
        "affected_users": 8,
    }
    assert registry.apply_extractors(types["it_support"], "Asset tag: IT-000001, remote 10.1.2.3") == {
        "asset_number": "IT-000001",
        "remote_address": "10.1.2.3",
    }
    assert registry.apply_extractors(
        types["equipment_repair"], "复印机卡纸，型号：MX-3071，序列号：CN12345678，故障代码 E-102"
    ) == {"serial_number": "CN12345678", "fault_code": "E-102", "equipment_model": "MX-3071"}
    assert registry.apply_extractors(
        types["equipment_repair"], "Printer S/N: ABC-9981 shows fault code J17"
    ) == {
        "serial_number": "ABC-9981",
        "fault_code": "J17",
    }
    assert registry.apply_extractors(types["complaint_suggestion"], "订单号：20240501123 的商品损坏") == {
        "order_number": "20240501123"
    }
    assert registry.apply_extractors(
        types["complaint_suggestion"], "I was charged twice for order #A1234567"
    ) == {"order_number": "A1234567"}
    assert registry.apply_extractors(types["internal_admin"], "需要两把椅子，2025-03-01 之前送到") == {
        "needed_by": date(2025, 3, 1)
    }


def test_builtin_values_round_trip(session: Session, make_ticket) -> None:
    types = {t.slug: t for t in seed_builtin_types(session)}
    ticket = make_ticket(types["equipment_repair"])
    clean = registry.validate_fields(
        types["equipment_repair"],
        {"location": "B2 栋 3 楼", "site_photos": [12, 13], "serial_number": "CN1"},
        audience="agent",
    )
    assert clean["maintenance_type"] == "corrective"  # the default
    write_fields(session, ticket, clean)
    assert read_fields(session, ticket, audience="customer") == {
        "equipment_model": None,
        "serial_number": "CN1",
        "fault_code": None,
        "location": "B2 栋 3 楼",
        "maintenance_type": "corrective",
    }
    assert read_fields(session, ticket)["site_photos"] == [12, 13]
