"""POST /api/v1/inbound/email: raw RFC 822 in, the pipeline's outcome out."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from fastapi.testclient import TestClient

from ticketwise.api import inbound
from ticketwise.tickets.mail_ids import make_message_id
from ticketwise.users import tokens

RFC822 = {"Content-Type": "message/rfc822"}


def _mail(
    *, sender="Carol <carol@customer.example>", subject="Printer jammed", body="Error E-22.", **headers
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@ticketwise.example"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return bytes(message)


@pytest.fixture(autouse=True)
def _types(seeded_types):
    return seeded_types


def test_a_new_message_creates_a_ticket(agent_api):
    response = agent_api.post(
        "/api/v1/inbound/email", content=_mail(Message_ID="<a1@customer.example>"), headers=RFC822
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"] == "created"
    assert body["ticket"]["title"] == "Printer jammed"
    assert body["ticket"]["status"] == "new"
    assert body["ticket"]["number"].startswith("TW-")
    assert body["message_id"] == "<a1@customer.example>"
    assert body["reason"] is None
    assert isinstance(body["item_id"], int)


def test_a_reply_is_appended_and_a_resend_is_a_duplicate(agent_api):
    created = agent_api.post("/api/v1/inbound/email", content=_mail(), headers=RFC822).json()
    reply = _mail(
        subject="Re: Printer jammed",
        body="Still jammed.",
        In_Reply_To=make_message_id(created["ticket"]["id"]),
    )

    appended = agent_api.post("/api/v1/inbound/email", content=reply, headers=RFC822)
    again = agent_api.post("/api/v1/inbound/email", content=reply, headers=RFC822)

    assert (appended.status_code, appended.json()["outcome"]) == (200, "appended")
    assert appended.json()["ticket"]["id"] == created["ticket"]["id"]
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    assert again.json()["ticket"]["id"] == created["ticket"]["id"]


def test_unreadable_bytes_are_stored_and_answered_202(agent_api):
    response = agent_api.post("/api/v1/inbound/email", content=b"\x00\x01\x02binary", headers=RFC822)

    assert response.status_code == 202
    body = response.json()
    assert (body["outcome"], body["ticket"]) == ("quarantined", None)
    assert body["reason"] == "unparseable e-mail: The message is binary data, not an e-mail."


def test_an_auto_reply_is_recorded_without_ticket(agent_api):
    response = agent_api.post(
        "/api/v1/inbound/email",
        content=_mail(subject="Out of office", Auto_Submitted="auto-replied"),
        headers=RFC822,
    )
    assert (response.status_code, response.json()["outcome"], response.json()["ticket"]) == (
        200,
        "auto_reply",
        None,
    )


@pytest.mark.parametrize("media_type", ["application/octet-stream", "text/plain; charset=utf-8"])
def test_other_raw_media_types_are_accepted(agent_api, media_type):
    response = agent_api.post("/api/v1/inbound/email", content=_mail(), headers={"Content-Type": media_type})
    assert response.status_code == 201


def test_json_is_refused_with_415(agent_api):
    response = agent_api.post("/api/v1/inbound/email", json={"raw": "x"})
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"
    assert "message/rfc822" in response.json()["detail"]


def test_an_empty_body_is_refused(agent_api):
    response = agent_api.post("/api/v1/inbound/email", content=b"  \r\n", headers=RFC822)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body", "message": "The message is empty."}]


def test_a_message_over_the_limit_is_refused_with_413(agent_api, monkeypatch):
    monkeypatch.setattr(inbound, "MAX_RAW_BYTES", 1024 * 1024)
    response = agent_api.post(
        "/api/v1/inbound/email", content=_mail(body="x" * (1024 * 1024 + 10)), headers=RFC822
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "The message is larger than the limit of 1 MB."


def test_a_chunked_message_over_the_limit_is_refused_while_reading(agent_api, monkeypatch):
    monkeypatch.setattr(inbound, "MAX_RAW_BYTES", 1024 * 1024)
    data = _mail(body="x" * (1024 * 1024 + 10))
    response = agent_api.post(
        "/api/v1/inbound/email", content=iter([data[:1000], data[1000:]]), headers=RFC822
    )
    assert response.status_code == 413


def test_the_problem_is_in_the_requests_language(agent_api):
    response = agent_api.post("/api/v1/inbound/email", json={}, headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 415
    assert response.headers["content-language"] == "zh-CN"


def test_without_token_401(client):
    response = client.post("/api/v1/inbound/email", content=_mail(), headers=RFC822)
    assert response.status_code == 401


def test_a_customer_token_is_refused(customer_api):
    response = customer_api.post("/api/v1/inbound/email", content=_mail(), headers=RFC822)
    assert response.status_code == 403


def test_a_read_only_token_is_refused(app, session, agent):
    _token, plaintext = tokens.create_api_token(session, agent, "ro", "read")
    session.commit()
    with TestClient(app, headers={"Authorization": f"Bearer {plaintext}", "Accept-Language": "en"}) as c:
        response = c.post("/api/v1/inbound/email", content=_mail(), headers=RFC822)
    assert response.status_code == 403
    assert response.json()["detail"] == "This API token may not post inbound mail."


def test_the_operation_is_documented(agent_api):
    operation = agent_api.get("/api/v1/openapi.json").json()["paths"]["/api/v1/inbound/email"]["post"]
    assert set(operation["requestBody"]["content"]) == {
        "message/rfc822",
        "application/octet-stream",
        "text/plain",
    }
    assert {"200", "201", "202", "401", "403", "413", "415", "422", "429"} <= set(operation["responses"])


def test_the_message_api_shows_sender_subject_and_files(agent_api):
    message = EmailMessage()
    message["From"] = "Carol Customer <carol@customer.example>"
    message["To"] = "support@ticketwise.example"
    message["Subject"] = "Scanner log"
    message.set_content("See the log.")
    message.add_attachment(b"line 1\nline 2\n", maintype="text", subtype="plain", filename="scan.log")
    created = agent_api.post("/api/v1/inbound/email", content=bytes(message), headers=RFC822).json()

    messages = agent_api.get(f"/api/v1/tickets/{created['ticket']['id']}/messages").json()

    assert len(messages) == 1
    first = messages[0]
    assert first["from"] == {"name": "Carol Customer", "email": "carol@customer.example"}
    assert first["subject"] == "Scanner log"
    assert first["body_text"] == "See the log."
    assert first["quoted_text"] == ""
    assert [(a["filename"], a["size"]) for a in first["attachments"]] == [("scan.log", 14)]
    assert set(first["attachments"][0]) == {"id", "filename", "content_type", "size", "sha256"}
