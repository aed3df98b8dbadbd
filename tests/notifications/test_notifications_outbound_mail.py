"""Outgoing mail through a real SMTP server: acknowledgements, agent replies, headers, languages,
attachments, retries, final failures, throttling and failing addresses."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.notifications.mail.delivery import MAX_ATTEMPTS
from ticketwise.notifications.models import MailKind, MailStatus, Notification, OutboundEmail
from ticketwise.notifications.smtp_settings import load_smtp_settings
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.mail_ids import subject_tag, ticket_id_from_message_id
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import TicketCC, TicketEvent, TicketMessage
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.users.contacts import get_or_create_contact
from ticketwise.users.models import Contact

from .conftest import run_retries


def _emails(session: Session, ticket_id: int) -> list[OutboundEmail]:
    session.expire_all()
    return list(
        session.scalars(
            sa.select(OutboundEmail).where(OutboundEmail.ticket_id == ticket_id).order_by(OutboundEmail.id)
        )
    )


def _text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def _html(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_a_customer_ticket_is_acknowledged_with_its_number_and_our_headers(session, smtp_on, open_ticket):
    ticket = open_ticket()

    [received] = smtp_on.handler.received
    mail = received.message
    assert received.rcpt_tos == ["carol@customer.example"]
    assert received.mail_from == "support@ticketwise.example"
    assert mail["To"] == "carol@customer.example"
    assert mail["From"].addresses[0].display_name == "Ticketwise Support"
    assert mail["Reply-To"] == "help@ticketwise.example"
    assert ticket_id_from_message_id(mail["Message-ID"]) == ticket.id
    assert subject_tag(ticket.number) in mail["Subject"]
    assert mail["Subject"].strip().startswith("We received your request: Printer on floor 3 is jammed")
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert ticket.number in _text(mail) and "Thank you for contacting" in _text(mail)
    assert ticket.number in _html(mail) and "<html" in _html(mail)
    # The customer has a portal account, so the mail links to the request there.
    assert f"/portal/tickets/{ticket.number}" in _text(mail)

    [row] = _emails(session, ticket.id)
    assert (row.kind, row.status, row.attempts) == (MailKind.ACKNOWLEDGEMENT, MailStatus.SENT, 1)
    assert row.message_id == mail["Message-ID"] and row.sent_at is not None


def test_the_acknowledgement_is_in_the_requesters_language(session, smtp_on, open_ticket, customer):
    contact = session.scalars(sa.select(Contact).where(Contact.user_id == customer.id)).one()
    contact.locale = "zh_CN"
    session.commit()

    open_ticket(title="打印机卡纸")

    mail = smtp_on.handler.received[0].message
    assert mail["Subject"].strip().startswith("我们已收到您的请求：打印机卡纸")
    assert "感谢您联系" in _text(mail) and "工单编号" in _html(mail)
    assert mail["Content-Language"] == "zh-CN"


def test_the_ticket_language_decides_when_the_contact_has_none(session, smtp_on, open_ticket):
    open_ticket(actor=None, channel=Channel.WEB, requester={"email": "wang@example.cn"}, language="zh")
    assert "感谢您联系" in _text(smtp_on.handler.received[0].message)


def test_tickets_staff_enter_on_someones_behalf_are_not_acknowledged(session, smtp_on, open_ticket, agent):
    ticket = open_ticket(actor=agent, channel=Channel.PHONE, requester={"email": "caller@example.com"})
    assert smtp_on.handler.received == []
    assert _emails(session, ticket.id) == []


def test_nothing_is_queued_while_outgoing_mail_is_disabled(session, smtp_server, open_ticket):
    assert load_smtp_settings(session).enabled is False
    ticket = open_ticket()
    assert smtp_server.handler.received == []
    assert _emails(session, ticket.id) == []


def test_an_agent_reply_goes_to_requester_and_ccs_with_attachments_threaded(
    session, smtp_on, open_ticket, agent
):
    ticket = open_ticket()
    ack_id = smtp_on.handler.received[0].message["Message-ID"]
    # A customer's mailed follow-up, as intake stores it.
    add_message(
        session,
        None,
        ticket,
        body="Still jammed.",
        contact=ticket.requester,
        channel=Channel.EMAIL,
        email_message_id="<follow-up@customer.example>",
    )
    cc = get_or_create_contact(session, email="boss@customer.example", name="Boss")
    session.add(TicketCC(ticket_id=ticket.id, contact_id=cc.id))
    session.commit()
    smtp_on.handler.received.clear()

    reply = add_message(
        session,
        agent,
        ticket,
        body="Please restart it.\nThen try again.",
        attachments=[
            ("steps.txt", "text/plain", b"1. off\n2. on\n"),
            ("photo.png", "image/png", b"\x89PNG...."),
        ],
    )
    session.commit()

    [received] = smtp_on.handler.received
    mail = received.message
    assert sorted(received.rcpt_tos) == ["boss@customer.example", "carol@customer.example"]
    assert mail["To"] == "carol@customer.example" and mail["Cc"] == "boss@customer.example"
    assert mail["Subject"].strip() == f"Re: Printer on floor 3 is jammed {subject_tag(ticket.number)}"
    assert mail["In-Reply-To"] == "<follow-up@customer.example>"
    assert mail["References"].split() == [ack_id, "<follow-up@customer.example>"]
    assert mail["Auto-Submitted"] is None  # a person wrote it
    assert "Please restart it." in _text(mail) and "Alice Agent" in _text(mail)
    assert "Please restart it." in _html(mail)
    files = {part.get_filename(): part.get_content() for part in mail.iter_attachments()}
    assert files == {"steps.txt": "1. off\n2. on\n", "photo.png": b"\x89PNG...."}

    session.expire_all()
    stored = session.get(TicketMessage, reply.id)
    assert stored.email_message_id == mail["Message-ID"]
    assert ticket_id_from_message_id(stored.email_message_id) == ticket.id


def test_internal_notes_and_customer_messages_are_not_mailed(session, smtp_on, open_ticket, agent):
    ticket = open_ticket()
    smtp_on.handler.received.clear()
    add_message(session, agent, ticket, body="Internal: check toner.", internal=True)
    add_message(session, None, ticket, body="Any news?", contact=ticket.requester, channel=Channel.EMAIL)
    session.commit()
    assert smtp_on.handler.received == []


def test_a_temporary_refusal_is_retried_and_then_sent(session, smtp_on, open_ticket):
    smtp_on.handler.refusals = 1
    ticket = open_ticket()

    [row] = _emails(session, ticket.id)
    assert (row.status, row.attempts) == (MailStatus.QUEUED, 1)
    assert row.last_error == "The mail server refused the message."
    assert "451" in row.error_detail
    assert smtp_on.handler.received == []

    assert run_retries() == 1
    [row] = _emails(session, ticket.id)
    assert (row.status, row.attempts, row.last_error) == (MailStatus.SENT, 2, None)
    [received] = smtp_on.handler.received
    assert received.message["Message-ID"] == row.message_id  # the retry sends the same message


def test_after_the_last_attempt_the_failure_shows_on_the_ticket(session, smtp_on, open_ticket, agent):
    ticket = open_ticket(actor=agent, requester={"email": "caller@example.com"})
    update_ticket(session, agent, ticket, TicketPatch(assignee_id=agent.id))
    session.commit()
    smtp_on.handler.refusals = MAX_ATTEMPTS + 1
    add_message(session, agent, ticket, body="Here is the fix.")
    session.commit()

    for _ in range(MAX_ATTEMPTS):
        run_retries()
    [row] = _emails(session, ticket.id)
    assert (row.status, row.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS)
    assert run_retries() == 0

    event = session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "email_failed")
    ).one()
    assert event.actor_type.value == "system"
    assert event.data["to"] == ["caller@example.com"] and "451" in event.data["detail"]
    # The agent assigned themselves, so they were not notified of that; the failure they are told about.
    [note] = session.scalars(sa.select(Notification).where(Notification.user_id == agent.id)).all()
    assert note.kind == "mail.failed" and note.params["address"] == "caller@example.com"


def test_a_permanent_refusal_is_not_retried(session, smtp_on, open_ticket):
    smtp_on.handler.refusals = 1
    smtp_on.handler.refuse_with = "554 5.7.1 Message rejected as spam"
    ticket = open_ticket()
    [row] = _emails(session, ticket.id)
    assert (row.status, row.attempts) == (MailStatus.FAILED, 1)
    assert run_retries() == 0


def test_a_server_that_is_down_is_retried(session, smtp_on, open_ticket, admin):
    settings = load_smtp_settings(session)
    settings.port = smtp_on.port + 1 if smtp_on.port < 65535 else smtp_on.port - 1
    session.commit()
    ticket = open_ticket()
    [row] = _emails(session, ticket.id)
    assert (row.status, row.attempts) == (MailStatus.QUEUED, 1)
    assert row.last_error == "Could not connect to the mail server."


def test_automatic_mail_to_one_address_is_throttled_per_hour(session, smtp_on, open_ticket):
    settings = load_smtp_settings(session)
    settings.automatic_per_hour = 2
    session.commit()

    tickets = [open_ticket(title=f"Problem {n}") for n in range(3)]

    assert len(smtp_on.handler.received) == 2
    third = _emails(session, tickets[2].id)[0]
    assert third.status is MailStatus.SKIPPED
    assert third.last_error == "Too many automatic messages to this address in the last hour."


def test_a_reply_by_a_person_is_never_throttled(session, smtp_on, open_ticket, agent):
    settings = load_smtp_settings(session)
    settings.automatic_per_hour = 1
    session.commit()
    ticket = open_ticket()
    add_message(session, agent, ticket, body="First answer.")
    session.commit()
    add_message(session, agent, ticket, body="Second answer.")
    session.commit()
    assert [r.message["Subject"].strip().startswith("Re:") for r in smtp_on.handler.received] == [
        False,
        True,
        True,
    ]


@pytest.fixture
def failing_addresses(monkeypatch):
    """Mark contacts' addresses failing: the column B1 adds when it exists, else every contact."""

    def mark(session: Session, contact: Contact) -> None:
        from ticketwise.core.clock import now

        if "email_failing_since" in Contact.__table__.columns:
            contact.email_failing_since = now()
            session.commit()
        else:
            monkeypatch.setattr(Contact, "email_failing_since", now(), raising=False)

    return mark


def test_failing_addresses_are_skipped(session, smtp_on, open_ticket, agent, failing_addresses):
    ticket = open_ticket()
    smtp_on.handler.received.clear()
    failing_addresses(session, ticket.requester)

    add_message(session, agent, ticket, body="Are you there?")
    session.commit()

    assert smtp_on.handler.received == []
    row = _emails(session, ticket.id)[-1]
    assert row.status is MailStatus.SKIPPED
    assert row.last_error == "The address is marked as failing (earlier mail bounced)."
    assert row.to_addresses == ["carol@customer.example"]


def test_our_own_addresses_never_receive_automatic_mail(session, smtp_on, open_ticket):
    ticket = open_ticket(actor=None, channel=Channel.EMAIL, requester={"email": "help@ticketwise.example"})
    assert smtp_on.handler.received == []
    [row] = _emails(session, ticket.id)
    assert row.status is MailStatus.SKIPPED
    assert row.last_error == "The address is our own sender or reply-to address."


def test_a_failing_cc_is_left_out_and_the_others_still_get_the_reply(
    session, smtp_on, open_ticket, agent, failing_addresses
):
    ticket = open_ticket()
    good = get_or_create_contact(session, email="good@customer.example", name="Good")
    bad = get_or_create_contact(session, email="bounced@customer.example", name="Bounced")
    session.add_all(
        [TicketCC(ticket_id=ticket.id, contact_id=good.id), TicketCC(ticket_id=ticket.id, contact_id=bad.id)]
    )
    session.commit()
    if "email_failing_since" not in Contact.__table__.columns:
        pytest.skip("needs Contact.email_failing_since to mark one contact only")
    failing_addresses(session, bad)
    smtp_on.handler.received.clear()

    add_message(session, agent, ticket, body="Update for everyone.")
    session.commit()

    [received] = smtp_on.handler.received
    assert sorted(received.rcpt_tos) == ["carol@customer.example", "good@customer.example"]
    row = _emails(session, ticket.id)[-1]
    assert row.status is MailStatus.SENT and row.skipped_addresses == ["bounced@customer.example"]
