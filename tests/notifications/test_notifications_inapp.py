"""In-app notifications: who is told what (assignment, customer replies, alerts), in which language,
and the read/unread rules; staff alerts by e-mail."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.core.errors import NotFound
from ticketwise.core.events import publish
from ticketwise.core.i18n import use_locale
from ticketwise.core.pagination import PageRequest
from ticketwise.notifications import inapp
from ticketwise.notifications.models import MailKind, Notification, OutboundEmail
from ticketwise.tickets.domain_events import PeopleAlerted
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket


def _notes(session, user) -> list[Notification]:
    session.expire_all()
    return list(session.scalars(sa.select(Notification).where(Notification.user_id == user.id)))


def test_the_assignee_is_told_unless_they_took_the_ticket_themselves(session, open_ticket, agent, make_user):
    supervisor = make_user("supervisor", name="Sam Supervisor")
    ticket = open_ticket()

    update_ticket(session, supervisor, ticket, TicketPatch(assignee_id=agent.id))
    session.commit()
    [note] = _notes(session, agent)
    assert note.kind == "ticket.assigned" and note.ticket_id == ticket.id
    assert inapp.render_text(note.message, note.params) == (
        f"Ticket {ticket.number} was assigned to you: Printer on floor 3 is jammed"
    )

    other = open_ticket(title="Second")
    update_ticket(session, agent, other, TicketPatch(assignee_id=agent.id))
    session.commit()
    assert len(_notes(session, agent)) == 1


def test_a_ticket_created_with_an_assignee_tells_them(session, open_ticket, agent, make_user):
    colleague = make_user("agent", name="Colin")
    open_ticket(
        actor=colleague, channel=Channel.PHONE, requester={"email": "x@example.com"}, assignee_id=agent.id
    )
    assert [n.kind for n in _notes(session, agent)] == ["ticket.assigned"]


def test_the_assignee_hears_when_the_customer_replies(session, open_ticket, agent, customer):
    ticket = open_ticket()
    update_ticket(session, agent, ticket, TicketPatch(assignee_id=agent.id))
    session.commit()
    add_message(session, customer, ticket, body="Any news?")
    session.commit()
    [note] = _notes(session, agent)
    assert note.kind == "ticket.customer_reply"
    assert inapp.render_text(note.message, note.params).startswith("Carol replied on ticket")


def test_alerts_reach_each_named_user_once(session, open_ticket, agent, make_user):
    ticket = open_ticket()
    chinese = make_user("agent", name="王五", locale="zh_CN")
    publish(
        session,
        PeopleAlerted(
            ticket_id=ticket.id,
            user_ids=(agent.id, chinese.id, agent.id),
            kind="sla.breach",
            message="Ticket %(number)s breached its SLA.",
            params=(("number", ticket.number),),
        ),
    )
    session.commit()
    assert [n.kind for n in _notes(session, agent)] == ["sla.breach"]
    [note] = _notes(session, chinese)
    assert note.params == {"number": ticket.number}


def test_alerts_are_mailed_to_staff_when_asked_and_mail_is_on(session, smtp_on, open_ticket, agent):
    ticket = open_ticket()
    smtp_on.handler.received.clear()
    publish(
        session,
        PeopleAlerted(
            ticket_id=ticket.id,
            user_ids=(agent.id,),
            kind="intake.major_incident",
            message="Possible major incident around ticket %(number)s.",
            params=(("number", ticket.number),),
            email=True,
        ),
    )
    session.commit()
    [received] = smtp_on.handler.received
    assert received.rcpt_tos == [agent.email]
    mail = received.message
    assert mail["Subject"].strip().startswith(f"Possible major incident around ticket {ticket.number}.")
    assert mail["Auto-Submitted"] == "auto-generated"
    assert f"/agent/tickets/{ticket.number}" in mail.get_body(("plain",)).get_content()
    # Staff alerts are not part of the customer's thread.
    assert mail["In-Reply-To"] is None
    row = session.scalars(sa.select(OutboundEmail).where(OutboundEmail.kind == MailKind.ALERT)).one()
    assert row.to_addresses == [agent.email]


def test_reading_marking_and_counting(session, open_ticket, agent, make_user):
    other = make_user("agent")
    ticket = open_ticket()
    rows = inapp.notify(
        session, [agent.id], kind="k", message="First %(n)s", params={"n": 1}, ticket_id=ticket.id
    )
    inapp.notify(session, [agent.id], kind="k", message="Second")
    inapp.notify(session, [other.id], kind="k", message="Not yours")
    session.commit()

    page = inapp.list_notifications(session, agent, PageRequest(page=1, size=10))
    assert [v.text for v in page.items] == ["Second", "First 1"]
    assert page.items[1].ticket_number == ticket.number
    assert inapp.unread_count(session, agent) == 2

    read = inapp.mark_read(session, agent, rows[0].id)
    first_time = read.read_at
    assert inapp.mark_read(session, agent, rows[0].id).read_at == first_time
    assert inapp.unread_count(session, agent) == 1
    unread = inapp.list_notifications(session, agent, PageRequest(), unread_only=True)
    assert [v.text for v in unread.items] == ["Second"]

    theirs = _notes(session, other)[0]
    with pytest.raises(NotFound):
        inapp.mark_read(session, agent, theirs.id)

    assert inapp.mark_all_read(session, agent) == 1
    assert inapp.unread_count(session, agent) == 0
    assert inapp.unread_count(session, other) == 1


def test_inactive_users_get_nothing(session, agent):
    agent.is_active = False
    session.commit()
    assert inapp.notify(session, [agent.id], kind="k", message="Hello") == []


def test_text_follows_the_readers_language_and_survives_bad_params(session, agent):
    inapp.notify(session, [agent.id], kind="k", message="Ticket %(number)s was assigned to you: %(title)s")
    session.commit()
    with use_locale("en"):
        [view] = inapp.list_notifications(session, agent, PageRequest()).items
    # Missing params: shown as the msgid instead of failing.
    assert view.text == "Ticket %(number)s was assigned to you: %(title)s"
