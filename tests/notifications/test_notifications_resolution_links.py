"""The resolution notice and its signed confirm / reopen links (no sign-in, requester's language)."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine
from tests.conftest import csrf_of

from ticketwise.core.clock import now
from ticketwise.notifications import mail_links
from ticketwise.tickets.enums import Status
from ticketwise.tickets.models import Ticket, TicketEvent
from ticketwise.tickets.transitions import transition
from ticketwise.users.models import Contact


def _resolve(session, agent, ticket: Ticket) -> None:
    transition(session, agent, ticket, Status.RESOLVED)
    session.commit()


def _links(text: str) -> dict[str, str]:
    return {action: path for path, action in re.findall(r"http://[^/\s]+(/t/[^/\s]+/(confirm|reopen))", text)}


def _status(session, ticket: Ticket) -> Status:
    session.expire_all()
    return session.get(Ticket, ticket.id).status


def test_resolving_mails_the_requester_confirm_and_reopen_links(session, smtp_on, open_ticket, agent):
    ticket = open_ticket()
    smtp_on.handler.received.clear()
    _resolve(session, agent, ticket)

    [received] = smtp_on.handler.received
    mail = received.message
    assert mail["Subject"].strip().startswith("Your request has been resolved: Printer on floor 3 is jammed")
    assert mail["Auto-Submitted"] == "auto-generated"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    links = _links(text)
    assert set(links) == {"confirm", "reopen"}
    assert links["confirm"] in html and links["reopen"] in html
    # The notice continues the thread started by the acknowledgement.
    assert mail["In-Reply-To"] and mail["References"]


def test_the_confirm_link_closes_the_ticket_as_the_requester(session, smtp_on, open_ticket, agent, client):
    ticket = open_ticket()
    _resolve(session, agent, ticket)
    path = _links(smtp_on.handler.received[-1].message.get_body(("plain",)).get_content())["confirm"]

    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, it is solved" in page.text
    assert _status(session, ticket) is Status.RESOLVED  # following the link changes nothing

    done = client.post(path, data={"csrf_token": csrf_of(client)})
    assert done.status_code == 200, done.text
    assert f"Request {ticket.number} is now closed" in done.text
    assert _status(session, ticket) is Status.CLOSED
    event = session.scalars(
        sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.new_value == "closed")
    ).one()
    assert event.actor_contact_id == ticket.requester_id and event.data == {"reason": "mail_link_confirm"}

    again = client.post(path, data={"csrf_token": csrf_of(client)})
    assert again.status_code == 409
    assert "no longer waiting for your confirmation" in again.text


def test_the_reopen_link_reopens_within_the_window_only(session, smtp_on, open_ticket, agent, client):
    ticket = open_ticket()
    _resolve(session, agent, ticket)
    path = _links(smtp_on.handler.received[-1].message.get_body(("plain",)).get_content())["reopen"]

    with time_machine.travel(now() + timedelta(days=30), tick=False):
        late = client.post(path, data={"csrf_token": csrf_of(client)})
    assert late.status_code == 409
    assert _status(session, ticket) is Status.RESOLVED

    done = client.post(path, data={"csrf_token": csrf_of(client)})
    assert done.status_code == 200
    assert "is open again" in done.text
    assert _status(session, ticket) is Status.IN_PROGRESS


def test_the_pages_speak_the_language_of_the_mail(session, smtp_on, open_ticket, agent, client, customer):
    contact = session.scalars(sa.select(Contact).where(Contact.user_id == customer.id)).one()
    contact.locale = "zh_CN"
    session.commit()
    ticket = open_ticket()
    _resolve(session, agent, ticket)
    mail = smtp_on.handler.received[-1].message
    assert "已处理完毕" in mail.get_body(("plain",)).get_content()
    path = _links(mail.get_body(("plain",)).get_content())["confirm"]

    page = client.get(path)  # the browser prefers English; the mail was Chinese
    assert 'lang="zh-CN"' in page.text


def test_forged_or_foreign_tokens_are_refused(session, smtp_on, open_ticket, agent, client, make_user):
    ticket = open_ticket()
    _resolve(session, agent, ticket)
    path = _links(smtp_on.handler.received[-1].message.get_body(("plain",)).get_content())["confirm"]

    tampered = path.replace("/confirm", "x/confirm")
    assert client.get(tampered).status_code == 404
    assert client.post(tampered, data={"csrf_token": csrf_of(client)}).status_code == 404

    # A token for someone who is not the requester names nothing.
    stranger = make_user("customer", email="eve@example.com")
    other = session.scalars(sa.select(Contact).where(Contact.user_id == stranger.id)).first()
    if other is None:
        other = Contact(email="eve2@example.com", name="Eve")
        session.add(other)
        session.commit()
    token = mail_links.make_token(ticket.id, other.id, "en")
    response = client.post(f"/t/{token}/confirm", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 404
    assert "invalid or has expired" in response.text
    assert _status(session, ticket) is Status.RESOLVED


def test_links_expire(session, smtp_on, open_ticket, agent, client):
    ticket = open_ticket()
    _resolve(session, agent, ticket)
    path = _links(smtp_on.handler.received[-1].message.get_body(("plain",)).get_content())["confirm"]
    with time_machine.travel(now() + timedelta(days=mail_links.LINK_MAX_AGE_DAYS + 1), tick=False):
        assert client.get(path).status_code == 404
