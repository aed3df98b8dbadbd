"""Fixtures for the notifications domain: a real SMTP server (aiosmtpd) on loopback that captures what
it receives and can be told to refuse, people, tickets, and a way to run retried jobs without waiting."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session

from ticketwise.core.jobs import huey
from ticketwise.notifications import handlers  # noqa: F401 - subscribes the reactions under test
from ticketwise.notifications.smtp_settings import update_smtp_settings
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.users.models import User


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class CapturingHandler:
    """Keeps every accepted message; answers DATA with ``refuse_with`` while ``refusals`` > 0."""

    received: list[Received] = field(default_factory=list)
    refusals: int = 0
    refuse_with: str = "451 4.3.0 Mailbox busy, try again later"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        if self.refusals > 0:
            self.refusals -= 1
            return self.refuse_with
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 2.0.0 OK"

    def reset(self) -> None:
        self.received.clear()
        self.refusals = 0
        self.refuse_with = "451 4.3.0 Mailbox busy, try again later"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def _smtp_controller() -> Iterator[tuple[Controller, CapturingHandler]]:
    handler = CapturingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def smtp_server(_smtp_controller: tuple[Controller, CapturingHandler]) -> Iterator[Controller]:
    """The running server; ``smtp_server.handler`` has ``received`` (this test's messages only)."""
    controller, handler = _smtp_controller
    handler.reset()
    yield controller
    handler.reset()


@pytest.fixture(autouse=True)
def _no_leftover_retries() -> Iterator[None]:
    """Retries wait in Huey's (in-memory, immediate-mode) schedule; never let one leak into the next test."""
    huey.storage.flush_all()
    yield
    huey.storage.flush_all()


def run_retries() -> int:
    """Run every retry Huey has scheduled, as if their delay had passed; returns how many ran."""
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
    ran = 0
    for task in huey.read_schedule(later):
        huey.execute(task, timestamp=later)
        ran += 1
    return ran


@pytest.fixture
def admin(make_user) -> User:
    return make_user("admin", name="Ada Admin")


@pytest.fixture
def agent(make_user) -> User:
    return make_user("agent", name="Alice Agent")


@pytest.fixture
def customer(make_user) -> User:
    return make_user("customer", email="carol@customer.example", name="Carol")


@pytest.fixture
def smtp_on(session: Session, admin: User, smtp_server: Controller) -> Controller:
    """Outgoing mail enabled, pointing at the capturing server (plain connection, no login)."""
    update_smtp_settings(
        session,
        admin,
        enabled=True,
        host="127.0.0.1",
        port=smtp_server.port,
        security="none",
        username="",
        password="",
        from_address="support@ticketwise.example",
        from_name="Ticketwise Support",
        reply_to="help@ticketwise.example",
        automatic_per_hour=5,
    )
    session.commit()
    return smtp_server


@pytest.fixture
def open_ticket(session: Session, seeded_types: Any, customer: User) -> Callable[..., Ticket]:
    """``open_ticket(actor=customer, channel=portal, **TicketCreate fields) -> Ticket`` (committed)."""

    def factory(
        actor: User | None | str = "customer", channel: Channel = Channel.PORTAL, **data: Any
    ) -> Ticket:
        data.setdefault("type", "general_inquiry")
        data.setdefault("title", "Printer on floor 3 is jammed")
        data.setdefault("description", "It shows error E-22 since this morning.")
        who = customer if actor == "customer" else actor
        ticket = create_ticket(session, who, TicketCreate(**data), channel=channel)  # type: ignore[arg-type]
        session.commit()
        return ticket

    return factory
