"""New tickets entered by an agent on a contact's behalf."""

from __future__ import annotations

import re

from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.enums import Channel, Status
from ticketwise.tickets.types import extension
from ticketwise.users.contacts import create_contact


def post_new(client, root, data, files=None, **kwargs):
    return client.post(
        "/agent/tickets/new", data={"csrf_token": root.csrf_of(client), **data}, files=files, **kwargs
    )


def created(session, agent, response):
    assert response.status_code == 303, response.text
    number = re.fullmatch(r"/agent/tickets/(TW-[0-9-]+)", response.headers["location"]).group(1)
    session.expire_all()
    return ticket_access.access_ticket(session, agent, number)


def test_form_shows_types_channels_and_the_first_type_fields(agent_client):
    html = agent_client.get("/agent/tickets/new", headers={"Accept-Language": "en"}).text
    assert 'enctype="multipart/form-data"' in html
    assert all(f'<option value="{c}"' in html for c in ("phone", "agent", "email"))
    assert '<option value="equipment_repair"' in html
    assert 'name="f_asset_number"' in html  # IT support comes first
    assert 'hx-get="/agent/tickets/new/fields"' in html


def test_type_fields_fragment_for_htmx_and_refresh_without_javascript(agent_client, root):
    fragment = agent_client.get(
        "/agent/tickets/new/fields",
        params={"type": "equipment_repair"},
        headers={"HX-Request": "true", "Accept-Language": "en"},
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<section class="card mb-3" id="type-fields">')
    assert 'name="f_serial_number"' in fragment.text and 'name="f_asset_number"' not in fragment.text
    assert "Electrical" in fragment.text  # the type's categories come along
    assert '<option value="corrective" selected>' in fragment.text  # a fresh form shows field defaults

    refreshed = post_new(
        agent_client, root, {"action": "refresh", "type": "equipment_repair", "title": "Kept"}
    )
    assert refreshed.status_code == 200
    assert 'name="f_serial_number"' in refreshed.text and 'value="Kept"' in refreshed.text


def test_create_for_a_new_requester_with_fields_and_attachment(agent_client, agent, colleague, session, root):
    response = post_new(
        agent_client,
        root,
        {
            "type": "equipment_repair",
            "channel": "agent",
            "title": "Copier jams",
            "description": "Paper jam every time. S/N: CN12345678",
            "requester_email": "walkin@example.org",
            "requester_name": "Walk In",
            "requester_phone": "+86 21 5555 0101",
            "priority": "P1",
            "assignee_id": str(colleague.id),
            "tags": "copier, floor-2",
            "f_location": "Building A, floor 2",
            "f_maintenance_type": "corrective",
        },
        files=[("attachments", ("jam.jpg", b"\xff\xd8\xff fake jpeg", "image/jpeg"))],
        headers={"Accept-Language": "en"},
    )
    ticket = created(session, agent, response)
    assert (ticket.title, ticket.channel, ticket.priority.value) == ("Copier jams", Channel.AGENT, "P1")
    assert ticket.requester.email == "walkin@example.org" and ticket.requester.name == "Walk In"
    assert ticket.assignee_id == colleague.id and ticket.status is Status.ASSIGNED
    assert ticket.tags == ["copier", "floor-2"]
    values = extension.read_fields(session, ticket)
    assert values["location"] == "Building A, floor 2"
    assert values["serial_number"] == "CN12345678"  # found in the description by the type's extractor
    assert [a.filename for a in ticket_access.list_attachments(session, agent, ticket)] == ["jam.jpg"]

    page = agent_client.get(response.headers["location"], headers={"Accept-Language": "en"})
    assert f"Ticket {ticket.number} created." in page.text


def test_create_for_an_existing_contact_found_by_search(agent_client, agent, session, root):
    contact = create_contact(
        session, agent, email="known@example.org", name="Known Person", phone="13800000000"
    )
    session.commit()
    search = agent_client.get(
        "/agent/tickets/new/contacts", params={"contact_q": "Known"}, headers={"HX-Request": "true"}
    )
    assert search.status_code == 200 and "<html" not in search.text
    assert f'name="requester_contact_id" id="contact-{contact.id}" value="{contact.id}"' in search.text
    assert "known@example.org" in search.text

    response = post_new(
        agent_client,
        root,
        {
            "type": "general_inquiry",
            "channel": "phone",
            "title": "Opening hours?",
            "requester_contact_id": str(contact.id),
            "requester_email": "ignored@example.org",
        },
    )
    ticket = created(session, agent, response)
    assert ticket.requester_id == contact.id
    assert ticket.channel is Channel.PHONE


def test_errors_are_shown_beside_the_fields_and_input_is_kept(agent_client, root):
    no_title = post_new(
        agent_client,
        root,
        {
            "type": "it_support",
            "title": "",
            "requester_email": "x@example.org",
            "description": "Keep me\n  indented",
            "f_os_version": "Windows 11",
        },
        headers={"Accept-Language": "en"},
    )
    assert no_title.status_code == 422
    html = no_title.text
    title = html[html.index('id="new-title"') :]
    assert "A title is required." in title[: title.index("</div>")]
    assert "Keep me\n  indented</textarea>" in html
    assert 'value="Windows 11"' in html

    bad_email = post_new(
        agent_client,
        root,
        {"type": "it_support", "title": "T", "requester_email": "not-an-address"},
        headers={"Accept-Language": "en"},
    )
    assert bad_email.status_code == 422
    email = bad_email.text[bad_email.text.index('id="requester-email"') :]
    assert "invalid-feedback" in email[: email.index("</div>")]

    no_requester = post_new(
        agent_client, root, {"type": "it_support", "title": "T"}, headers={"Accept-Language": "en"}
    )
    assert no_requester.status_code == 422
    assert "Choose the requester or enter their contact details." in no_requester.text
    unknown_type = post_new(
        agent_client,
        root,
        {"type": "retired_type", "title": "T", "requester_email": "z@example.org"},
        headers={"Accept-Language": "en"},
    )
    assert unknown_type.status_code == 422
    assert "Choose one of the available ticket types." in unknown_type.text

    missing_location = post_new(
        agent_client,
        root,
        {
            "type": "equipment_repair",
            "title": "Broken",
            "requester_email": "y@example.org",
            "f_location": "",
        },
        headers={"Accept-Language": "en"},
    )
    assert missing_location.status_code == 422
    location = missing_location.text[missing_location.text.index('id="f_location"') :]
    assert "Location is required." in location[: location.index("</div>", location.index("invalid-feedback"))]


def test_new_ticket_page_in_both_languages(agent_client):
    english = agent_client.get("/agent/tickets/new", headers={"Accept-Language": "en"}).text
    chinese = agent_client.get("/agent/tickets/new", headers={"Accept-Language": "zh-CN"}).text
    assert "Equipment repair" in english and "设备报修" in chinese
    assert "设备报修" not in english and "Equipment repair" not in chinese
