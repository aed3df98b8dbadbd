"""The ticket page's AI panel (/agent/tickets/{id}/panels/ai): decisions with confidence and reasons,
Accept and Override through htmx or plain forms with CSRF, staff only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ticketwise.ai import decisions
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision, DecisionStatus
from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket


@pytest.fixture
def root(request):
    """The root conftest (``web_login``, ``csrf_of``): not importable as ``tests.conftest``."""
    return request.config.pluginmanager.get_plugin(
        str(Path(request.config.rootpath) / "tests" / "conftest.py")
    )


@pytest.fixture
def agent(make_user):
    return make_user("agent", name="Wang Wei")


@pytest.fixture
def ticket(session, seeded_types, agent) -> Ticket:
    created = create_ticket(
        session,
        agent,
        TicketCreate(
            type="general_inquiry",
            title="Laptop shows a blue screen",
            requester=RequesterIn(email="carol@example.com", name="Carol"),
        ),
        channel=Channel.AGENT,
    )
    session.commit()
    return created


def _decide(
    session, ticket, attribute="type", value="general_inquiry", *, applied=True, confidence=0.91
) -> AiDecision:
    decision = decisions.record(
        session,
        ticket_id=ticket.id,
        feature=Feature.TRIAGE,
        attribute=attribute,
        value=value,
        confidence=confidence,
        reasons=[decisions.reason(N_("The title may have at most %(max)s characters."), max=300)],
        model="tfidf-logreg-v1",
        input_text=ticket.title,
        output={},
        latency_ms=3,
        applied=applied,
    )
    session.commit()
    return decision


@pytest.fixture
def agent_client(client, agent, root):
    root.web_login(client, agent.email)
    return client


def _htmx(client) -> dict[str, str]:
    return {"HX-Request": "true", "X-CSRF-Token": client.cookies["tw_csrf"]}


def test_panel_shows_the_decision_with_its_reasons(agent_client, session, ticket):
    decision = _decide(session, ticket)
    _decide(session, ticket, "priority", "P1", applied=False, confidence=0.55)

    html = agent_client.get(f"/agent/tickets/{ticket.id}/panels/ai").text

    item = re.search(
        rf'<li class="list-group-item" data-decision="{decision.id}".*?</li>', html, re.DOTALL
    ).group(0)
    assert re.search(
        r"AI: type General inquiry \(0\.91\)\s*<span[^>]*>because The title may have at most 300 characters\.",
        item,
    )
    assert "Applied" in item and "builtin · tfidf-logreg-v1" in item
    assert f'action="/agent/tickets/{ticket.id}/ai/decisions/{decision.id}/accept"' in item
    assert '<option value="it_support">IT support</option>' in item
    assert '<option value="general_inquiry" selected>' in item
    assert 'name="csrf_token"' in item
    assert "AI: priority P1 · High (0.55)" in html and "Suggested" in html


def test_no_card_without_decisions(agent_client, ticket, session):
    for decision in decisions.decisions_for(session, ticket.id):  # whatever arrival may have recorded
        session.delete(decision)
    session.commit()
    assert agent_client.get(f"/agent/tickets/{ticket.id}/panels/ai").text.strip() == ""


def test_accept_with_htmx_applies_and_reloads_the_page(agent_client, session, ticket, agent):
    decision = _decide(session, ticket, "priority", "P0", applied=False)

    response = agent_client.post(
        f"/agent/tickets/{ticket.id}/ai/decisions/{decision.id}/accept", headers=_htmx(agent_client)
    )

    assert response.status_code == 200
    assert response.headers["HX-Refresh"] == "true"
    assert 'data-notice="success">AI decision accepted.' in response.text
    session.expire_all()
    assert session.get(AiDecision, decision.id).status is DecisionStatus.ACCEPTED
    assert session.get(Ticket, ticket.id).priority.value == "P0"


def test_accepting_an_applied_decision_only_swaps_the_panel(agent_client, session, ticket):
    decision = _decide(session, ticket)
    response = agent_client.post(
        f"/agent/tickets/{ticket.id}/ai/decisions/{decision.id}/accept", headers=_htmx(agent_client)
    )
    assert "HX-Refresh" not in response.headers
    assert re.search(rf'data-decision="{decision.id}"[^>]*data-status="accepted"', response.text)
    assert "accepted by Wang Wei" in response.text


def test_override_with_a_plain_form_comes_back_to_the_ticket(agent_client, session, ticket, root):
    decision = _decide(session, ticket)
    response = agent_client.post(
        f"/agent/tickets/{ticket.id}/ai/decisions/{decision.id}/override",
        data={"value": "it_support", "csrf_token": root.csrf_of(agent_client)},
    )
    assert response.status_code == 303 and response.headers["location"] == f"/agent/tickets/{ticket.number}"
    session.expire_all()
    assert session.get(Ticket, ticket.id).type.slug == "it_support"
    panel = agent_client.get(f"/agent/tickets/{ticket.id}/panels/ai").text
    assert "changed to IT support by Wang Wei" in panel


def test_a_refused_value_is_shown_in_the_panel_and_changes_nothing(agent_client, session, ticket):
    decision = _decide(session, ticket, "priority", "P1")
    response = agent_client.post(
        f"/agent/tickets/{ticket.id}/ai/decisions/{decision.id}/override",
        data={"value": "P9"},
        headers=_htmx(agent_client),
    )
    assert response.status_code == 200 and "HX-Refresh" not in response.headers
    assert 'data-notice="danger">Choose one of the allowed values.' in response.text
    session.expire_all()
    assert session.get(AiDecision, decision.id).status is DecisionStatus.APPLIED


def test_csrf_is_required(agent_client, session, ticket):
    decision = _decide(session, ticket)
    response = agent_client.post(f"/agent/tickets/{ticket.id}/ai/decisions/{decision.id}/accept")
    assert response.status_code == 403
    session.expire_all()
    assert session.get(AiDecision, decision.id).status is DecisionStatus.APPLIED


def test_a_decision_of_another_ticket_is_not_found(agent_client, session, ticket, agent):
    other = create_ticket(
        session,
        agent,
        TicketCreate(type="general_inquiry", title="Other", requester=RequesterIn(email="d@example.com")),
        channel=Channel.AGENT,
    )
    decision = _decide(session, other)
    response = agent_client.post(
        f"/agent/tickets/{ticket.id}/ai/decisions/{decision.id}/accept", headers=_htmx(agent_client)
    )
    assert response.status_code == 404


def test_customers_never_see_the_panel(client, make_user, session, ticket, root):
    _decide(session, ticket)
    requester = make_user("customer", email="carol@example.com")
    root.web_login(client, requester.email)
    response = client.get(f"/agent/tickets/{ticket.id}/panels/ai")
    assert response.status_code == 403
    assert "AI:" not in response.text


def test_descriptive_findings_are_folded_under_more(agent_client, session, ticket):
    _decide(session, ticket, "priority", "P1", applied=False, confidence=0.55)
    _decide(session, ticket, "language", "en", applied=True, confidence=0.99)
    _decide(session, ticket, "keywords", "printer, toner", applied=True, confidence=None)
    html = agent_client.get(f"/agent/tickets/{ticket.id}/panels/ai").text
    folded = html[html.index("data-ai-more") :]
    assert 'data-attribute="priority"' in html[: html.index("data-ai-more")]
    assert 'data-attribute="language"' in folded and 'data-attribute="keywords"' in folded
    assert "More AI findings (" in folded  # arrival may have added findings of its own
