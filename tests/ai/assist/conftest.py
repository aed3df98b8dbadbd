"""Fixtures for the agent assist tests: people, tickets with a conversation, a provider on the fake
OpenAI-compatible server for one or more features, and the reply guard's mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.fixtures_openai import FakeOpenAI, openai_server  # noqa: F401  (the fixture)

from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiProvider
from ticketwise.ai.providers import service as provider_service
from ticketwise.ai.settings import AiSettingsView, update_ai_settings
from ticketwise.reactions import register_all
from ticketwise.tickets.enums import Channel, Status
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.tickets.transitions import transition
from ticketwise.users.models import User

register_all()  # the retrieval handlers index a ticket when it is resolved: drafts find solved cases


@pytest.fixture
def root(request: pytest.FixtureRequest) -> ModuleType:
    """The root conftest module: ``web_login``, ``csrf_of``."""
    return request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )


@pytest.fixture
def admin(make_user) -> User:
    return make_user("admin", email="admin@example.com", name="Ada Admin")


@pytest.fixture
def agent(make_user) -> User:
    return make_user("agent", email="alice@example.com", name="Alice Agent")


@pytest.fixture
def customer(make_user) -> User:
    return make_user("customer", email="carol@example.org", name="Carol Customer")


@pytest.fixture
def make_ticket(session: Session, agent, seeded_types) -> Callable[..., Ticket]:
    """``make_ticket(title, description="", requester_name=..., requester_email=..., language=None,
    type="it_support") -> Ticket`` created by ``agent`` over the phone, committed."""
    counter = {"n": 0}

    def factory(
        title: str,
        *,
        description: str = "",
        requester_name: str = "Carol Customer",
        requester_email: str | None = None,
        language: str | None = None,
        type: str = "it_support",
        **data: Any,
    ) -> Ticket:
        counter["n"] += 1
        requester = RequesterIn(
            email=requester_email or f"carol{counter['n']}@example.org", name=requester_name
        )
        ticket = create_ticket(
            session,
            agent,
            TicketCreate(type=type, title=title, description=description, requester=requester, **data),
            channel=Channel.PHONE,
        )
        if language is not None:
            ticket.language = language
        session.commit()
        return ticket

    return factory


@pytest.fixture
def solve(session, agent) -> Callable[[Ticket, str], Ticket]:
    """``solve(ticket, reply)``: ``agent`` replies (``{number}`` in the reply becomes the ticket's
    number) and resolves the ticket, committed (so it is indexed as a solved case)."""

    def factory(ticket: Ticket, reply: str) -> Ticket:
        add_message(session, agent, ticket, body=reply.format(number=ticket.number))
        transition(session, agent, ticket, Status.RESOLVED)
        session.commit()
        return ticket

    return factory


@pytest.fixture
def configure(session, admin, openai_server: FakeOpenAI) -> Callable[..., AiProvider]:  # noqa: F811
    """``configure(*features, **settings) -> AiProvider``: one provider on the fake server, chosen for
    each of ``features``, committed."""

    def factory(*features: Feature, **settings: Any) -> AiProvider:
        values = {
            "name": "Fake",
            "base_url": openai_server.url,
            "model": "fake-model",
            "api_key": "sk-test-0001",
        }
        values.update(settings)
        provider = provider_service.create_provider(session, admin, provider_service.ProviderInput(**values))
        for feature in features:
            provider_service.set_feature_provider(session, admin, feature, provider.id)
        session.commit()
        return provider

    return factory


@pytest.fixture
def guard_mode(session, admin) -> Callable[..., None]:
    """``guard_mode("block", tone=True)``: the site's reply guard settings, committed."""

    def factory(mode: str, *, tone: bool = True) -> None:
        update_ai_settings(session, admin, AiSettingsView(guard_mode=mode, guard_tone=tone))  # type: ignore[arg-type]
        session.commit()

    return factory


@pytest.fixture
def sent_prompt(openai_server: FakeOpenAI) -> Callable[..., tuple[str, str]]:  # noqa: F811
    """``sent_prompt(index=-1) -> (system, user)``: the prompt of a request the fake server received."""

    def read(index: int = -1) -> tuple[str, str]:
        system, user = openai_server.requests[index].json["messages"]
        return system["content"], user["content"]

    return read
