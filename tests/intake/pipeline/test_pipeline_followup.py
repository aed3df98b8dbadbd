"""Follow-up detection: Message-IDs first, the subject tag only from participants, never the subject
text alone; finished tickets get a new linked ticket instead of a reply."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from ticketwise.core.clock import now
from ticketwise.intake.message import Address
from ticketwise.intake.models import InboundItem, Outcome
from ticketwise.tickets import links, transitions
from ticketwise.tickets.enums import Direction, LinkKind, Status
from ticketwise.tickets.mail_ids import make_message_id, subject_tag
from ticketwise.tickets.models import Ticket, TicketLink, TicketMessage
from ticketwise.users.contacts import get_or_create_contact


@pytest.fixture
def first(session, deliver, mail):
    """A ticket opened by Carol's first mail."""
    result = deliver(mail(message_id="<first@customer.example>"))
    return session.get(Ticket, result.ticket_id)


def _reply(mail, **fields):
    fields.setdefault("subject", "Re: Printer on floor 3 is jammed")
    fields.setdefault("body", "Still broken.\n\n> It shows error E-22 since this morning.")
    fields.setdefault("reply_text", "Still broken.")
    fields.setdefault("quoted_text", "> It shows error E-22 since this morning.")
    return mail(**fields)


def _decision(session, result, step):
    item = session.get(InboundItem, result.item_id)
    return next(entry for entry in item.decisions if entry["step"] == step)


def test_our_message_id_in_in_reply_to_appends_the_reply(session, deliver, mail, first):
    result = deliver(_reply(mail, in_reply_to=[make_message_id(first.id)]))

    assert result.outcome is Outcome.APPENDED
    assert result.ticket_id == first.id
    row = session.get(TicketMessage, result.message_row_id)
    assert row.body_text == "Still broken."
    assert row.quoted_text == "> It shows error E-22 since this morning."
    assert row.direction is Direction.INBOUND
    assert _decision(session, result, "followup")["rule"] == "our message id"


def test_our_message_id_deep_in_references_is_found(session, deliver, mail, first):
    result = deliver(_reply(mail, references=[make_message_id(first.id), "<other@mua.example>"]))
    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, first.id)


def test_a_forged_message_id_does_not_thread(session, deliver, mail, first):
    genuine = make_message_id(first.id)
    at = genuine.index("@")
    forged = genuine[: at - 1] + ("0" if genuine[at - 1] != "0" else "1") + genuine[at:]  # a wrong MAC
    result = deliver(_reply(mail, sender="mallory@evil.example", in_reply_to=[forged]))
    assert result.outcome is Outcome.CREATED


def test_a_stored_message_id_threads_a_reply_to_the_customers_own_mail(session, deliver, mail, first):
    result = deliver(_reply(mail, sender="dave@partner.example", in_reply_to=["<first@customer.example>"]))

    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, first.id)
    assert _decision(session, result, "followup")["rule"] == "stored message id"


def test_the_subject_tag_from_the_requester_appends(session, deliver, mail, first):
    result = deliver(_reply(mail, subject=f"Re: jammed {subject_tag(first.number)}"))

    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, first.id)
    assert _decision(session, result, "followup")["rule"] == "subject tag"


def test_the_subject_tag_from_a_cc_contact_appends(session, deliver, mail, first):
    links.add_cc(session, None, first, get_or_create_contact(session, email="dave@partner.example"))
    session.commit()

    result = deliver(_reply(mail, sender="dave@partner.example", subject=f"Re: {subject_tag(first.number)}"))
    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, first.id)


def test_the_subject_tag_from_a_staff_member_adds_their_public_reply(
    session, deliver, mail, first, make_user
):
    agent = make_user("agent", email="alice.agent@ticketwise.example")

    result = deliver(
        _reply(mail, sender="alice.agent@ticketwise.example", subject=f"Re: {subject_tag(first.number)}")
    )

    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, first.id)
    row = session.get(TicketMessage, result.message_row_id)
    assert row.author_user_id == agent.id
    assert row.direction is Direction.OUTBOUND
    assert first.status is Status.IN_PROGRESS


def test_the_subject_tag_from_a_stranger_opens_a_new_ticket(session, deliver, mail, first):
    result = deliver(_reply(mail, sender="mallory@evil.example", subject=f"Re: {subject_tag(first.number)}"))

    assert result.outcome is Outcome.CREATED
    assert result.ticket_id != first.id
    refused = _decision(session, result, "followup")
    assert refused["decision"] == "subject tag refused"
    assert session.get(Ticket, result.ticket_id).requester.email == "mallory@evil.example"
    assert session.scalar(sa.select(sa.func.count()).where(TicketMessage.ticket_id == first.id)) == 1


def test_the_same_subject_text_alone_never_threads(session, deliver, mail, first):
    result = deliver(mail(subject="Printer on floor 3 is jammed"))
    assert result.outcome is Outcome.CREATED
    assert result.ticket_id != first.id


def test_a_reply_moves_a_pending_ticket_back_to_work(session, deliver, mail, first, make_user):
    admin = make_user("admin")
    transitions.transition(session, admin, first, Status.IN_PROGRESS)
    transitions.transition(session, admin, first, Status.PENDING)
    session.commit()

    deliver(_reply(mail, in_reply_to=[make_message_id(first.id)]))
    assert first.status is Status.IN_PROGRESS


def test_a_reply_within_the_reopen_window_reopens_a_resolved_ticket(session, deliver, mail, first, make_user):
    transitions.transition(session, make_user("admin"), first, Status.RESOLVED)
    session.commit()

    result = deliver(_reply(mail, in_reply_to=[make_message_id(first.id)]))

    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, first.id)
    assert first.status is Status.IN_PROGRESS


def test_a_reply_after_the_reopen_window_opens_a_new_related_ticket(session, deliver, mail, first, make_user):
    transitions.transition(session, make_user("admin"), first, Status.RESOLVED)
    session.commit()

    with time_machine.travel(now() + timedelta(days=15), tick=False):
        result = deliver(_reply(mail, in_reply_to=[make_message_id(first.id)]))

    assert result.outcome is Outcome.CREATED
    assert result.ticket_id != first.id
    assert first.status is Status.RESOLVED
    link = session.scalar(sa.select(TicketLink).where(TicketLink.source_id == result.ticket_id))
    assert (link.target_id, link.kind) == (first.id, LinkKind.RELATED)
    assert _decision(session, result, "followup")["decision"] == "finished ticket: new linked ticket"


def test_a_reply_to_a_closed_ticket_opens_a_new_related_ticket(session, deliver, mail, first, make_user):
    admin = make_user("admin")
    transitions.transition(session, admin, first, Status.RESOLVED)
    transitions.transition(session, admin, first, Status.CLOSED)
    session.commit()

    result = deliver(_reply(mail, subject=f"Re: {subject_tag(first.number)}"))

    assert result.outcome is Outcome.CREATED
    assert (
        session.scalar(sa.select(TicketLink.target_id).where(TicketLink.source_id == result.ticket_id))
        == first.id
    )


def test_a_reply_to_a_merged_ticket_goes_to_the_merge_target(session, deliver, mail, first, make_user):
    target = session.get(Ticket, deliver(mail(sender="carol@customer.example", subject="Other")).ticket_id)
    links.merge_tickets(session, make_user("admin"), first, target)
    session.commit()

    result = deliver(_reply(mail, in_reply_to=[make_message_id(first.id)]))

    assert (result.outcome, result.ticket_id) == (Outcome.APPENDED, target.id)
    assert _decision(session, result, "followup")["merged_into"] == target.number


def test_a_follow_up_with_new_cc_copies_them(session, deliver, mail, first):
    deliver(_reply(mail, in_reply_to=[make_message_id(first.id)], cc=[Address("erin@partner.example")]))
    assert [cc.contact.email for cc in links.repository.list_ccs(session, first.id)] == [
        "erin@partner.example"
    ]
