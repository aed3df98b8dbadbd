"""Status callbacks to a source: signed POSTs to a real HTTP server on loopback, attempts recorded."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from ticketwise.core.jobs import huey
from ticketwise.core.signatures import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_is_valid
from ticketwise.intake.webhooks import callbacks
from ticketwise.intake.webhooks.models import WebhookCallback
from ticketwise.intake.webhooks.tasks import MAX_RETRIES
from ticketwise.tickets import transitions
from ticketwise.tickets.enums import Status
from ticketwise.tickets.models import Ticket

from .conftest import payload, signed_post


class Receiver:
    """A loopback HTTP server that records each POST and answers ``status``."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"nope" if receiver.status >= 300 else b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _ticket_from_webhook(client, session, secret) -> Ticket:
    number = signed_post(client, "monitoring", secret, payload()).json()["ticket"]["number"]
    session.expire_all()
    return session.scalar(sa.select(Ticket).where(Ticket.number == number))


def test_a_status_change_is_posted_signed_to_the_source(client, session, make_source, make_user, receiver):
    source, secret = make_source(callback_url=receiver.url)
    ticket = _ticket_from_webhook(client, session, secret)
    agent = make_user("agent")
    transitions.transition(session, agent, ticket, Status.IN_PROGRESS)
    session.commit()

    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    sent = {k.lower(): v for k, v in headers.items()}
    assert signature_is_valid(
        secret, body, sent[TIMESTAMP_HEADER.lower()], sent[SIGNATURE_HEADER.lower()], tolerance_seconds=60
    )
    data = json.loads(body)
    assert data["event"] == "ticket.status_changed"
    assert data["ticket"]["external_ref"] == "INC-1" and data["ticket"]["number"] == ticket.number
    assert (data["ticket"]["previous_status"], data["ticket"]["status"]) == ("new", "in_progress")
    assert data["at"]
    (attempt,) = session.scalars(
        sa.select(WebhookCallback).where(WebhookCallback.source_id == source.id)
    ).all()
    assert attempt.status_code == 200 and attempt.succeeded and attempt.attempt == 1


def test_a_failed_callback_is_recorded_and_retried_with_backoff(
    client, session, make_source, make_user, receiver
):
    source, secret = make_source(callback_url=receiver.url)
    ticket = _ticket_from_webhook(client, session, secret)
    receiver.status = 503
    huey.flush()
    transitions.transition(session, make_user("agent"), ticket, Status.IN_PROGRESS)
    session.commit()

    (failed,) = session.scalars(sa.select(WebhookCallback)).all()
    assert failed.status_code == 503 and failed.error == "nope" and not failed.succeeded
    (retry,) = huey.scheduled()  # Huey put the job back with its retry delay
    assert retry.retries == MAX_RETRIES - 1 and retry.retry_delay > 30  # the next delay has grown
    huey.flush()

    receiver.status = 200
    record = callbacks.deliver(source.id, ticket.id, failed.payload, attempt=2)
    assert record is not None and record.succeeded and record.attempt == 2
    assert len(receiver.requests) == 2


def test_an_unreachable_receiver_is_recorded_as_an_error(client, session, make_source):
    source, secret = make_source(callback_url="http://127.0.0.1:9/nothing-listens-here")
    ticket = _ticket_from_webhook(client, session, secret)
    with pytest.raises(callbacks.CallbackFailed):
        callbacks.deliver(source.id, ticket.id, {"event": "ticket.status_changed"}, attempt=1)
    (attempt,) = session.scalars(sa.select(WebhookCallback)).all()
    assert attempt.status_code is None and "Connect" in attempt.error


def test_no_callback_without_url_or_for_tickets_from_elsewhere(
    client, session, make_source, make_user, receiver
):
    _source, secret = make_source()  # no callback URL
    ticket = _ticket_from_webhook(client, session, secret)
    transitions.transition(session, make_user("agent"), ticket, Status.IN_PROGRESS)
    session.commit()
    assert receiver.requests == [] and session.scalars(sa.select(WebhookCallback)).all() == []
