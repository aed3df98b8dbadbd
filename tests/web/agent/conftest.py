"""Fixtures for the agent workspace pages: a signed-in agent, teams, and a ticket factory.

The sign-in helpers of the root conftest are reached through the plugin manager (``root``): the
``tests`` folder is not a package, so ``from tests.conftest import ...`` works only when the project
root happens to be on ``sys.path`` (``python -m pytest``), not with the plain ``pytest`` script.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.users.models import User
from ticketwise.users.teams import create_team


@pytest.fixture
def root(request: pytest.FixtureRequest) -> ModuleType:
    """The root conftest module: ``web_login``, ``csrf_of``, ``TEST_PASSWORD``."""
    return request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )


@pytest.fixture
def agent(make_user) -> User:
    return make_user("agent", email="alice@example.com", name="Alice Agent")


@pytest.fixture
def colleague(make_user) -> User:
    return make_user("agent", email="bob@example.com", name="Bob Builder")


@pytest.fixture
def agent_client(client, agent, seeded_types, root):
    """A browser signed in as ``agent``, with the built-in ticket types seeded."""
    root.web_login(client, agent.email)
    return client


@pytest.fixture
def make_team(session: Session, make_user) -> Callable[..., Any]:
    def factory(name: str, members: list[User]):
        admin = make_user("admin")
        team = create_team(session, admin, name=name, member_ids=[m.id for m in members])
        session.commit()
        return team

    return factory


@pytest.fixture
def make_ticket(session: Session, agent) -> Callable[..., Ticket]:
    """``make_ticket(title, type="it_support", requester_email=..., **TicketCreate fields) -> Ticket``,
    created by ``agent`` (or ``actor=``) over the phone channel and committed."""
    counter = {"n": 0}

    def factory(
        title: str,
        *,
        type: str = "it_support",
        actor: User | None = None,
        requester_email: str | None = None,
        requester_name: str = "Carol Customer",
        attachments: tuple[tuple[str, str, bytes], ...] = (),
        **data: Any,
    ) -> Ticket:
        counter["n"] += 1
        requester = RequesterIn(
            email=requester_email or f"carol{counter['n']}@example.org", name=requester_name
        )
        ticket = create_ticket(
            session,
            actor or agent,
            TicketCreate(type=type, title=title, requester=requester, **data),
            channel=Channel.PHONE,
            attachments=attachments,
        )
        session.commit()
        return ticket

    return factory
