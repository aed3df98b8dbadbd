"""The assist API (/api/v1/tickets/{id}/assist/..., /api/v1/assist/guard) and the reply guard on
POST /api/v1/tickets/{id}/messages: warn vs block, notes and customers not checked, staff only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import TicketMessage

SECRET = "Your new password: Xk9#mQ2z"


@pytest.fixture
def ticket(session, make_ticket, agent):
    ticket = make_ticket(
        "VPN drops every few minutes",
        description="Since Monday the VPN client disconnects every few minutes. I must reconnect many times a day.",
        language="en",
    )
    add_message(session, agent, ticket, body="Please update the VPN client to version 5.2.")
    add_message(
        session, None, ticket, contact=ticket.requester, body="I updated it. The VPN still disconnects."
    )
    session.commit()
    return ticket


@pytest.fixture
def api(api_as, agent):
    return api_as(agent)


def _messages(session, ticket):
    session.expire_all()
    return list(session.scalars(sa.select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)))


def test_customers_get_403_everywhere(api_as, customer, ticket):
    client = api_as(customer)
    for path, body in [
        (f"/api/v1/tickets/{ticket.id}/assist/draft", None),
        (f"/api/v1/tickets/{ticket.id}/assist/summary", None),
        (f"/api/v1/tickets/{ticket.id}/assist/translate", {"target_language": "zh"}),
        ("/api/v1/assist/guard", {"text": "hello"}),
    ]:
        response = client.post(path, json=body)
        assert response.status_code == 403, path
        assert response.headers["content-type"].startswith("application/problem+json")


def test_unknown_ticket_is_404(api):
    assert api.post("/api/v1/tickets/999999/assist/summary").status_code == 404


def test_draft_offline(api, ticket):
    response = api.post(f"/api/v1/tickets/{ticket.number}/assist/draft")
    assert response.status_code == 200
    body = response.json()
    assert body["offline"] is True and body["provider"] == "builtin" and body["source"] == "template"
    assert body["language"] == "en" and ticket.number in body["body"] and body["citations"] == []
    assert isinstance(body["latency_ms"], int)


def test_summary_offline_and_by_llm(api, ticket, configure, openai_server):
    offline = api.post(f"/api/v1/tickets/{ticket.id}/assist/summary").json()
    assert offline["offline"] is True and offline["text"] == ""
    assert 3 <= len(offline["lines"]) <= 5
    assert offline["lines"][0]["message_id"] is None and offline["lines"][0]["role"] == "customer"

    configure(Feature.SUMMARY)
    openai_server.reply_json({"summary": "VPN still drops after the 5.2 update."})
    online = api.post(f"/api/v1/tickets/{ticket.id}/assist/summary").json()
    assert online == {
        "provider": "Fake",
        "model": "fake-model",
        "latency_ms": online["latency_ms"],
        "offline": False,
        "text": "VPN still drops after the 5.2 update.",
        "lines": [],
    }


def test_translate_without_a_provider_is_503_with_the_reason(api, ticket):
    response = api.post(f"/api/v1/tickets/{ticket.id}/assist/translate", json={"target_language": "zh"})
    assert response.status_code == 503
    problem = response.json()
    assert problem["type"].endswith("/translation-unavailable")
    assert problem["detail"] == "Translation needs an AI provider; none is configured."


def test_translate_a_message_and_a_text(api, session, ticket, configure, openai_server, sent_prompt):
    configure(Feature.TRANSLATION)
    customer_message = _messages(session, ticket)[-1]
    openai_server.reply_json({"translation": "我更新了。VPN 仍然断开。"})
    response = api.post(
        f"/api/v1/tickets/{ticket.id}/assist/translate",
        json={"message_id": customer_message.id, "target_language": "zh"},
    )
    assert response.status_code == 200
    assert (
        response.json()["text"] == "我更新了。VPN 仍然断开。" and response.json()["target_language"] == "zh"
    )
    assert sent_prompt()[1] == "I updated it. The VPN still disconnects."

    openai_server.reply_json({"translation": "请重启。"})
    response = api.post(
        f"/api/v1/tickets/{ticket.id}/assist/translate",
        json={"text": "Please restart.", "target_language": "zh"},
    )
    assert response.json()["text"] == "请重启。"


def test_translate_input_errors(api, make_ticket, session, agent, ticket, configure):
    configure(Feature.TRANSLATION)
    other = make_ticket("Other")
    foreign = add_message(session, agent, other, body="Elsewhere")
    session.commit()
    url = f"/api/v1/tickets/{ticket.id}/assist/translate"
    assert api.post(url, json={"message_id": foreign.id, "target_language": "zh"}).status_code == 404
    assert api.post(url, json={"target_language": "fr"}).status_code == 422
    both = api.post(url, json={"message_id": foreign.id, "text": "x", "target_language": "zh"})
    assert both.status_code == 422


def test_guard_endpoint(api, session, ticket, configure, openai_server):
    response = api.post("/api/v1/assist/guard", json={"text": f"{SECRET}. ID 11010519491231002X"})
    assert response.status_code == 200
    body = response.json()
    assert body["mode"] == "warn" and body["tone_checked"] is False and body["offline"] is True
    assert [(f["kind"], f["excerpt"]) for f in body["findings"]] == [
        ("password", "new password: ******"),
        ("cn_resident_id", "1101************2X"),
    ]
    assert "Xk9#mQ2z" not in response.text

    configure(Feature.REPLY_GUARD)
    openai_server.reply_json({"ok": False, "issues": ["Sounds impatient."]})
    toned = api.post(
        "/api/v1/assist/guard", json={"text": "Read the manual.", "ticket": ticket.number}
    ).json()
    assert toned["tone_checked"] is True and toned["provider"] == "Fake"
    assert [(f["kind"], f["message"]) for f in toned["findings"]] == [("tone", "Sounds impatient.")]
    session.expire_all()
    [decision] = session.scalars(
        sa.select(AiDecision).where(AiDecision.ticket_id == ticket.id, AiDecision.attribute == "reply_guard")
    ).all()
    assert decision.value == "tone" and decision.provider == "Fake"


def test_reply_in_warn_mode_is_sent_and_says_what_was_found(api, session, ticket):
    before = len(_messages(session, ticket))
    response = api.post(f"/api/v1/tickets/{ticket.id}/messages", json={"body": SECRET})
    assert response.status_code == 201
    assert response.headers["Reply-Guard"] == "warn"
    assert response.headers["Reply-Guard-Findings"] == "password"
    assert len(_messages(session, ticket)) == before + 1


def test_reply_in_block_mode_is_refused_with_the_findings(api, session, ticket, guard_mode):
    guard_mode("block")
    before = len(_messages(session, ticket))
    response = api.post(
        f"/api/v1/tickets/{ticket.id}/messages", json={"body": f"{SECRET} and card 4111 1111 1111 1111"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/reply-blocked")
    assert [f["kind"] for f in problem["findings"]] == ["password", "bank_card"]
    assert problem["errors"][0] == {"field": "body", "message": "Password: new password: ******"}
    assert "Xk9#mQ2z" not in response.text and "4111 1111 1111 1111" not in response.text
    assert len(_messages(session, ticket)) == before
    # A clean reply still goes through, without guard headers.
    clean = api.post(
        f"/api/v1/tickets/{ticket.id}/messages", json={"body": "Fixed on our side, please retry."}
    )
    assert clean.status_code == 201 and "Reply-Guard" not in clean.headers


def test_notes_and_customer_messages_are_not_checked(api, api_as, session, ticket, guard_mode, customer):
    guard_mode("block")
    note = api.post(f"/api/v1/tickets/{ticket.id}/messages", json={"body": SECRET, "internal": True})
    assert note.status_code == 201 and "Reply-Guard" not in note.headers

    own = api_as(customer)
    own_ticket = api.post(
        "/api/v1/tickets",
        json={
            "type": "general_inquiry",
            "title": "Help",
            "description": "x",
            "requester": {"email": customer.email},
        },
    ).json()
    reply = own.post(f"/api/v1/tickets/{own_ticket['id']}/messages", json={"body": "My password: Xk9#mQ2z"})
    assert reply.status_code == 201 and "Reply-Guard" not in reply.headers


def test_guard_off_lets_everything_through(api, ticket, guard_mode):
    guard_mode("off")
    response = api.post(f"/api/v1/tickets/{ticket.id}/messages", json={"body": SECRET})
    assert response.status_code == 201 and "Reply-Guard" not in response.headers
