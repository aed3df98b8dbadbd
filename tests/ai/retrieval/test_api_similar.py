"""GET /api/v1/tickets/{ticket}/similar: staff only, scored results, problem+json errors, OpenAPI."""

from __future__ import annotations

from tests.ai.retrieval.conftest import make_ticket, solved_ticket


def test_staff_get_scored_similar_tickets(session, agent, api_as):
    solved = solved_ticket(
        session, agent, "Outlook mailbox full", "Outlook says the mailbox is full", reply="Archived old mail."
    )
    asking = make_ticket(session, agent, "Mailbox is full", "Outlook tells me my mailbox is full again")
    response = api_as(agent).get(f"/api/v1/tickets/{asking.number}/similar", params={"limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body[0] == {
        "kind": "ticket",
        "id": solved.id,
        "number": solved.number,
        "ref": solved.number,
        "title": "Outlook mailbox full",
        "score": body[0]["score"],
        "snippet": "Outlook says the mailbox is full",
        "solution": "Archived old mail.",
    }
    assert 0.3 < body[0]["score"] <= 1
    assert all(hit["id"] != asking.id for hit in body)


def test_customers_are_refused_and_unknown_tickets_are_404(session, agent, make_user, api_as):
    asking = make_ticket(session, agent, "Mailbox is full", "x", email="cust@example.com")
    customer = make_user("customer", email="cust@example.com")
    refused = api_as(customer).get(f"/api/v1/tickets/{asking.id}/similar")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    staff = api_as(agent)
    assert staff.get("/api/v1/tickets/999999/similar").status_code == 404
    assert staff.get("/api/v1/tickets/not-a-ticket/similar").status_code == 404
    bad = staff.get(f"/api/v1/tickets/{asking.id}/similar", params={"limit": 0})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")


def test_the_route_is_documented(client):
    spec = client.get("/api/v1/openapi.json")
    if spec.status_code == 404:
        spec = client.get("/openapi.json")
    operation = spec.json()["paths"]["/api/v1/tickets/{ticket}/similar"]["get"]
    assert operation["operationId"] == "similar_tickets"
    assert {"200", "403", "404", "422"} <= set(operation["responses"])
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["limit"]
