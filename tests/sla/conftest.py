"""Fixtures for the sla engine tests: people, a business-hours policy, a ticket factory and travel."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy.orm import Session

import ticketwise.sla.handlers  # noqa: F401 - subscribes the sla reactions in this process
from ticketwise.sla.models import SlaCalendar, SlaPolicy
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.users.models import Role, Team, TeamMember, User

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    """A wall-clock moment in Shanghai (the test calendars' zone)."""
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.fixture
def travel() -> Iterator[Callable[[datetime], None]]:
    """``travel(moment)``: stop the clock at ``moment`` (later calls move it)."""
    traveller: list[Any] = []

    def go(moment: datetime) -> None:
        if traveller:
            traveller.pop().stop()
        t = time_machine.travel(moment, tick=False)
        t.start()
        traveller.append(t)

    yield go
    if traveller:
        traveller.pop().stop()


@pytest.fixture
def agent(make_user) -> User:
    return make_user("agent", name="Alice Agent")


@pytest.fixture
def lead(make_user) -> User:
    return make_user("supervisor", name="Lee Lead")


@pytest.fixture
def customer(make_user) -> User:
    return make_user("customer", email="carol@customer.example", name="Carol")


@pytest.fixture
def team(session: Session, agent: User, lead: User) -> Team:
    team = Team(name="Service desk", lead_id=lead.id)
    session.add(team)
    session.flush()
    session.add(TeamMember(team_id=team.id, user_id=agent.id))
    session.commit()
    return team


@pytest.fixture
def office_calendar(session: Session) -> SlaCalendar:
    """Mon–Fri 09:00–12:00 and 13:00–18:00 in Shanghai, China's holidays and make-up days."""
    calendar = SlaCalendar(
        name="Office",
        timezone="Asia/Shanghai",
        weekly_hours={str(day): [["09:00", "12:00"], ["13:00", "18:00"]] for day in range(5)},
        holiday_country="CN",
        extra_holidays=[],
        extra_workdays=[],
        removed_holidays=[],
    )
    session.add(calendar)
    session.commit()
    return calendar


@pytest.fixture
def office_policy(session: Session, office_calendar: SlaCalendar) -> SlaPolicy:
    """Matches every ticket before the default: P1 1 h / 4 h, P2 2 h / 8 h, next response = first."""
    policy = SlaPolicy(
        name="Office hours",
        position=1,
        calendar=office_calendar,
        conditions={},
        targets={
            "first_response": {"P1": 60, "P2": 120},
            "next_response": {"P1": 60, "P2": 120},
            "resolution": {"P1": 240, "P2": 480},
        },
        pause_rules={"pending": ["resolution"]},
    )
    session.add(policy)
    session.commit()
    return policy


@pytest.fixture
def new_ticket(session: Session, seeded_types, customer: User) -> Callable[..., Ticket]:
    """``new_ticket(actor=customer, **TicketCreate fields) -> Ticket`` (committed: handlers ran)."""

    def factory(
        actor: User | None | str = "customer", channel: Channel = Channel.PORTAL, **data: Any
    ) -> Ticket:
        data.setdefault("type", "general_inquiry")
        data.setdefault("title", "Printer on floor 3 is jammed")
        who = customer if actor == "customer" else actor
        ticket = create_ticket(session, who, TicketCreate(**data), channel=channel)
        session.commit()
        session.expire_all()
        return ticket

    return factory


__all__ = ["Role", "local"]
