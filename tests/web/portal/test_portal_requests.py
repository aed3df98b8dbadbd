"""The customer portal: the own-request list, a request's page, replies, confirm/reopen/cancel, files."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from tests.conftest import csrf_of, web_login

from ticketwise.config import get_settings
from ticketwise.core.clock import now
from ticketwise.tickets import access
from ticketwise.tickets.enums import Channel, MessageKind, Status
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.schemas import TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.tickets.transitions import transition


@pytest.fixture
def customer(make_user):
    return make_user("customer", email="carol@example.com", name="Carol")


@pytest.fixture
def agent(make_user):
    return make_user("agent", email="andy@example.com", name="Andy Agent")


@pytest.fixture
def portal(client, customer, seeded_types):
    web_login(client, customer.email)
    return client


def new_ticket(session, requester, title, type_slug="general_inquiry", **kwargs):
    ticket = create_ticket(
        session,
        requester,
        TicketCreate(type=type_slug, title=title, description=f"About {title}"),
        channel=Channel.PORTAL,
        **kwargs,
    )
    session.commit()
    return ticket


def post(client, url, data=None, files=None, **headers):
    return client.post(
        url, data={**(data or {}), "csrf_token": csrf_of(client)}, files=files, headers=headers
    )


def resolve(session, agent, ticket):
    transition(session, agent, ticket, Status.IN_PROGRESS)
    transition(session, agent, ticket, Status.RESOLVED)
    session.commit()


# --- the list -----------------------------------------------------------------------------------------


def test_list_shows_only_the_customers_own_requests(portal, session, customer, make_user):
    mine = new_ticket(session, customer, "My printer is jammed")
    other = new_ticket(session, make_user("customer"), "Someone else's secret")
    page = portal.get("/portal", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert mine.number in page.text and "My printer is jammed" in page.text
    assert other.number not in page.text and "Someone else&#39;s secret" not in page.text
    assert "General inquiry" in page.text


def test_list_filters_by_status_and_pages(portal, session, customer, agent, monkeypatch):
    open_one = new_ticket(session, customer, "Still open")
    done = new_ticket(session, customer, "Already done")
    resolve(session, agent, done)
    transition(session, customer, done, Status.CLOSED)
    session.commit()
    open_page = portal.get("/portal").text
    assert open_one.number in open_page and done.number not in open_page
    closed_page = portal.get("/portal?status=closed").text
    assert done.number in closed_page and open_one.number not in closed_page
    everything = portal.get("/portal?status=all").text
    assert open_one.number in everything and done.number in everything

    monkeypatch.setattr(get_settings().tickets, "page_size", 1)
    first, second = portal.get("/portal?status=all&page=1").text, portal.get("/portal?status=all&page=2").text
    # Newest activity first: the closed ticket changed last.
    assert done.number in first and open_one.number not in first
    assert open_one.number in second and done.number not in second


def test_staff_are_sent_to_the_agent_workspace(client, agent, seeded_types):
    web_login(client, agent.email)
    response = client.get("/portal")
    assert response.status_code == 303
    assert response.headers["location"] == "/agent/queue"


def test_portal_needs_sign_in(client):
    response = client.get("/portal")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/portal"


# --- one request ----------------------------------------------------------------------------------------


def test_request_page_shows_public_replies_but_never_internal_notes(portal, session, customer, agent):
    ticket = new_ticket(session, customer, "VPN drops every hour")
    add_message(session, agent, ticket, body="Could you send the VPN client log?")
    add_message(session, agent, ticket, body="INTERNAL: customer is on the legacy plan", internal=True)
    session.commit()
    page = portal.get(f"/portal/tickets/{ticket.number}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "VPN drops every hour" in page.text
    assert "Could you send the VPN client log?" in page.text
    assert "Andy Agent" in page.text
    assert "INTERNAL" not in page.text
    assert 'action="/portal/tickets/' + ticket.number + '/reply"' in page.text


def test_another_customers_request_is_not_found(portal, session, make_user):
    other = new_ticket(session, make_user("customer"), "Not yours")
    assert portal.get(f"/portal/tickets/{other.number}").status_code == 404
    assert post(portal, f"/portal/tickets/{other.number}/reply", {"body": "hello"}).status_code == 404
    assert post(portal, f"/portal/tickets/{other.number}/cancel").status_code == 404
    assert portal.get("/portal/tickets/TW-19990101-0001").status_code == 404


def test_customer_reply_with_attachment(portal, session, customer):
    ticket = new_ticket(session, customer, "Screen flickers")
    response = post(
        portal,
        f"/portal/tickets/{ticket.number}/reply",
        {"body": "It happens after lunch."},
        files={"attachments": ("log.txt", b"flicker at 13:02", "text/plain")},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/portal/tickets/{ticket.number}#conversation-end"
    messages = access.list_messages(session, customer, ticket)
    assert [(m.body_text, m.kind, m.channel) for m in messages] == [
        ("It happens after lunch.", MessageKind.REPLY, Channel.PORTAL)
    ]
    attachment = messages[0].attachments[0]
    page = portal.get(f"/portal/tickets/{ticket.number}")
    link = f"/portal/tickets/{ticket.number}/attachments/{attachment.id}"
    assert link in page.text and "Your reply has been sent." in page.text
    download = portal.get(link)
    assert download.status_code == 200
    assert download.content == b"flicker at 13:02"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"


def test_files_of_internal_notes_and_other_tickets_stay_hidden(portal, session, customer, agent, make_user):
    ticket = new_ticket(session, customer, "Mine")
    note = add_message(
        session,
        agent,
        ticket,
        body="note",
        internal=True,
        attachments=[("secret.txt", "text/plain", b"secret")],
    )
    other = new_ticket(
        session, make_user("customer"), "Theirs", attachments=[("theirs.txt", "text/plain", b"theirs")]
    )
    session.commit()
    their_file = access.list_attachments(session, agent, other)[0]
    assert (
        portal.get(f"/portal/tickets/{ticket.number}/attachments/{note.attachments[0].id}").status_code == 404
    )
    assert portal.get(f"/portal/tickets/{ticket.number}/attachments/{their_file.id}").status_code == 404
    assert portal.get(f"/portal/tickets/{other.number}/attachments/{their_file.id}").status_code == 404


def test_empty_reply_is_refused_beside_the_field(portal, session, customer):
    ticket = new_ticket(session, customer, "Keyboard")
    response = post(
        portal, f"/portal/tickets/{ticket.number}/reply", {"body": "   "}, **{"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert 'id="body-error">Write a message first.<' in response.text
    assert access.list_messages(session, customer, ticket) == []


# --- confirm, reopen, cancel ----------------------------------------------------------------------------


def test_resolved_request_can_be_confirmed(portal, session, customer, agent):
    ticket = new_ticket(session, customer, "Fixed?")
    resolve(session, agent, ticket)
    page = portal.get(f"/portal/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
    assert "Confirm resolution" in page and "Reopen" in page
    response = post(portal, f"/portal/tickets/{ticket.number}/confirm")
    assert response.status_code == 303
    session.refresh(ticket)
    assert ticket.status is Status.CLOSED
    closed = portal.get(f"/portal/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
    assert "replies are no longer possible" in closed
    assert "/reply" not in closed
    assert "Confirm resolution" not in closed
    # A late reply is refused with the service's explanation.
    late = post(
        portal,
        f"/portal/tickets/{ticket.number}/reply",
        {"body": "one more thing"},
        **{"Accept-Language": "en"},
    )
    assert late.status_code == 422
    assert "This ticket is closed. Please open a new ticket." in late.text


def test_resolved_request_can_be_reopened_within_the_window_only(
    portal, session, customer, agent, monkeypatch
):
    # A short window, so the browser's session is still valid after it.
    monkeypatch.setattr(get_settings().tickets, "reopen_window_days", 2)
    ticket = new_ticket(session, customer, "Still broken")
    resolve(session, agent, ticket)
    assert post(portal, f"/portal/tickets/{ticket.number}/reopen").status_code == 303
    session.refresh(ticket)
    assert ticket.status is Status.IN_PROGRESS

    transition(session, agent, ticket, Status.RESOLVED)
    session.commit()
    later = now() + timedelta(days=3)
    with time_machine.travel(later, tick=False):
        page = portal.get(f"/portal/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
        assert "Reopen" not in page and "Confirm resolution" in page
        refused = post(portal, f"/portal/tickets/{ticket.number}/reopen")
        assert refused.status_code == 303
        assert (
            "This action is no longer possible for this request."
            in portal.get(f"/portal/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
        )
    session.refresh(ticket)
    assert ticket.status is Status.RESOLVED


def test_pending_request_offers_no_reopen_and_a_new_one_can_be_cancelled(portal, session, customer, agent):
    waiting = new_ticket(session, customer, "Waiting for me")
    transition(session, agent, waiting, Status.IN_PROGRESS)
    transition(session, agent, waiting, Status.PENDING)
    session.commit()
    page = portal.get(f"/portal/tickets/{waiting.number}", headers={"Accept-Language": "en"}).text
    assert "Reopen" not in page and "Cancel request" not in page
    assert post(portal, f"/portal/tickets/{waiting.number}/reopen").status_code == 303
    session.refresh(waiting)
    assert waiting.status is Status.PENDING

    fresh = new_ticket(session, customer, "Never mind")
    assert (
        "Cancel request"
        in portal.get(f"/portal/tickets/{fresh.number}", headers={"Accept-Language": "en"}).text
    )
    assert post(portal, f"/portal/tickets/{fresh.number}/cancel").status_code == 303
    session.refresh(fresh)
    assert fresh.status is Status.CANCELLED


def test_status_actions_need_csrf(portal, session, customer, agent):
    ticket = new_ticket(session, customer, "Fixed?")
    resolve(session, agent, ticket)
    assert portal.post(f"/portal/tickets/{ticket.number}/confirm").status_code == 403
    assert portal.post(f"/portal/tickets/{ticket.number}/reply", data={"body": "hi"}).status_code == 403
    session.refresh(ticket)
    assert ticket.status is Status.RESOLVED


def test_request_page_in_both_languages(portal, session, customer):
    ticket = new_ticket(session, customer, "Bilingual", type_slug="it_support")
    english = portal.get(f"/portal/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
    assert "IT support" in english and "Asset number" in english
    chinese = portal.get(f"/portal/tickets/{ticket.number}", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="zh-CN"' in chinese
    assert "IT 支持" in chinese and "资产编号" in chinese
    assert re.search(r"Bilingual", chinese)
