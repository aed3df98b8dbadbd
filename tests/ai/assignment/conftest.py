"""Fixtures for assignment: an admin, agents in a team, tickets of that team.

Reactions of other domains (intake completion, notifications, the AI arrival step) are switched off:
the tests call the assignment service themselves and count exactly what it did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ticketwise.ai.assignment.team_strategy import Weights, set_strategy
from ticketwise.core import events
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.users.models import Availability, Team, User
from ticketwise.users.teams import create_team


@pytest.fixture(autouse=True)
def quiet_reactions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "_handlers", defaultdict(list))


@pytest.fixture
def admin(make_user) -> User:
    return make_user("admin", email="lead@example.com", name="Lead")


@pytest.fixture
def make_agent(session: Session, make_user) -> Callable[..., User]:
    """``make_agent(name, availability="online", capacity=20, timezone="Asia/Shanghai")``."""

    def factory(
        name: str,
        *,
        availability: str = "online",
        capacity: int = 20,
        timezone: str = "Asia/Shanghai",
        role: str = "agent",
    ) -> User:
        user = make_user(role, name=name)
        user.availability = Availability(availability)
        user.capacity = capacity
        user.timezone = timezone
        session.commit()
        return user

    return factory


@pytest.fixture
def make_team(session: Session, admin: User) -> Callable[..., Team]:
    """``make_team(members, strategy="manual", weights=Weights())`` (committed)."""
    counter = {"n": 0}

    def factory(members: list[User], strategy: str = "manual", weights: Weights | None = None) -> Team:
        counter["n"] += 1
        team = create_team(session, admin, name=f"Team {counter['n']}", member_ids=[m.id for m in members])
        set_strategy(session, admin, team, strategy, weights or Weights())
        session.commit()
        return team

    return factory


@pytest.fixture
def make_ticket(session: Session, admin: User, seeded_types) -> Callable[..., Ticket]:
    """``make_ticket(team, title="VPN broken", type="it_support", **TicketCreate fields)``: created by
    the admin without an assignee, committed."""
    counter = {"n": 0}

    def factory(team: Team | None, title: str = "VPN broken", **data: Any) -> Ticket:
        counter["n"] += 1
        data.setdefault("type", "it_support")
        ticket = create_ticket(
            session,
            admin,
            TicketCreate(
                title=title,
                requester=RequesterIn(email=f"requester{counter['n']}@example.org"),
                team_id=team.id if team else None,
                **data,
            ),
            channel=Channel.PHONE,
        )
        session.commit()
        return ticket

    return factory
