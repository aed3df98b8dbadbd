"""POST /api/v1/webhooks/{slug}: signature, raw storage, mapping, idempotent create/update, quarantine."""

from __future__ import annotations

import json

import sqlalchemy as sa
import time_machine

from ticketwise.core.clock import now
from ticketwise.core.signatures import sign
from ticketwise.intake.webhooks.models import DeliveryStatus, WebhookDelivery
from ticketwise.tickets.enums import Channel, Priority
from ticketwise.tickets.models import Ticket, TicketEvent, TicketMessage
from ticketwise.tickets.types import extension

from .conftest import payload, signed_post


def _ticket(session, number: str) -> Ticket:
    session.expire_all()
    return session.scalar(sa.select(Ticket).where(Ticket.number == number))


def test_first_event_creates_a_ticket_with_everything_mapped(client, session, make_source):
    source, secret = make_source()
    response = signed_post(client, "monitoring", secret, payload())
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["outcome"] == "created" and answer["reason"] is None
    ticket = _ticket(session, answer["ticket"]["number"])
    assert ticket.title == "Mail server is down"
    assert ticket.channel is Channel.WEBHOOK
    assert (ticket.source_system, ticket.external_ref) == ("monitoring", "INC-1")
    assert ticket.requester.email == "ops@example.com"
    assert ticket.priority is Priority.P1  # more urgent than the type's default: set by the system, audited
    assert ticket.category.key == "email"
    assert ticket.tags == ["mail", "monitoring"]
    assert extension.read_fields(session, ticket)["error_code"] == "0x8004010F"
    delivery = session.get(WebhookDelivery, answer["delivery_id"])
    assert delivery.status is DeliveryStatus.PROCESSED and delivery.ticket_id == ticket.id
    assert json.loads(delivery.body) == payload()  # the raw body is kept
    received = session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "received")
    ).one()
    assert received.data["source"] == f"webhook:{source.id}"


def test_repeated_event_updates_changed_fields_and_never_creates_a_second_ticket(
    client, session, make_source
):
    _source, secret = make_source()
    first = signed_post(client, "monitoring", secret, payload()).json()
    same = signed_post(client, "monitoring", secret, payload())
    assert same.status_code == 200 and same.json()["outcome"] == "unchanged"
    changed = signed_post(client, "monitoring", secret, payload(priority="P0", summary="Mail server is DOWN"))
    assert changed.json()["outcome"] == "updated"
    assert changed.json()["ticket"]["number"] == first["ticket"]["number"]
    ticket = _ticket(session, first["ticket"]["number"])
    assert ticket.priority is Priority.P0 and ticket.title == "Mail server is DOWN"
    updates = session.scalars(
        sa.select(TicketEvent.field).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.action == "updated"
        )
    ).all()
    assert "title" in updates and updates.count("priority") == 2  # P2->P1 at creation, P1->P0 now
    count = session.scalar(
        sa.select(sa.func.count()).select_from(Ticket).where(Ticket.external_ref == "INC-1")
    )
    assert count == 1


def test_a_new_comment_on_a_known_reference_is_appended_once(client, session, make_source):
    _source, secret = make_source()
    first = signed_post(client, "monitoring", secret, payload()).json()
    body = {**payload(), "comment": {"text": "Still down after restart."}}
    assert signed_post(client, "monitoring", secret, body).json()["outcome"] == "appended"
    assert signed_post(client, "monitoring", secret, body).json()["outcome"] == "unchanged"
    ticket = _ticket(session, first["ticket"]["number"])
    texts = session.scalars(
        sa.select(TicketMessage.body_text).where(TicketMessage.ticket_id == ticket.id)
    ).all()
    assert texts.count("Still down after restart.") == 1


def test_unsigned_bad_and_stale_signatures_are_refused_and_not_stored(client, session, make_source):
    _source, secret = make_source()
    raw = json.dumps(payload()).encode()
    unsigned = client.post("/api/v1/webhooks/monitoring", content=raw)
    assert unsigned.status_code == 401
    assert "not signed" in unsigned.json()["detail"]
    stamp = int(now().timestamp())
    wrong = client.post(
        "/api/v1/webhooks/monitoring",
        content=raw,
        headers={"X-Ticketwise-Timestamp": str(stamp), "X-Ticketwise-Signature": sign("other", raw, stamp)},
    )
    assert wrong.status_code == 401 and "does not match" in wrong.json()["detail"]
    old = stamp - 301
    stale = client.post(
        "/api/v1/webhooks/monitoring",
        content=raw,
        headers={"X-Ticketwise-Timestamp": str(old), "X-Ticketwise-Signature": sign(secret, raw, old)},
    )
    assert stale.status_code == 401 and "300 seconds" in stale.json()["detail"]
    assert session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 0


def test_the_refusal_is_in_the_callers_language(client, make_source):
    _source, secret = make_source()
    raw = json.dumps(payload()).encode()
    response = client.post("/api/v1/webhooks/monitoring", content=raw, headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 401
    assert "X-Ticketwise-Signature" in response.json()["detail"]


def test_unknown_and_inactive_sources_are_not_found(client, session, make_source):
    source, secret = make_source()
    assert signed_post(client, "nothing-here", secret, payload()).status_code == 404
    source.is_active = False
    session.commit()
    assert signed_post(client, "monitoring", secret, payload()).status_code == 404


def test_a_payload_without_title_is_quarantined_with_its_reason(client, session, make_source):
    _source, secret = make_source()
    response = signed_post(client, "monitoring", secret, payload(summary=None))
    assert response.status_code == 202
    answer = response.json()
    assert answer["outcome"] == "quarantined" and answer["ticket"] is None
    assert "no title" in answer["reason"]
    delivery = session.get(WebhookDelivery, answer["delivery_id"])
    session.refresh(delivery)
    assert delivery.status is DeliveryStatus.QUARANTINED and "title" in delivery.reason
    assert session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_wrong_types_and_bad_json_are_quarantined(client, session, make_source):
    _source, secret = make_source()
    bad_priority = signed_post(client, "monitoring", secret, payload(priority="whenever")).json()
    assert bad_priority["outcome"] == "quarantined" and "P0, P1, P2, P3" in bad_priority["reason"]
    bad_field = signed_post(client, "monitoring", secret, payload(ref="INC-2", error={"x": 1})).json()
    assert bad_field["outcome"] == "quarantined"
    not_json = signed_post(client, "monitoring", secret, b"{not json").json()
    assert not_json["outcome"] == "quarantined" and "JSON" in not_json["reason"]
    no_ref = signed_post(client, "monitoring", secret, {"issue": {"summary": "x"}}).json()
    assert no_ref["outcome"] == "quarantined" and "issue.id" in no_ref["reason"]


def test_a_quarantined_delivery_can_be_retried_after_the_mapping_is_fixed(
    client, session, make_source, admin
):
    from ticketwise.intake.webhooks import receive

    source, secret = make_source()
    body = {"issue": {"id": "X-9", "title": "Printer jam"}, "reporter": {"email": "amy@example.com"}}
    answer = signed_post(client, "monitoring", secret, body).json()
    assert answer["outcome"] == "quarantined"
    source.mapping = {**source.mapping, "title": "issue.title"}
    session.commit()
    result = receive.retry_delivery(admin, answer["delivery_id"])
    assert result.outcome == "created"
    delivery = session.get(WebhookDelivery, answer["delivery_id"])
    session.refresh(delivery)
    assert delivery.status is DeliveryStatus.PROCESSED and delivery.attempts == 2


def test_without_reference_path_every_event_creates_a_ticket(client, session, make_source):
    _source, secret = make_source(external_ref_path=None)
    assert signed_post(client, "monitoring", secret, payload()).json()["outcome"] == "created"
    assert signed_post(client, "monitoring", secret, payload()).json()["outcome"] == "created"


def test_time_tolerance_follows_the_source(client, make_source):
    _source, secret = make_source(tolerance_seconds=60)
    raw = json.dumps(payload()).encode()
    with time_machine.travel(now().replace(microsecond=0), tick=False) as traveller:
        stamp = int(now().timestamp())
        headers = {"X-Ticketwise-Timestamp": str(stamp), "X-Ticketwise-Signature": sign(secret, raw, stamp)}
        traveller.shift(61)
        late = client.post("/api/v1/webhooks/monitoring", content=raw, headers=headers)
    assert late.status_code == 401 and "60 seconds" in late.json()["detail"]


def test_a_flood_from_one_address_is_refused_before_anything_is_stored(
    client, session, make_source, monkeypatch
):
    from ticketwise.config import get_settings  # noqa: PLC0415 - only this test changes the limit

    monkeypatch.setattr(get_settings().security, "webhook_rate_limit", "3/minute")
    _source, secret = make_source()
    statuses = [signed_post(client, "monitoring", secret, payload(ref=f"F{i}")).status_code for i in range(4)]
    assert statuses == [201, 201, 201, 429]
    refused = signed_post(
        client, "monitoring", secret, payload(ref="F9"), headers={"Accept-Language": "zh-CN"}
    )
    assert refused.status_code == 429 and refused.headers["content-type"] == "application/problem+json"
    assert session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 3
