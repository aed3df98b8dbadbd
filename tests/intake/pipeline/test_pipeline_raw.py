"""End to end on real bytes: the parser (intake.email) feeding the pipeline, with real-world mail."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa

from ticketwise.intake.models import InboundItem, Outcome
from ticketwise.intake.pipeline import receive_email
from ticketwise.tickets.mail_ids import make_message_id
from ticketwise.tickets.models import Ticket, TicketMessage
from ticketwise.users.contacts import get_or_create_contact

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pipeline"


def _receive(session, raw: bytes):
    result = receive_email(session, raw, source="test")
    session.commit()
    return result


@pytest.fixture(autouse=True)
def _types(seeded_types):
    return seeded_types


def test_a_real_mail_in_czech_opens_a_ticket(session):
    result = _receive(session, (FIXTURES / "quoted_printable.eml").read_bytes())

    assert result.outcome is Outcome.CREATED
    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.title == "Český test"
    assert ticket.requester.email == "tim.thelion@gmail.com"
    assert ticket.requester.name == "Tim hobbs"
    assert "českých písmen" in ticket.description
    assert result.message_id == "<CACf_UpPA7=DRF4NLFf4WpOVwHsRMtfNEwy1DHLjfh09DjuKZFA@mail.gmail.com>"


def test_a_mail_with_only_an_attachment_keeps_the_file(session):
    result = _receive(session, (FIXTURES / "blank-body-with-attachment.eml").read_bytes())

    row = session.get(TicketMessage, result.message_row_id)
    assert [(a.filename, a.size) for a in row.attachments] == [("baf", 24)]
    assert session.get(Ticket, result.ticket_id).title.startswith("Attachment without body")


def test_a_real_bounce_marks_the_known_recipient(session):
    contact = get_or_create_contact(session, email="userunknown@example.co.jp")
    session.commit()

    result = _receive(session, (FIXTURES / "lhost-postfix-02.eml").read_bytes())

    assert result.outcome is Outcome.BOUNCE
    assert contact.email_failing_since is not None
    assert "5.1.1" in contact.email_failure_reason
    assert session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_a_real_vacation_reply_is_recorded_without_a_ticket(session):
    result = _receive(session, (FIXTURES / "rfc3834-01.eml").read_bytes())

    assert result.outcome is Outcome.AUTO_REPLY
    assert result.reason == "Auto-Submitted: auto-replied"
    assert session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_garbage_is_quarantined_and_kept(session):
    result = _receive(session, b"\x00\x01\x02\x03binary")

    assert result.outcome is Outcome.QUARANTINED
    assert result.reason == "unparseable e-mail: The message is binary data, not an e-mail."
    assert session.get(InboundItem, result.item_id).size == 10


def test_a_reply_with_quote_threads_and_shows_only_the_new_text(session):
    first = _receive(session, (FIXTURES / "quoted_printable.eml").read_bytes())
    reply = EmailMessage()
    reply["From"] = "Tim hobbs <tim.thelion@gmail.com>"
    reply["To"] = "support@ticketwise.example"
    reply["Subject"] = "Re: Český test"
    reply["Message-ID"] = "<reply-1@mail.gmail.com>"
    reply["In-Reply-To"] = make_message_id(first.ticket_id)
    reply.set_content(
        "Pořád to nefunguje.\n\nOn Mon, 1 Jan 2024 at 10:00, Support <support@ticketwise.example> wrote:\n"
        "> We are looking into it.\n> Regards\n"
    )

    result = _receive(session, bytes(reply))

    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, first.ticket_id)
    row = session.get(TicketMessage, result.message_row_id)
    assert row.body_text == "Pořád to nefunguje."
    assert "We are looking into it." in row.quoted_text
    assert row.email_message_id == "<reply-1@mail.gmail.com>"
    assert row.headers["In-Reply-To"].startswith("<tw.")


def test_the_same_real_mail_twice_is_a_duplicate(session):
    raw = (FIXTURES / "quoted_printable.eml").read_bytes()
    first = _receive(session, raw)
    again = _receive(session, raw.replace(b"\r\n", b"\n"))  # relayed with other line endings

    assert again.outcome is Outcome.DUPLICATE
    assert again.ticket_id == first.ticket_id
