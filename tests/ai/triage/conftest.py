"""Fixtures for the triage tests: every test starts like a freshly started process (no model loaded,
no cold-start model cached), tickets as intake and people create them, and an LLM on the fake
OpenAI-compatible server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.fixtures_openai import FakeOpenAI, openai_server  # noqa: F401  (the fixture)

from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiProvider
from ticketwise.ai.providers import service as provider_service
from ticketwise.ai.triage.predict import forget_cold_start_models
from ticketwise.ai.triage.store import forget_loaded_models
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    forget_loaded_models()
    forget_cold_start_models()
    yield
    forget_loaded_models()
    forget_cold_start_models()


@pytest.fixture
def agent(make_user):
    return make_user("agent", name="Li Na")


@pytest.fixture
def email_ticket(session, seeded_types) -> Callable[..., Ticket]:
    """``email_ticket(title, description="", type="general_inquiry") -> Ticket``: created as intake
    creates tickets from e-mail (no actor, the mailbox's or the generic type)."""

    def factory(title: str, description: str = "", type: str = "general_inquiry") -> Ticket:
        return create_ticket(
            session,
            None,
            TicketCreate(
                type=type,
                title=title,
                description=description,
                requester=RequesterIn(email="requester@example.com", name="Requester"),
            ),
            channel=Channel.EMAIL,
        )

    return factory


@pytest.fixture
def agent_ticket(session, seeded_types, agent) -> Callable[..., Ticket]:
    """``agent_ticket(title, description="", type=..., **more) -> Ticket``: a person chose the type."""

    def factory(title: str, description: str = "", type: str = "general_inquiry", **more: Any) -> Ticket:
        return create_ticket(
            session,
            agent,
            TicketCreate(
                type=type,
                title=title,
                description=description,
                requester=RequesterIn(email="requester@example.com", name="Requester"),
                **more,
            ),
            channel=Channel.AGENT,
        )

    return factory


@pytest.fixture
def triage_llm(session, make_user, openai_server: FakeOpenAI) -> Callable[..., AiProvider]:  # noqa: F811
    """``triage_llm(**settings) -> AiProvider``: the fake server configured for the triage feature."""
    admin = make_user("admin")

    def factory(**settings: Any) -> AiProvider:
        values = {"name": "FakeLLM", "base_url": openai_server.url, "model": "fake-model", "api_key": "sk-x"}
        values.update(settings)
        provider = provider_service.create_provider(session, admin, provider_service.ProviderInput(**values))
        provider_service.set_feature_provider(session, admin, Feature.TRIAGE, provider.id)
        return provider

    return factory
