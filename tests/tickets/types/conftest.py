"""Fixtures for ticket types: people, a type with one field of every kind, and minimal tickets.

Tickets are inserted directly (the ticket service is not under test here): a number, a title, a type
and a requester are all a row needs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from ticketwise.config import Settings
from ticketwise.core import migrate
from ticketwise.core.db import Database
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types import schema, service
from ticketwise.tickets.types.kinds import FieldKind
from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.schemas import FieldIn, TicketTypeIn
from ticketwise.users.models import Contact, Role, User

OPTIONS = [
    {"value": "a", "labels": {"zh": "甲", "en": "Alpha"}},
    {"value": "b", "labels": {"zh": "乙", "en": "Beta"}},
    {"value": "c", "labels": {"zh": "丙", "en": "Gamma"}},
]


def _user(session: Session, role: Role, email: str) -> User:
    user = User(email=email, name=email.split("@")[0], role=role)
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def admin(session: Session) -> User:
    return _user(session, Role.ADMIN, "types-admin@example.com")


@pytest.fixture
def agent(session: Session) -> User:
    return _user(session, Role.AGENT, "types-agent@example.com")


@pytest.fixture
def contact(session: Session) -> Contact:
    person = Contact(email="requester@example.com", name="Requester")
    session.add(person)
    session.flush()
    return person


@pytest.fixture
def make_ticket(session: Session, contact: Contact):
    """Factory: ``make_ticket(ticket_type) -> Ticket`` (flushed, not committed)."""
    numbers = itertools.count(1)

    def factory(ticket_type: TicketType, title: str = "Test ticket") -> Ticket:
        ticket = Ticket(
            number=f"TT-{next(numbers):06d}", title=title, type_id=ticket_type.id, requester_id=contact.id
        )
        session.add(ticket)
        session.flush()
        return ticket

    return factory


@pytest.fixture
def lab_type(session: Session, admin: User) -> TicketType:
    """A custom type ``lab`` with one field ``f_<kind>`` of every kind (select kinds offer a, b, c)."""
    ticket_type = service.create_type(
        session, admin, TicketTypeIn(slug="lab", names={"zh": "实验", "en": "Lab"})
    )
    for kind in FieldKind:
        service.add_field(
            session,
            admin,
            ticket_type,
            FieldIn(
                name=f"f_{kind.value}",
                kind=kind,
                label={"zh": f"字段 {kind.value}", "en": f"Field {kind.value}"},
                options=OPTIONS if kind in (FieldKind.SELECT, FieldKind.MULTI_SELECT) else [],
            ),
        )
    return ticket_type


@pytest.fixture
def separate_database(request: pytest.FixtureRequest, worker_id: str) -> Iterator[Database]:
    """A migrated database of the test's own, for real concurrent transactions (never rolled back).

    The root conftest is reached through the plugin manager: it is not importable as a module.
    """
    root_conftest = request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )
    url = root_conftest.fresh_database_url(f"tw_types_{request.node.name[:24].lower()}_{worker_id}")
    database = Database(Settings(database_url=url))
    migrate.upgrade(database.write_engine)
    schema.reset_cache()
    try:
        yield database
    finally:
        schema.reset_cache()
        database.dispose()
