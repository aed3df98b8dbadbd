"""`ticketwise smtpd`: a real aiosmtpd controller on a free port, spoken to with smtplib."""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy.exc import OperationalError

from ticketwise.cli.smtpd import build_controller
from ticketwise.intake.models import InboundItem, ItemStatus
from ticketwise.intake.smtp_listener import IntakeHandler
from ticketwise.tickets.models import Ticket


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _message(
    *, sender: str | None = "carol@customer.example", body: str = "The VPN drops every hour."
) -> bytes:
    message = EmailMessage()
    if sender:
        message["From"] = f"Carol <{sender}>"
    message["To"] = "help@support.example"
    message["Subject"] = "VPN keeps disconnecting"
    message["Message-ID"] = f"<smtp-{_free_port()}@customer.example>"
    message.set_content(body)
    return message.as_bytes()


@pytest.fixture
def listener(database):
    """Factory: ``listener(**options) -> (host, port)`` of a started controller, stopped afterwards."""
    started: list[Controller] = []

    def factory(*, handler: IntakeHandler | None = None, **options) -> tuple[str, int]:
        port = _free_port()
        if handler is None:
            controller = build_controller("127.0.0.1", port, **options)
        else:
            controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        return "127.0.0.1", port

    yield factory
    for controller in started:
        controller.stop()


def _items(session) -> list[InboundItem]:
    session.expire_all()
    return list(
        session.scalars(sa.select(InboundItem).where(InboundItem.source == "smtp").order_by(InboundItem.id))
    )


def test_a_delivered_message_becomes_a_ticket(session, listener):
    host, port = listener()
    with smtplib.SMTP(host, port) as client:
        refused = client.sendmail("carol@customer.example", ["help@support.example"], _message())
    assert refused == {}
    (item,) = _items(session)
    assert item.status is ItemStatus.PROCESSED
    assert session.get(Ticket, item.ticket_id).title == "VPN keeps disconnecting"


def test_a_quarantined_message_is_still_accepted(session, listener):
    host, port = listener()
    with smtplib.SMTP(host, port) as client:
        code, _ = client.ehlo()
        client.mail("")
        client.rcpt("help@support.example")
        code, reply = client.data(_message(sender=None))
    assert code == 250, reply
    (item,) = _items(session)
    assert item.status is ItemStatus.QUARANTINED


def test_too_large_is_refused_with_552(session, listener):
    host, port = listener(max_bytes=2000)
    with smtplib.SMTP(host, port) as client, pytest.raises(smtplib.SMTPException) as caught:
        client.sendmail("carol@customer.example", ["help@support.example"], _message(body="x" * 5000))
    assert getattr(caught.value, "smtp_code", None) == 552 or "552" in str(caught.value)
    assert _items(session) == []


def test_only_configured_recipients_are_accepted(session, listener):
    host, port = listener(accept=("support.example", "desk@other.example"))
    with smtplib.SMTP(host, port) as client:
        client.ehlo()
        client.mail("carol@customer.example")
        assert client.rcpt("someone@elsewhere.example")[0] == 550
        assert client.rcpt("HELP@Support.Example")[0] == 250
        assert client.rcpt("desk@other.example")[0] == 250
        assert client.rcpt("nobody@other.example")[0] == 550
        client.rset()


def test_a_storage_failure_answers_451_so_the_sender_retries(session, listener):
    def database_down(raw: bytes) -> str:
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    host, port = listener(handler=IntakeHandler(store=database_down))
    with smtplib.SMTP(host, port) as client, pytest.raises(smtplib.SMTPDataError) as caught:
        client.sendmail("carol@customer.example", ["help@support.example"], _message())
    assert caught.value.smtp_code == 451
