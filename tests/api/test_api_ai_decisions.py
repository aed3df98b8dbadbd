"""/api/v1 AI decisions: listing a ticket's decisions with rendered reasons, accepting and overriding
them (the ticket changes, a training label is kept), problem+json errors and staff-only access."""

from __future__ import annotations

import pytest

from ticketwise.ai import decisions
from ticketwise.ai.features import Feature
from ticketwise.core.i18n import N_


@pytest.fixture
def ticket(agent_api, create_ticket):
    return create_ticket(
        agent_api,
        type="general_inquiry",
        fields={},
        requester={"email": "alice@example.com", "name": "Alice"},
    )


def _decide(session, ticket, attribute="type", value="general_inquiry", *, applied=True, confidence=0.91):
    decision = decisions.record(
        session,
        ticket_id=ticket["id"],
        feature=Feature.TRIAGE,
        attribute=attribute,
        value=value,
        confidence=confidence,
        reasons=[decisions.reason(N_("The title may have at most %(max)s characters."), max=300)],
        provider="DeepSeek",
        model="deepseek-chat",
        input_text=ticket["title"],
        output={"type": value},
        latency_ms=812,
        applied=applied,
    )
    session.commit()
    return decision


def test_list_shows_confidence_reasons_and_provider(session, agent_api, ticket):
    decision = _decide(session, ticket)

    response = agent_api.get(f"/api/v1/tickets/{ticket['number']}/ai/decisions")

    assert response.status_code == 200, response.text
    # Triage on arrival may have recorded its own decisions before this one.
    [item] = [d for d in response.json() if d["id"] == decision.id]
    assert item["ticket_id"] == ticket["id"]
    assert (item["feature"], item["attribute"], item["value"], item["confidence"]) == (
        "triage",
        "type",
        "general_inquiry",
        0.91,
    )
    assert item["reasons"] == ["The title may have at most 300 characters."]
    assert item["reason_codes"] == [
        {"msg": "The title may have at most %(max)s characters.", "params": {"max": 300}}
    ]
    assert (item["provider"], item["model"], item["latency_ms"]) == ("DeepSeek", "deepseek-chat", 812)
    assert (item["status"], item["applied"], item["reviewed_by"]) == ("applied", True, None)
    chinese = agent_api.get(
        f"/api/v1/tickets/{ticket['id']}/ai/decisions", headers={"Accept-Language": "zh-CN"}
    )
    assert [d["reasons"] for d in chinese.json() if d["id"] == decision.id] == [["标题最多 300 个字符。"]]


def test_accept_applies_a_suggestion(session, agent_api, agent, ticket):
    decision = _decide(session, ticket, "priority", "P0", applied=False)

    response = agent_api.post(f"/api/v1/ai/decisions/{decision.id}/accept")

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["applied"], body["reviewed_by"]["id"]) == ("accepted", True, agent.id)
    assert agent_api.get(f"/api/v1/tickets/{ticket['id']}").json()["priority"] == "P0"
    again = agent_api.post(f"/api/v1/ai/decisions/{decision.id}/accept")
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"


def test_override_changes_the_ticket_and_keeps_a_training_label(session, agent_api, ticket):
    decision = _decide(session, ticket)

    response = agent_api.post(f"/api/v1/ai/decisions/{decision.id}/override", json={"value": "it_support"})

    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["override_value"]) == ("overridden", "it_support")
    assert agent_api.get(f"/api/v1/tickets/{ticket['id']}").json()["type"] == "it_support"
    assert decisions.training_labels(session, "type") == [(ticket["id"], "it_support")]


def test_a_wrong_value_is_a_field_error(session, agent_api, ticket):
    decision = _decide(session, ticket, "priority", "P1")
    response = agent_api.post(f"/api/v1/ai/decisions/{decision.id}/override", json={"value": "P7"})
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["errors"] == [{"field": "value", "message": "Choose one of the allowed values."}]
    missing = agent_api.post(f"/api/v1/ai/decisions/{decision.id}/override", json={})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "value"


def test_customers_never_see_or_review_decisions(session, customer_api, ticket):
    decision = _decide(session, ticket)
    # Alice is the requester: she sees the ticket, but not its AI decisions.
    assert customer_api.get(f"/api/v1/tickets/{ticket['id']}").status_code == 200
    for response in (
        customer_api.get(f"/api/v1/tickets/{ticket['id']}/ai/decisions"),
        customer_api.post(f"/api/v1/ai/decisions/{decision.id}/accept"),
        customer_api.post(f"/api/v1/ai/decisions/{decision.id}/override", json={"value": "it_support"}),
    ):
        assert response.status_code == 403, response.text
        assert response.headers["content-type"] == "application/problem+json"


def test_unknown_objects_are_not_found(agent_api, ticket):
    assert agent_api.get("/api/v1/tickets/TW-20000101-9999/ai/decisions").status_code == 404
    assert agent_api.post("/api/v1/ai/decisions/999999/accept").status_code == 404
    assert agent_api.post("/api/v1/ai/decisions/0/accept").status_code == 422


def test_the_routes_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/tickets/{ticket}/ai/decisions"]
    override = paths["/api/v1/ai/decisions/{decision_id}/override"]["post"]
    assert {"403", "404", "422"} <= set(override["responses"])
    assert "/api/v1/ai/decisions/{decision_id}/accept" in paths
