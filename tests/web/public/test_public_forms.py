"""Public request forms: the list, submission without an account, honeypot, rate limit, switches."""

from __future__ import annotations

import html
import re

import pytest
from tests.conftest import csrf_of

from ticketwise.config import get_settings
from ticketwise.core.pagination import PageRequest
from ticketwise.tickets import access
from ticketwise.tickets.enums import Channel, Status
from ticketwise.tickets.schemas import TicketFilter
from ticketwise.tickets.types import extension
from ticketwise.users import repository


@pytest.fixture
def agent(make_user):
    return make_user("agent")


def post(client, url, data=None, files=None, **headers):
    return client.post(
        url, data={**(data or {}), "csrf_token": csrf_of(client)}, files=files, headers=headers
    )


def all_tickets(session, agent):
    return list(access.list_tickets(session, agent, TicketFilter(view="all", status=[]), PageRequest()).items)


REPAIR = {
    "name": "Wang Wei",
    "email": "Wang.Wei@Example.com",
    "title": "Air conditioner leaks",
    "description": "Water drips onto the desk.",
    "f_location": "Room 5, floor 2",
    "f_serial_number": "AC-778",
}


def test_list_shows_active_public_forms_in_both_languages(client, session, seeded_types):
    seeded_types["internal_admin"].public_form = False
    seeded_types["general_inquiry"].is_active = False
    session.commit()
    english = client.get("/forms", headers={"Accept-Language": "en"})
    assert english.status_code == 200
    assert "/forms/it_support" in english.text and html.escape("Complaint & suggestion") in english.text
    assert "/forms/internal_admin" not in english.text and "/forms/general_inquiry" not in english.text
    chinese = client.get("/forms", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="zh-CN"' in chinese.text and "设备报修" in chinese.text


def test_form_has_contact_inputs_customer_fields_and_a_honeypot(client, seeded_types):
    page = client.get("/forms/equipment_repair", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    for name in ("name", "email", "title", "description", "f_location", "attachments"):
        assert f'name="{name}"' in page.text
    assert 'name="f_spare_parts"' not in page.text
    assert re.search(r'<div class="hp-field"[^>]*>.*?name="website"', page.text, re.S)


def test_submission_creates_an_anonymous_web_ticket(client, session, seeded_types, agent):
    response = post(
        client,
        "/forms/equipment_repair",
        REPAIR,
        files={"attachments": ("leak.txt", b"drip drip", "text/plain")},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 200, response.text
    [ticket] = all_tickets(session, agent)
    assert re.search(rf'id="ticket-number">{ticket.number}<', response.text)
    assert (ticket.channel, ticket.status, ticket.created_by_id) == (Channel.WEB, Status.NEW, None)
    assert (ticket.requester.email, ticket.requester.name) == ("wang.wei@example.com", "Wang Wei")
    assert extension.read_fields(session, ticket)["location"] == "Room 5, floor 2"
    assert extension.read_fields(session, ticket)["serial_number"] == "AC-778"
    assert [a.filename for a in access.list_attachments(session, agent, ticket)] == ["leak.txt"]
    # No account is created for the visitor.
    assert repository.get_user_by_email(session, "wang.wei@example.com") is None


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("email", "Enter a valid e-mail address."),
        ("name", "This field is required."),
        ("f_location", None),
        ("title", "A title is required."),
    ],
)
def test_errors_are_shown_beside_the_field_and_input_is_kept(
    client, session, seeded_types, agent, missing, message
):
    data = {**REPAIR, missing: ""}
    response = post(client, "/forms/equipment_repair", data, **{"Accept-Language": "en"})
    assert response.status_code == 422
    error = re.search(rf'id="{missing}-error">([^<]+)<', response.text)
    assert error, f"no error beside {missing}"
    if message:
        assert error.group(1) == message
    for key, value in data.items():
        if value and key != "description":
            assert f'value="{value}"' in response.text
    assert all_tickets(session, agent) == []


def test_honeypot_gets_the_success_page_but_creates_nothing(client, session, seeded_types, agent):
    response = post(
        client,
        "/forms/equipment_repair",
        {**REPAIR, "website": "http://spam.example"},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 200
    assert "Thank you! We have received your request." in response.text
    assert all_tickets(session, agent) == []


def test_submissions_are_rate_limited_per_address(client, session, seeded_types, agent, monkeypatch):
    monkeypatch.setattr(get_settings().security, "public_form_rate_limit", "2/hour")
    assert post(client, "/forms/general_inquiry", {**REPAIR, "title": "one"}).status_code == 200
    assert post(client, "/forms/general_inquiry", {**REPAIR, "title": "two"}).status_code == 200
    limited = post(
        client, "/forms/general_inquiry", {**REPAIR, "title": "three"}, **{"Accept-Language": "en"}
    )
    assert limited.status_code == 429
    assert "Too many attempts. Please wait a moment and try again." in limited.text
    assert 'value="three"' in limited.text
    assert sorted(t.title for t in all_tickets(session, agent)) == ["one", "two"]


def test_only_active_public_types_are_served(client, session, seeded_types, agent):
    seeded_types["internal_admin"].public_form = False
    seeded_types["it_support"].is_active = False
    session.commit()
    for slug in ("internal_admin", "it_support", "no_such_type"):
        assert client.get(f"/forms/{slug}").status_code == 404
        assert post(client, f"/forms/{slug}", {**REPAIR, "f_department": "hr"}).status_code == 404
    assert all_tickets(session, agent) == []


def test_public_forms_can_be_turned_off(client, session, seeded_types, agent, monkeypatch):
    monkeypatch.setattr(get_settings(), "public_forms_enabled", False)
    assert client.get("/forms").status_code == 404
    assert client.get("/forms/equipment_repair").status_code == 404
    assert post(client, "/forms/equipment_repair", REPAIR).status_code == 404
    assert all_tickets(session, agent) == []


def test_submission_needs_csrf(client, session, seeded_types, agent):
    csrf_of(client)
    assert client.post("/forms/equipment_repair", data=REPAIR).status_code == 403
    assert all_tickets(session, agent) == []


def test_every_mistake_is_reported_at_once(client, session, seeded_types, agent):
    data = {**REPAIR, "name": "", "email": "nope", "title": "", "f_location": ""}
    response = post(client, "/forms/equipment_repair", data, **{"Accept-Language": "en"})
    assert response.status_code == 422
    for name in ("name", "email", "title", "f_location"):
        assert f'id="{name}-error"' in response.text
    assert all_tickets(session, agent) == []
