"""The schema manager: extension tables, typed columns, indexes, versions and the table cache."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.tickets.types import schema, service
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import SchemaChange, TicketField, TicketType
from ticketwise.tickets.types.schemas import FieldIn, TicketTypeIn
from ticketwise.users.models import User


def _columns(session: Session, table: str) -> dict[str, dict]:
    return {column["name"]: column for column in sa.inspect(session.connection()).get_columns(table)}


def test_creating_a_type_creates_its_table(session: Session, admin: User) -> None:
    before = schema.schema_version(session)
    ticket_type = service.create_type(
        session, admin, TicketTypeIn(slug="facilities", names={"en": "Facilities"})
    )
    inspector = sa.inspect(session.connection())
    assert inspector.has_table("ext_facilities")
    assert list(_columns(session, "ext_facilities")) == ["ticket_id"]
    assert inspector.get_pk_constraint("ext_facilities")["constrained_columns"] == ["ticket_id"]
    [foreign_key] = inspector.get_foreign_keys("ext_facilities")
    assert foreign_key["referred_table"] == "tickets"
    assert foreign_key["referred_columns"] == ["id"]
    assert foreign_key["options"].get("ondelete") == "CASCADE"
    after = schema.schema_version(session)
    assert after[0] > before[0]
    change = session.get(SchemaChange, after[0])
    assert (change.table_name, change.operation) == ("ext_facilities", "create_table")
    assert len(change.token) == 32
    assert schema.extension_table(session, ticket_type).name == "ext_facilities"


def test_every_kind_adds_a_typed_column(session: Session, lab_type: TicketType) -> None:
    columns = _columns(session, "ext_lab")
    assert set(columns) == {"ticket_id"} | {f"f_{kind.value}" for kind in FieldKind}
    assert all(columns[f"f_{kind.value}"]["nullable"] for kind in FieldKind)
    reflected = {name: column["type"] for name, column in columns.items()}
    assert isinstance(reflected["f_integer"], sa.BigInteger)
    assert isinstance(reflected["f_decimal"], sa.Numeric)
    assert (reflected["f_decimal"].precision, reflected["f_decimal"].scale) == (18, 4)
    assert isinstance(reflected["f_date"], sa.Date)
    assert isinstance(reflected["f_datetime"], sa.DateTime)
    assert isinstance(reflected["f_long_text"], sa.Text)
    assert isinstance(reflected["f_text"], sa.String) and reflected["f_text"].length == 500
    assert isinstance(reflected["f_reference"], sa.String) and reflected["f_reference"].length == 200
    assert isinstance(reflected["f_user"], sa.Integer)
    assert isinstance(reflected["f_boolean"], sa.Boolean)
    operations = session.scalars(
        sa.select(SchemaChange.operation)
        .where(SchemaChange.table_name == "ext_lab")
        .order_by(SchemaChange.id)
    ).all()
    assert operations == ["create_table"] + ["add_column"] * len(FieldKind)


def test_add_column_and_index_are_idempotent(session: Session, lab_type: TicketType) -> None:
    field = next(f for f in lab_type.fields if f.name == "f_reference")
    version = schema.schema_version(session)
    schema.add_column(session, lab_type, field)
    assert schema.schema_version(session) == version

    schema.add_index(session, lab_type, field)
    indexes = sa.inspect(session.connection()).get_indexes("ext_lab")
    assert [(index["name"], index["column_names"]) for index in indexes] == [
        ("ix_ext_lab_f_reference", ["f_reference"])
    ]
    indexed_version = schema.schema_version(session)
    assert indexed_version != version
    schema.add_index(session, lab_type, field)
    assert schema.schema_version(session) == indexed_version


def test_unsuitable_kinds_are_not_indexed(session: Session, lab_type: TicketType) -> None:
    field = next(f for f in lab_type.fields if f.name == "f_long_text")
    with pytest.raises(ValidationFailed) as caught:
        schema.add_index(session, lab_type, field)
    assert caught.value.field == "indexed"


def test_long_index_names_stay_within_postgres_limits() -> None:
    name = schema.index_name("ext_" + "s" * 39, "f" * 50)
    assert len(name) <= 63
    assert name != schema.index_name("ext_" + "s" * 39, "f" * 49 + "g")


def test_ensure_table_adds_missing_columns_and_indexes(session: Session) -> None:
    ticket_type = TicketType(slug="depot", names={"en": "Depot"})
    session.add(ticket_type)
    session.flush()
    schema.ensure_table(session, ticket_type)
    ticket_type.fields.append(TicketField(name="bay", kind="text", labels={"en": "Bay"}, indexed=True))
    session.flush()
    version = schema.schema_version(session)
    table = schema.ensure_table(session, ticket_type)
    assert "bay" in table.c
    assert "bay" in _columns(session, "ext_depot")
    assert [i["name"] for i in sa.inspect(session.connection()).get_indexes("ext_depot")] == [
        "ix_ext_depot_bay"
    ]
    assert schema.schema_version(session) != version
    again = schema.schema_version(session)
    schema.ensure_table(session, ticket_type)
    assert schema.schema_version(session) == again


def test_table_cache_follows_the_schema_version(session: Session, lab_type: TicketType) -> None:
    first = schema.extension_table(session, lab_type)
    assert schema.extension_table(session, lab_type) is first

    # Another process recorded a change: this one rebuilds on its next use.
    session.add(
        SchemaChange(table_name="ext_other", operation="add_column", detail="x", token=uuid.uuid4().hex)
    )
    session.flush()
    rebuilt = schema.extension_table(session, lab_type)
    assert rebuilt is not first
    assert set(rebuilt.c.keys()) == set(first.c.keys())


def test_new_column_appears_after_the_version_changes(
    session: Session, admin: User, lab_type: TicketType
) -> None:
    before = schema.extension_table(session, lab_type)
    service.add_field(
        session, admin, lab_type, FieldIn(name="late", kind=FieldKind.TEXT, label={"en": "Late"})
    )
    after = schema.extension_table(session, lab_type)
    assert "late" not in before.c
    assert "late" in after.c


def test_tables_are_built_from_the_database_definitions(session: Session, lab_type: TicketType) -> None:
    """A stale in-memory list of fields (another process added one) does not shape the table."""
    schema.reset_cache()
    session.add(TicketField(type_id=lab_type.id, name="from_elsewhere", kind="integer", labels={"en": "X"}))
    session.flush()
    lab_type_fields_in_memory = {f.name for f in lab_type.fields}
    assert "from_elsewhere" not in lab_type_fields_in_memory
    assert "from_elsewhere" in schema.extension_table(session, lab_type).c
