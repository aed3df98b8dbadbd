"""New requests from the portal: type cards, the per-type form, validation beside fields, creation."""

from __future__ import annotations

import html
from datetime import date

import pytest
from tests.conftest import csrf_of, web_login

from ticketwise.core.pagination import PageRequest
from ticketwise.tickets import access
from ticketwise.tickets.enums import Channel, Status
from ticketwise.tickets.schemas import TicketFilter
from ticketwise.tickets.types import extension

# Customer-visible values per built-in type, as typed into the form, and how they are stored.
SUBMISSIONS = {
    "it_support": (
        {"f_asset_number": "IT-000123", "f_affected_users": "3"},
        {"asset_number": "IT-000123", "affected_users": 3},
    ),
    "equipment_repair": (
        {"f_location": "Building 2, line 3", "f_serial_number": "SN-42", "f_maintenance_type": "preventive"},
        {"location": "Building 2, line 3", "serial_number": "SN-42", "maintenance_type": "preventive"},
    ),
    "complaint_suggestion": (
        {"f_order_number": "A1234567", "f_desired_resolution": "A refund"},
        {"order_number": "A1234567", "desired_resolution": "A refund"},
    ),
    "internal_admin": (
        {"f_department": "finance", "f_needed_by": "2030-01-15"},
        {"department": "finance", "needed_by": date(2030, 1, 15)},
    ),
    "general_inquiry": ({}, {}),
}


@pytest.fixture
def customer(make_user):
    return make_user("customer", email="carol@example.com", name="Carol")


@pytest.fixture
def portal(client, customer, seeded_types):
    web_login(client, customer.email)
    return client


def post(client, url, data=None, files=None, **headers):
    return client.post(
        url, data={**(data or {}), "csrf_token": csrf_of(client)}, files=files, headers=headers
    )


def own_tickets(session, customer):
    return list(access.list_tickets(session, customer, TicketFilter(view="requested"), PageRequest()).items)


def test_type_cards_in_both_languages(portal, seeded_types):
    english = portal.get("/portal/new", headers={"Accept-Language": "en"})
    assert english.status_code == 200
    for ticket_type in seeded_types.values():
        assert f'href="/portal/new/{ticket_type.slug}"' in english.text
        assert html.escape(ticket_type.names["en"]) in english.text
        assert ticket_type.icon in english.text
    assert "Computers, software, network, accounts and access." in english.text
    chinese = portal.get("/portal/new", headers={"Accept-Language": "zh-CN"})
    assert "设备报修" in chinese.text and "一般咨询" in chinese.text


def test_form_shows_only_customer_visible_fields(portal):
    page = portal.get("/portal/new/equipment_repair", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert 'name="f_location"' in page.text and 'name="f_serial_number"' in page.text
    assert 'name="f_spare_parts"' not in page.text and 'name="f_site_photos"' not in page.text
    assert 'name="title"' in page.text and 'name="attachments"' in page.text
    assert 'enctype="multipart/form-data"' in page.text


def test_inactive_or_unknown_types_are_not_found(portal, session, seeded_types):
    seeded_types["internal_admin"].is_active = False
    session.commit()
    assert portal.get("/portal/new/internal_admin").status_code == 404
    assert portal.get("/portal/new/no_such_type").status_code == 404
    assert post(portal, "/portal/new/internal_admin", {"title": "x", "f_department": "hr"}).status_code == 404
    assert "/portal/new/internal_admin" not in portal.get("/portal/new").text


@pytest.mark.parametrize("slug", ["equipment_repair", "internal_admin"])
def test_missing_required_field_is_shown_beside_it_and_input_is_kept(portal, session, customer, slug):
    typed, _stored = SUBMISSIONS[slug]
    required = {"equipment_repair": "location", "internal_admin": "department"}[slug]
    data = {
        "title": "Please help",
        "description": "Details here",
        **{k: v for k, v in typed.items() if k != f"f_{required}"},
    }
    response = post(portal, f"/portal/new/{slug}", data, **{"Accept-Language": "en"})
    assert response.status_code == 422
    assert f'id="f_{required}-error"' in response.text
    assert 'value="Please help"' in response.text
    assert "Details here" in response.text
    for key, value in data.items():
        if key.startswith("f_") and key != "f_maintenance_type" and key != "f_department":
            assert f'value="{value}"' in response.text
    assert own_tickets(session, customer) == []


def test_missing_title_is_shown_beside_it(portal, session, customer):
    response = post(
        portal,
        "/portal/new/general_inquiry",
        {"title": " ", "description": "no title"},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert 'id="title-error">A title is required.<' in response.text
    assert own_tickets(session, customer) == []


@pytest.mark.parametrize("slug", list(SUBMISSIONS))
def test_submission_creates_the_ticket_with_its_fields(portal, session, customer, slug):
    typed, stored = SUBMISSIONS[slug]
    response = post(
        portal,
        f"/portal/new/{slug}",
        {"title": f"Request for {slug}", "description": "Please look into it.", **typed},
        files={"attachments": ("photo.txt", b"not really a photo", "text/plain")},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 303, response.text
    [ticket] = own_tickets(session, customer)
    assert response.headers["location"] == f"/portal/tickets/{ticket.number}"
    assert (ticket.title, ticket.type.slug, ticket.channel, ticket.status) == (
        f"Request for {slug}",
        slug,
        Channel.PORTAL,
        Status.NEW,
    )
    assert ticket.requester.user_id == customer.id
    values = extension.read_fields(session, ticket, audience="customer")
    assert {name: values[name] for name in stored} == stored
    assert [a.filename for a in access.list_attachments(session, customer, ticket)] == ["photo.txt"]
    page = portal.get(response.headers["location"], headers={"Accept-Language": "en"})
    assert f"Your request {ticket.number} has been created." in page.text
    for value in typed.values():
        if slug not in ("equipment_repair", "internal_admin"):
            assert value in page.text


def test_agent_only_fields_cannot_be_set_by_customers(portal, session, customer):
    data = {"title": "Pump leaks", "f_location": "Basement", "f_spare_parts": "gold-plated valve"}
    assert post(portal, "/portal/new/equipment_repair", data).status_code == 303
    [ticket] = own_tickets(session, customer)
    assert extension.read_fields(session, ticket, audience="agent")["spare_parts"] is None


def test_submission_needs_csrf(portal, session, customer):
    response = portal.post("/portal/new/general_inquiry", data={"title": "No token"})
    assert response.status_code == 403
    assert own_tickets(session, customer) == []


def test_title_and_field_errors_are_reported_together(portal, session, customer):
    response = post(
        portal,
        "/portal/new/equipment_repair",
        {"title": "", "f_serial_number": "SN-1"},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert 'id="title-error">A title is required.<' in response.text
    assert 'id="f_location-error"' in response.text
    assert 'value="SN-1"' in response.text
    assert own_tickets(session, customer) == []
