"""Fixtures for priority: tickets created by a customer, by staff, or for a VIP organization.

Reactions of other domains (intake's keyword triage, notifications, the AI arrival step) are switched
off: the tests call :func:`prioritise` themselves and check exactly what it did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ticketwise.core import events
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.users.models import User


@pytest.fixture(autouse=True)
def quiet_reactions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events, "_handlers", defaultdict(list))


@pytest.fixture
def admin(make_user) -> User:
    return make_user("admin", email="lead@example.com", name="Lead")


@pytest.fixture
def customer(make_user) -> User:
    return make_user("customer", email="carol@example.org", name="Carol")


@pytest.fixture
def make_ticket(session: Session, seeded_types) -> Callable[..., Ticket]:
    """``make_ticket(actor, title, type="it_support", **TicketCreate fields)`` (committed; the type's
    default priority is P2);
    ``actor=None`` is an anonymous web form."""
    counter = {"n": 0}

    def factory(actor: User | None, title: str = "A question about invoices", **data: Any) -> Ticket:
        counter["n"] += 1
        data.setdefault("type", "it_support")
        if actor is None or actor.is_staff:
            data.setdefault("requester", RequesterIn(email=f"someone{counter['n']}@example.org"))
        ticket = create_ticket(
            session,
            actor,
            TicketCreate(title=title, **data),
            channel=Channel.PORTAL if actor else Channel.WEB,
        )
        session.commit()
        return ticket

    return factory
