"""New conversations: raw storage first, requester identification, the ticket and its first message."""

from __future__ import annotations

import sqlalchemy as sa

from ticketwise.intake.message import Address, InboundAttachment, IntakeDefaults
from ticketwise.intake.models import InboundItem, ItemStatus, Outcome
from ticketwise.tickets.attachments import blob_path
from ticketwise.tickets.enums import Channel, MessageKind, Status
from ticketwise.tickets.models import Ticket, TicketCC, TicketEvent, TicketMessage
from ticketwise.users.models import Contact, Organization, OrganizationDomain, Team


def _events(session, ticket_id):
    return session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
    ).all()


def test_a_new_message_opens_a_ticket_for_a_new_contact(session, deliver, mail):
    message = mail(headers={"X-Mailer": "Thunderbird"})
    result = deliver(message, source="api")

    assert result.outcome is Outcome.CREATED
    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.number == result.ticket_number
    assert ticket.title == "Printer on floor 3 is jammed"
    assert ticket.description == "It shows error E-22 since this morning."
    assert ticket.channel is Channel.EMAIL
    assert ticket.type.slug == "general_inquiry"
    assert ticket.status is Status.NEW
    assert ticket.requester.email == "carol@customer.example"
    assert ticket.requester.name == "Carol Customer"
    row = session.get(TicketMessage, result.message_row_id)
    assert row.ticket_id == ticket.id
    assert row.kind is MessageKind.REPLY
    assert row.channel is Channel.EMAIL
    assert row.author_contact_id == ticket.requester_id
    assert row.email_message_id == message.message_id
    assert row.headers == {"X-Mailer": "Thunderbird"}
    assert row.subject == "Printer on floor 3 is jammed"
    assert result.message_id == message.message_id


def test_the_raw_bytes_and_the_decisions_are_kept_on_the_item(session, deliver, mail):
    message = mail()
    raw = b"Message-ID: <kept@example>\r\n\r\nkeep me"
    result = deliver(message, raw, source="mailgate")

    item = session.get(InboundItem, result.item_id)
    assert blob_path(item.sha256).read_bytes() == raw
    assert (item.size, item.channel, item.source) == (len(raw), "email", "mailgate")
    assert item.status is ItemStatus.PROCESSED
    assert item.outcome is Outcome.CREATED
    assert item.attempts == 1
    assert item.ticket_id == result.ticket_id
    assert item.message_row_id == result.message_row_id
    assert item.processed_at is not None
    steps = [entry["step"] for entry in item.decisions]
    assert steps[:4] == ["received", "normalise", "requester", "followup"]


def test_each_decision_is_on_the_ticket_audit_trail(session, deliver, mail):
    result = deliver(mail())

    actions = [(e.action, e.actor_type.value) for e in _events(session, result.ticket_id)]
    assert ("created", "contact") in actions
    for step in ("received", "normalise", "requester", "followup"):
        assert (f"intake.{step}", "system") in actions
    requester = next(e for e in _events(session, result.ticket_id) if e.action == "intake.requester")
    assert requester.data["decision"] == "new contact"
    assert requester.data["item_id"] == result.item_id


def test_a_known_contact_is_reused_and_keeps_its_name(session, deliver, mail):
    contact = Contact(email="carol@customer.example", name="Carol C.")
    session.add(contact)
    session.commit()

    result = deliver(mail(sender="Carol@Customer.Example", name="Somebody Else"))

    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.requester_id == contact.id
    assert contact.name == "Carol C."


def test_the_contact_joins_the_organization_of_its_mail_domain(session, deliver, mail):
    acme = Organization(name="ACME", domains=[OrganizationDomain(domain="acme.example")])
    session.add(acme)
    session.commit()

    result = deliver(mail(sender="wile@acme.example"))

    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.requester.organization_id == acme.id
    assert ticket.organization_id == acme.id


def test_without_subject_the_first_line_is_the_title(session, deliver, mail):
    result = deliver(mail(subject="", body="\n  The badge reader   rejects me\nsince Monday"))
    assert session.get(Ticket, result.ticket_id).title == "The badge reader rejects me"


def test_without_subject_and_text_the_title_and_body_say_so(session, deliver, mail):
    result = deliver(
        mail(subject="", body="", attachments=[InboundAttachment("scan.pdf", "application/pdf", b"%PDF")])
    )
    ticket = session.get(Ticket, result.ticket_id)
    row = session.get(TicketMessage, result.message_row_id)
    assert ticket.title == "(no subject)"
    assert row.body_text == "(This message has no text.)"
    assert [a.filename for a in row.attachments] == ["scan.pdf"]


def test_a_long_subject_is_cut_to_the_title_limit(session, deliver, mail):
    result = deliver(mail(subject="x" * 500))
    assert len(session.get(Ticket, result.ticket_id).title) == 300


def test_cc_addresses_become_ticket_ccs_but_never_our_own(session, deliver, mail):
    message = mail(
        cc=[
            Address("dave@partner.example", "Dave"),
            Address("support@ticketwise.example"),
            Address("carol@customer.example"),
        ]
    )
    result = deliver(message, defaults=IntakeDefaults(own_addresses=("Support@Ticketwise.example",)))

    ccs = session.scalars(sa.select(TicketCC).where(TicketCC.ticket_id == result.ticket_id)).all()
    assert [cc.contact.email for cc in ccs] == ["dave@partner.example"]
    assert ccs[0].contact.name == "Dave"


def test_source_defaults_choose_type_and_team(session, deliver, mail):
    team = Team(name="Facilities")
    session.add(team)
    session.commit()

    result = deliver(mail(), defaults=IntakeDefaults(type_slug="it_support", team_id=team.id))

    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.type.slug == "it_support"
    assert ticket.team_id == team.id


def test_an_unknown_default_type_falls_back_to_the_generic_type(session, deliver, mail):
    result = deliver(mail(), defaults=IntakeDefaults(type_slug="no_such_type", team_id=999_999))

    assert result.outcome is Outcome.CREATED
    ticket = session.get(Ticket, result.ticket_id)
    assert ticket.type.slug == "general_inquiry"
    assert ticket.team_id is None
    item = session.get(InboundItem, result.item_id)
    decisions = {entry["step"]: entry["decision"] for entry in item.decisions}
    assert decisions["type"] == "default type unusable, generic type used"
    assert decisions["team"] == "default team unavailable"


def test_a_default_type_with_required_fields_falls_back_to_the_generic_type(session, deliver, mail):
    result = deliver(mail(), defaults=IntakeDefaults(type_slug="equipment_repair"))

    assert result.outcome is Outcome.CREATED
    assert session.get(Ticket, result.ticket_id).type.slug == "general_inquiry"
    item = session.get(InboundItem, result.item_id)
    assert {
        "step": "type",
        "decision": "default type unusable, generic type used",
        "wanted": "equipment_repair",
        "problem": "fields.location",
    } in item.decisions


def test_inline_images_point_to_their_stored_attachment(session, deliver, mail):
    html = '<p>See <img src="cid:logo@x" alt="logo"></p><p><img src="cid:unknown@x"></p>'
    message = mail(
        body_html=html,
        attachments=[
            InboundAttachment("logo.png", "image/png", b"\x89PNG-logo", content_id="logo@x", inline=True),
            InboundAttachment("report.txt", "text/plain", b"report"),
        ],
    )
    result = deliver(message)

    row = session.get(TicketMessage, result.message_row_id)
    logo, report = sorted(row.attachments, key=lambda a: a.filename)
    assert logo.content_id == "logo@x"
    assert report.content_id is None
    assert f'src="/agent/attachments/{logo.id}"' in row.body_html
    assert "cid:" not in row.body_html  # an unknown cid: is dropped by the sanitiser


def test_an_attachment_over_the_limit_is_left_in_the_raw_mail(session, deliver, mail, monkeypatch):
    from ticketwise.config import get_settings

    monkeypatch.setattr(get_settings().tickets, "max_attachment_mb", 0.001)  # about 1 KB
    message = mail(
        attachments=[
            InboundAttachment("big.bin", "application/octet-stream", b"x" * 5000),
            InboundAttachment("small.txt", "text/plain", b"ok"),
        ]
    )
    result = deliver(message)

    assert result.outcome is Outcome.CREATED
    row = session.get(TicketMessage, result.message_row_id)
    assert [a.filename for a in row.attachments] == ["small.txt"]
    item = session.get(InboundItem, result.item_id)
    assert {
        "step": "attachments",
        "decision": "too large, kept only in the raw mail",
        "filename": "big.bin",
    } in item.decisions
