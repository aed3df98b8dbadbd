"""Real concurrent transactions: the schema lock and the version check across sessions.

These tests own a database (see ``separate_database``): the usual rolled-back test transaction would
hold the write lock and hide one session's commits from the other.
"""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from ticketwise.core.db import Database
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import schema, service
from ticketwise.tickets.types.extension import read_fields, write_fields
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import SchemaChange, TicketField, TicketType
from ticketwise.tickets.types.schemas import FieldIn, TicketTypeIn
from ticketwise.users.models import Contact, Role, User


def _arrange(database: Database) -> tuple[int, int]:
    """An admin and a type ``shop`` with one ticket; returns (admin id, ticket id)."""
    with database.session() as session:
        admin = User(email="admin@example.com", name="Admin", role=Role.ADMIN)
        contact = Contact(email="c@example.com", name="C")
        session.add_all([admin, contact])
        session.flush()
        ticket_type = service.create_type(session, admin, TicketTypeIn(slug="shop", names={"en": "Shop"}))
        ticket = Ticket(number="TT-1", title="t", type_id=ticket_type.id, requester_id=contact.id)
        session.add(ticket)
        session.commit()
        return admin.id, ticket.id


def test_concurrent_requests_for_one_column_add_it_once(separate_database: Database) -> None:
    _arrange(separate_database)
    first_done = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with separate_database.session() as session:
                ticket_type = session.scalars(sa.select(TicketType)).one()
                schema.add_column(session, ticket_type, TicketField(name="colour", kind="text"))
                first_done.set()
                time.sleep(0.5)  # the second session is now waiting for the lock
                session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
            first_done.set()

    def second() -> None:
        first_done.wait(10)
        try:
            with separate_database.session() as session:
                ticket_type = session.scalars(sa.select(TicketType)).one()
                schema.add_column(session, ticket_type, TicketField(name="colour", kind="text"))
                session.commit()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with separate_database.session() as session:
        columns = {c["name"] for c in sa.inspect(session.connection()).get_columns("ext_shop")}
        adds = session.scalars(
            sa.select(SchemaChange.detail).where(SchemaChange.operation == "add_column")
        ).all()
    assert "colour" in columns
    assert adds == ["colour text"]


def test_other_sessions_pick_up_new_columns(separate_database: Database) -> None:
    admin_id, ticket_id = _arrange(separate_database)
    with separate_database.session() as reader:
        ticket = reader.get(Ticket, ticket_id)
        assert read_fields(reader, ticket) == {}
        before = schema.extension_table(reader, ticket.type)
        reader.commit()

        # Another node adds a field and fills it in.
        with separate_database.session() as writer:
            ticket_type = writer.scalars(sa.select(TicketType)).one()
            service.add_field(
                writer,
                writer.get(User, admin_id),
                ticket_type,
                FieldIn(name="size", kind=FieldKind.INTEGER, label={"en": "Size"}),
            )
            write_fields(writer, writer.get(Ticket, ticket_id), {"size": 42})
            writer.commit()

        reader.expire_all()
        ticket = reader.get(Ticket, ticket_id)
        assert read_fields(reader, ticket) == {"size": 42}
        assert "size" in schema.extension_table(reader, ticket.type).c
        assert "size" not in before.c
