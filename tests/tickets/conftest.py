"""Fixtures for the ticket domain tests: people, teams, the built-in types and a ticket factory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ticketwise.config import Settings
from ticketwise.core import events, migrate
from ticketwise.core.db import Database
from ticketwise.core.events import DomainEvent
from ticketwise.reactions import register_all
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.tickets.types.builtin import seed_builtin_types
from ticketwise.users import service as users_service
from ticketwise.users.models import Organization, OrganizationDomain, Role, Team, TeamMember, User


@pytest.fixture
def own_database(request: pytest.FixtureRequest, worker_id: str) -> Iterator[Database]:
    """A migrated database of the test's own, for real concurrent transactions (not rolled back).

    ``fresh_database_url`` lives in the root conftest, which is not importable as ``tests.conftest``
    without the project root on ``sys.path``; the plugin manager holds the loaded module.
    """
    root_conftest = request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )
    name = f"tw_{request.node.name[:30].lower()}_{worker_id}"
    database = Database(Settings(database_url=root_conftest.fresh_database_url(name)))
    migrate.upgrade(database.write_engine)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture(autouse=True)
def without_other_domains(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ticket domain alone: intake, SLA and notifications react to its events process-wide once
    anything builds the app, and their own tests cover those reactions.

    Their handler modules are imported first, so a subscription made on first import is never lost
    into the emptied registry.
    """
    register_all()
    monkeypatch.setattr(events, "_handlers", defaultdict(list))


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[DomainEvent]:
    """Domain events dispatched after ``session.commit()`` in the test (a savepoint there)."""
    seen: list[DomainEvent] = []
    monkeypatch.setitem(events._handlers, DomainEvent, [seen.append])
    return seen


@pytest.fixture
def builtin_types(session: Session) -> None:
    seed_builtin_types(session)
    session.flush()


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    """``make_user(role, email=None, name=None, organization=None) -> User``."""
    counter = {"n": 0}

    def factory(
        role: Role | str = Role.AGENT,
        email: str | None = None,
        name: str | None = None,
        organization: Organization | None = None,
    ) -> User:
        role = Role(role)
        counter["n"] += 1
        return users_service.create_user(
            session,
            email=email or f"{role.value}{counter['n']}@example.com",
            name=name or f"{role.value.title()} {counter['n']}",
            role=role,
            organization_id=organization.id if organization else None,
        )

    return factory


@pytest.fixture
def agent(make_user) -> User:
    return make_user(Role.AGENT, name="Alice Agent")


@pytest.fixture
def other_agent(make_user) -> User:
    return make_user(Role.AGENT, name="Bob Agent")


@pytest.fixture
def admin(make_user) -> User:
    return make_user(Role.ADMIN, name="Ada Admin")


@pytest.fixture
def customer(make_user) -> User:
    return make_user(Role.CUSTOMER, email="carol@customer.example", name="Carol")


@pytest.fixture
def other_customer(make_user) -> User:
    return make_user(Role.CUSTOMER, email="dave@elsewhere.example", name="Dave")


@pytest.fixture
def team(session: Session, agent: User) -> Team:
    team = Team(name="Service desk")
    session.add(team)
    session.flush()
    session.add(TeamMember(team_id=team.id, user_id=agent.id))
    session.flush()
    session.refresh(agent)
    return team


@pytest.fixture
def new_ticket(session: Session, builtin_types: None, customer: User) -> Callable[..., Ticket]:
    """``new_ticket(actor=customer, channel=portal, **TicketCreate fields) -> Ticket``."""

    def factory(
        actor: User | None | str = "customer", channel: Channel = Channel.PORTAL, **data: Any
    ) -> Ticket:
        data.setdefault("type", "general_inquiry")
        data.setdefault("title", "Printer on floor 3 is jammed")
        data.setdefault("description", "It shows error E-22 since this morning.")
        who = customer if actor == "customer" else actor
        return create_ticket(session, who, TicketCreate(**data), channel=channel)

    return factory


@pytest.fixture
def acme(session: Session) -> Organization:
    """An organization claiming the ``acme.example`` mail domain (tickets not shared)."""
    organization = Organization(name="ACME", domains=[OrganizationDomain(domain="acme.example")])
    session.add(organization)
    session.flush()
    return organization
