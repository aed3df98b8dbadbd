"""Helpers of the similar-case tests: solved tickets made through the real services, the handlers that
index them registered, and a switch to run on BM25 alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ticketwise.ai.retrieval import embedder as embedder_module
from ticketwise.reactions import register_all
from ticketwise.tickets import messages, service, transitions
from ticketwise.tickets.enums import Channel, Status
from ticketwise.tickets.schemas import TicketCreate

register_all()  # the ai domain's handlers index tickets when they are resolved

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "similar"


def paraphrases(language: str) -> list[dict[str, str]]:
    """Our hand-written helpdesk pairs: a solved ticket (title, body) and a differently worded query."""
    return json.loads((FIXTURES / f"{language}_paraphrases.json").read_text(encoding="utf-8"))


def make_ticket(session, agent, title, description="", *, email="carol@example.com", commit=True):
    ticket = service.create_ticket(
        session,
        agent,
        TicketCreate(
            type="general_inquiry", title=title, description=description, requester={"email": email}
        ),
        channel=Channel.AGENT,
    )
    if commit:
        session.commit()
    return ticket


def solve(session, agent, ticket, reply="", *, to=Status.RESOLVED):
    """Reply (when given) and resolve (or close) ``ticket``, committing so the handlers run."""
    if reply:
        messages.add_message(session, agent, ticket, body=reply)
    transitions.transition(session, agent, ticket, Status.RESOLVED)
    if to is Status.CLOSED:
        transitions.transition(session, agent, ticket, Status.CLOSED)
    session.commit()
    return ticket


def solved_ticket(session, agent, title, description="", reply="", **kwargs):
    return solve(session, agent, make_ticket(session, agent, title, description, **kwargs), reply)


@pytest.fixture
def agent(make_user):
    return make_user("agent")


@pytest.fixture
def bm25_only():
    """Run with no embedder (as when the package is missing), restoring the previous one afterwards."""
    before = embedder_module.default_embedder()
    embedder_module.set_default_embedder(None)
    yield
    embedder_module.set_default_embedder(before)
