"""Automatic mail: auto-replies and bounces are recorded, never answered, never a new ticket; the
allow and deny lists ignore (but keep) what a source must not turn into tickets."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.intake.message import Address, BouncedRecipient, IntakeDefaults, MailKind
from ticketwise.intake.models import InboundItem, ItemStatus, Outcome
from ticketwise.intake.pipeline.senders import refusal
from ticketwise.tickets.enums import MessageKind
from ticketwise.tickets.mail_ids import make_message_id
from ticketwise.tickets.models import Ticket, TicketEvent, TicketMessage
from ticketwise.users.models import Contact


def _tickets(session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Ticket))


def _contact(session, email: str) -> Contact | None:
    return session.scalar(sa.select(Contact).where(Contact.email == email))


@pytest.fixture
def ticket(session, deliver, mail) -> Ticket:
    return session.get(Ticket, deliver(mail()).ticket_id)


def test_an_auto_reply_to_our_mail_becomes_a_system_note(session, deliver, mail, ticket):
    before = _tickets(session)
    message = mail(
        subject="Out of office",
        body="I am away until Monday.",
        in_reply_to=[make_message_id(ticket.id)],
        kind=MailKind.AUTO_REPLY,
        kind_reason="Auto-Submitted: auto-replied",
    )
    result = deliver(message)

    assert result.outcome is Outcome.AUTO_REPLY
    assert result.ticket_id == ticket.id
    assert result.reason == "Auto-Submitted: auto-replied"
    note = session.get(TicketMessage, result.message_row_id)
    assert note.kind is MessageKind.SYSTEM
    assert note.body_text.startswith("Automatic reply received from carol@customer.example (not answered).")
    assert "I am away until Monday." in note.body_text
    assert _tickets(session) == before
    actions = session.scalars(sa.select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id)).all()
    assert "intake.auto_reply" in actions


def test_an_auto_reply_without_a_known_ticket_is_only_recorded(session, deliver, mail):
    before = _tickets(session)
    result = deliver(mail(sender="robot@lists.example", kind=MailKind.AUTO_REPLY, kind_reason="List-Id"))

    assert result.outcome is Outcome.AUTO_REPLY
    assert (result.ticket_id, result.message_row_id) == (None, None)
    assert _tickets(session) == before
    assert _contact(session, "robot@lists.example") is None
    item = session.get(InboundItem, result.item_id)
    assert item.status is ItemStatus.PROCESSED


def test_a_bounce_marks_the_failed_recipients_and_notes_the_ticket(session, deliver, mail, ticket):
    before = _tickets(session)
    message = mail(
        sender="mailer-daemon@mx.customer.example",
        subject="Undelivered Mail Returned to Sender",
        in_reply_to=[make_message_id(ticket.id)],
        kind=MailKind.BOUNCE,
        kind_reason="RFC 3464 delivery report",
        bounced=[
            BouncedRecipient("Carol@customer.example", "5.1.1", "failed", "550 5.1.1 User unknown"),
            BouncedRecipient("slow@customer.example", "4.4.1", "delayed", "connection timed out"),
            BouncedRecipient("nobody@nowhere.example", "5.1.2", "failed", "host not found"),
        ],
    )
    result = deliver(message)

    assert result.outcome is Outcome.BOUNCE
    assert _tickets(session) == before
    carol = ticket.requester
    assert carol.email_failing_since is not None
    assert carol.email_failure_reason == "5.1.1 550 5.1.1 User unknown"
    assert _contact(session, "nobody@nowhere.example") is None  # unknown addresses are not invented
    note = session.get(TicketMessage, result.message_row_id)
    assert note.kind is MessageKind.SYSTEM
    assert "carol@customer.example" in note.body_text
    assert "slow@customer.example" not in note.body_text
    decision = next(e for e in session.get(InboundItem, result.item_id).decisions if e["step"] == "bounce")
    assert decision["delayed"] == ["slow@customer.example"]


def test_a_delayed_delivery_marks_nobody(session, deliver, mail, ticket):
    message = mail(
        sender="mailer-daemon@mx.example",
        kind=MailKind.BOUNCE,
        bounced=[BouncedRecipient("carol@customer.example", "4.4.7", "delayed", "")],
    )
    assert deliver(message).outcome is Outcome.BOUNCE
    assert ticket.requester.email_failing_since is None


def test_writing_again_clears_the_failure_mark(session, deliver, mail, ticket):
    deliver(
        mail(
            sender="mailer-daemon@mx.example",
            kind=MailKind.BOUNCE,
            bounced=[BouncedRecipient("carol@customer.example")],
        )
    )
    assert ticket.requester.email_failing_since is not None

    deliver(mail(subject="New problem"))

    assert ticket.requester.email_failing_since is None
    assert ticket.requester.email_failure_reason is None


def test_a_denied_sender_is_ignored_but_kept(session, deliver, mail):
    before = _tickets(session)
    result = deliver(
        mail(sender="spam@junk.example"), defaults=IntakeDefaults(deny_senders=("@junk.example",))
    )

    assert result.outcome is Outcome.IGNORED
    assert result.reason == "sender spam@junk.example is on the deny list (@junk.example)"
    assert _tickets(session) == before
    assert _contact(session, "spam@junk.example") is None
    item = session.get(InboundItem, result.item_id)
    assert (item.status, item.reason) == (ItemStatus.PROCESSED, result.reason)


def test_an_allow_list_lets_only_its_senders_in(session, deliver, mail):
    defaults = IntakeDefaults(allow_senders=("acme.example", "boss@partner.example"))
    assert deliver(mail(sender="wile@acme.example"), defaults=defaults).outcome is Outcome.CREATED
    assert deliver(mail(sender="boss@partner.example"), defaults=defaults).outcome is Outcome.CREATED
    assert deliver(mail(sender="other@partner.example"), defaults=defaults).outcome is Outcome.IGNORED


@pytest.mark.parametrize(
    ("email", "allow", "deny", "refused"),
    [
        ("a@x.example", (), (), False),
        ("a@x.example", (), ("@x.example",), True),
        ("a@x.example", (), ("x.example",), True),
        ("a@sub.x.example", (), ("@x.example",), False),
        ("A@X.example", (), ("a@x.example",), True),
        ("a@x.example", ("a@x.example",), ("a@x.example",), True),  # deny wins
        ("a@x.example", ("@y.example",), (), True),
        ("a@y.example", ("@y.example",), (), False),
        ("a@x.example", (" ",), (), True),  # a blank allow entry allows nobody else
    ],
)
def test_sender_lists(email, allow, deny, refused):
    assert (refusal(IntakeDefaults(allow_senders=allow, deny_senders=deny), email) is not None) is refused


def test_a_message_without_sender_address_is_quarantined(session, deliver, mail):
    result = deliver(mail(sender=None, reply_to=[]))
    assert result.outcome is Outcome.QUARANTINED
    assert result.reason == "the message has no sender address"


def test_reply_to_stands_in_for_a_missing_from(session, deliver, mail):
    result = deliver(mail(sender=None, reply_to=[Address("gw@relay.example", "Gateway")]))
    assert result.outcome is Outcome.CREATED
    assert session.get(Ticket, result.ticket_id).requester.email == "gw@relay.example"
