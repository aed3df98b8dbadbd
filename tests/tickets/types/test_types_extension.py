"""Extension rows: every kind round-trips, changes are reported, hidden data survives."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.core.errors import ValidationFailed
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import service
from ticketwise.tickets.types.extension import insert_fields, read_fields, read_fields_many, write_fields
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.registry import validate_fields
from ticketwise.tickets.types.schemas import FieldIn, FieldPatch, TicketTypeIn
from ticketwise.users.models import User


def sample_values(user_id: int) -> dict[str, object]:
    return {
        "f_text": "hello 你好",
        "f_long_text": "line one\nline two\n第三行",
        "f_integer": 2**40 + 7,
        "f_decimal": Decimal("99999999999.9999"),  # the most digits accepted
        "f_boolean": True,
        "f_date": date(2024, 2, 29),
        "f_datetime": datetime(2024, 5, 1, 6, 30, 15, tzinfo=UTC),
        "f_select": "b",
        "f_multi_select": ["a", "c"],
        "f_email": "someone@example.com",
        "f_phone": "+86 10 1234-5678",
        "f_url": "https://example.com/path?q=1",
        "f_user": user_id,
        "f_reference": "IT-000123",
        "f_json": {"list": [1, 2.5, None, True], "中文": "值"},
    }


def test_every_kind_round_trips(session: Session, lab_type: TicketType, make_ticket, agent: User) -> None:
    ticket = make_ticket(lab_type)
    values = sample_values(agent.id)
    changes = write_fields(session, ticket, values)
    assert {name for name, _old, _new in changes} == set(values)
    assert all(old is None for _name, old, _new in changes)

    session.expire_all()
    stored = read_fields(session, session.get(Ticket, ticket.id))
    assert stored == values
    assert [name for name in stored] == [f"f_{kind.value}" for kind in FieldKind]
    assert isinstance(stored["f_decimal"], Decimal)
    assert isinstance(stored["f_date"], date) and not isinstance(stored["f_date"], datetime)
    assert stored["f_datetime"].tzinfo is not None
    assert stored["f_boolean"] is True


def test_validated_input_round_trips(
    session: Session, lab_type: TicketType, make_ticket, agent: User
) -> None:
    """What an API client sends (strings for dates and numbers) is stored as typed values."""
    ticket = make_ticket(lab_type)
    clean = validate_fields(
        lab_type,
        {
            "f_decimal": "0.1",
            "f_date": "2024-12-31",
            "f_datetime": "2024-12-31T23:30:00+08:00",
            "f_integer": "12",
            "f_boolean": "false",
        },
        audience="agent",
        partial=True,
    )
    write_fields(session, ticket, clean)
    stored = read_fields(session, ticket)
    assert stored["f_decimal"] == Decimal("0.1")
    assert stored["f_date"] == date(2024, 12, 31)
    assert stored["f_datetime"] == datetime(2024, 12, 31, 15, 30, tzinfo=UTC)
    assert stored["f_integer"] == 12
    assert stored["f_boolean"] is False


def test_write_reports_only_changes(session: Session, lab_type: TicketType, make_ticket) -> None:
    ticket = make_ticket(lab_type)
    write_fields(session, ticket, {"f_text": "one", "f_integer": 1, "f_decimal": Decimal("2.5")})
    changes = write_fields(
        session,
        ticket,
        {
            "f_text": "two",
            "f_integer": 1,
            "f_decimal": Decimal("2.50"),
            "f_datetime": datetime(2024, 1, 1, 8, tzinfo=timezone(timedelta(hours=8))),
        },
    )
    assert changes == [
        ("f_text", "one", "two"),
        ("f_datetime", None, datetime(2024, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))),
    ]
    # The same instant in another zone is not a change.
    assert write_fields(session, ticket, {"f_datetime": datetime(2024, 1, 1, 0, tzinfo=UTC)}) == []
    stored = read_fields(session, ticket)
    assert (stored["f_text"], stored["f_integer"]) == ("two", 1)
    assert write_fields(session, ticket, {}) == []


def test_unknown_keys_are_refused(session: Session, lab_type: TicketType, make_ticket) -> None:
    ticket = make_ticket(lab_type)
    with pytest.raises(ValidationFailed) as caught:
        write_fields(session, ticket, {"nope": 1})
    assert caught.value.field == "fields.nope"


def test_insert_writes_the_row_of_a_new_ticket(
    session: Session, lab_type: TicketType, make_ticket, agent: User
) -> None:
    ticket = make_ticket(lab_type)
    values = sample_values(agent.id)
    insert_fields(session, ticket, values)
    session.expire_all()
    assert read_fields(session, session.get(Ticket, ticket.id)) == values


def test_insert_refuses_unknown_keys_and_writes_nothing_without_values(
    session: Session, lab_type: TicketType, make_ticket
) -> None:
    ticket = make_ticket(lab_type)
    with pytest.raises(ValidationFailed) as caught:
        insert_fields(session, ticket, {"f_text": "x", "nope": 1})
    assert caught.value.field == "fields.nope"
    insert_fields(session, ticket, {})
    table = sa.Table(lab_type.table_name, sa.MetaData(), autoload_with=session.connection())
    assert session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0


def test_ticket_without_row_reads_none(session: Session, lab_type: TicketType, make_ticket) -> None:
    ticket = make_ticket(lab_type)
    assert read_fields(session, ticket) == {f"f_{kind.value}": None for kind in FieldKind}


def test_hiding_keeps_column_and_data(
    session: Session, admin: User, lab_type: TicketType, make_ticket
) -> None:
    ticket = make_ticket(lab_type)
    write_fields(session, ticket, {"f_text": "kept", "f_integer": 5})
    field = next(f for f in lab_type.fields if f.name == "f_text")
    service.hide_field(session, admin, field)

    columns = {c["name"] for c in sa.inspect(session.connection()).get_columns("ext_lab")}
    assert "f_text" in columns
    assert "f_text" not in read_fields(session, ticket)
    assert read_fields(session, ticket, include_hidden=True)["f_text"] == "kept"

    service.unhide_field(session, admin, field)
    assert read_fields(session, ticket)["f_text"] == "kept"


def test_customer_audience_sees_customer_fields_only(
    session: Session, admin: User, lab_type: TicketType, make_ticket
) -> None:
    ticket = make_ticket(lab_type)
    write_fields(session, ticket, {"f_text": "public", "f_long_text": "internal"})
    internal = next(f for f in lab_type.fields if f.name == "f_long_text")
    service.update_field(session, admin, internal, FieldPatch(customer_visible=False))
    seen = read_fields(session, ticket, audience="customer")
    assert seen["f_text"] == "public"
    assert "f_long_text" not in seen
    assert read_fields(session, ticket)["f_long_text"] == "internal"


def test_read_many_groups_by_type(session: Session, admin: User, lab_type: TicketType, make_ticket) -> None:
    other = service.create_type(session, admin, TicketTypeIn(slug="other", names={"en": "Other"}))
    service.add_field(
        session, admin, other, FieldIn(name="code", kind=FieldKind.REFERENCE, label={"en": "Code"})
    )
    bare = service.create_type(session, admin, TicketTypeIn(slug="bare", names={"en": "Bare"}))
    first, second = make_ticket(lab_type), make_ticket(lab_type)
    third, fourth = make_ticket(other), make_ticket(bare)
    write_fields(session, first, {"f_integer": 1})
    write_fields(session, third, {"code": "X-1"})

    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if "ext_" in statement:
            statements.append(statement)

    sa.event.listen(session.connection().engine, "before_cursor_execute", count)
    try:
        result = read_fields_many(session, [first, second, third, fourth])
    finally:
        sa.event.remove(session.connection().engine, "before_cursor_execute", count)
    assert len(statements) == 2  # one per type that has fields
    assert result[first.id]["f_integer"] == 1
    assert result[second.id]["f_integer"] is None
    assert result[third.id] == {"code": "X-1"}
    assert result[fourth.id] == {}


def test_deleting_a_ticket_deletes_its_row(session: Session, lab_type: TicketType, make_ticket) -> None:
    ticket = make_ticket(lab_type)
    write_fields(session, ticket, {"f_text": "x"})
    session.execute(sa.delete(Ticket).where(Ticket.id == ticket.id))
    remaining = session.execute(sa.text("SELECT COUNT(*) FROM ext_lab")).scalar()
    assert remaining == 0
