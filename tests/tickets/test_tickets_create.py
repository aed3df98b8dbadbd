"""Creating tickets: who the requester is, defaults from the type, type fields, validation."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from ticketwise.core.errors import NotAuthenticated, ValidationFailed
from ticketwise.core.i18n import use_locale
from ticketwise.tickets import access
from ticketwise.tickets.attachments import blob_path
from ticketwise.tickets.domain_events import TicketCreated, TicketStatusChanged
from ticketwise.tickets.enums import ActorType, Channel, Priority, Status
from ticketwise.tickets.models import Attachment
from ticketwise.tickets.schemas import TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.tickets.types import extension
from ticketwise.tickets.types.repository import find_type_by_slug
from ticketwise.users import repository as users_repository
from ticketwise.users.models import Role


def test_customer_is_always_the_requester_and_cannot_route(session, new_ticket, customer, agent, team):
    ticket = new_ticket(
        type="it_support",
        requester={"email": "someone.else@example.com", "name": "Mallory"},
        requester_contact_id=123456,
        team_id=team.id,
        assignee_id=agent.id,
        tags=["vip"],
        priority=Priority.P0,
    )
    own_contact = users_repository.contact_for_user(session, customer.id)
    assert ticket.requester_id == own_contact.id
    assert ticket.status is Status.NEW
    assert (ticket.team_id, ticket.assignee_id, ticket.tags) == (None, None, [])
    assert ticket.priority is Priority.P2  # the type's default, not the P0 asked for
    assert ticket.created_by_id == customer.id
    assert ticket.channel is Channel.PORTAL
    assert ticket.last_customer_message_at is not None
    assert users_repository.contact_by_email(session, "someone.else@example.com") is None


def test_customer_may_ask_for_a_less_urgent_priority(new_ticket):
    assert new_ticket(type="it_support", priority=Priority.P3).priority is Priority.P3


def test_number_title_and_description(new_ticket):
    ticket = new_ticket(title="  Screen   flickers ", description="<script>alert(1)</script>\n\nSecond line")
    assert re.fullmatch(r"TW-\d{8}-\d{4}", ticket.number)
    assert ticket.title == "Screen flickers"
    assert ticket.description == "<script>alert(1)</script>\n\nSecond line"
    assert "<script>" not in ticket.description_html and "&lt;script&gt;" in ticket.description_html
    assert ticket.description_html.count("<p>") == 2


@pytest.mark.parametrize("title", ["", "   ", "x" * 301])
def test_title_is_required_and_bounded(new_ticket, title):
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(title=title)
    assert caught.value.field == "title"


def test_unknown_or_inactive_type_is_refused(session, new_ticket):
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(type="no_such_type")
    assert caught.value.field == "type"
    find_type_by_slug(session, "it_support").is_active = False
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(type="it_support")
    assert caught.value.field == "type"


def test_anonymous_submission_needs_an_email(new_ticket):
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(actor=None, channel=Channel.WEB)
    assert caught.value.field == "requester.email"
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(
            actor=None, channel=Channel.WEB, requester={"name": "No Mail", "phone": "+86 10 1234 5678"}
        )
    assert caught.value.field == "requester.email"


def test_anonymous_submission_creates_the_contact_with_its_organization(session, new_ticket, acme, agent):
    ticket = new_ticket(
        actor=None,
        channel=Channel.WEB,
        requester={"email": "Eve@ACME.example", "name": "Eve"},
        assignee_id=agent.id,
    )
    assert ticket.requester.email == "eve@acme.example"
    assert ticket.organization_id == acme.id
    assert ticket.assignee_id is None and ticket.created_by_id is None
    [created] = access.list_events(session, agent, ticket)
    assert (created.action, created.actor_type, created.actor_contact_id) == (
        "created",
        ActorType.CONTACT,
        ticket.requester_id,
    )


def test_staff_must_say_who_the_ticket_is_for(new_ticket, agent):
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(actor=agent, channel=Channel.PHONE)
    assert caught.value.field == "requester"
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(actor=agent, channel=Channel.PHONE, requester_contact_id=987654)
    assert caught.value.field == "requester_contact_id"
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(actor=agent, channel=Channel.PHONE, requester={"name": "Only a name"})
    assert caught.value.field.startswith("requester.")


def test_staff_create_on_behalf_of_a_contact_with_routing(
    session, new_ticket, agent, other_agent, team, customer, published
):
    contact = users_repository.contact_for_user(session, customer.id)
    ticket = new_ticket(
        actor=agent,
        channel=Channel.PHONE,
        requester_contact_id=contact.id,
        team_id=team.id,
        assignee_id=other_agent.id,
        tags=["Printer", " printer ", "floor 3"],
        priority=Priority.P0,
    )
    assert ticket.requester_id == contact.id
    assert (ticket.team_id, ticket.assignee_id, ticket.priority) == (team.id, other_agent.id, Priority.P0)
    assert ticket.tags == ["floor 3", "printer"]
    assert ticket.status is Status.ASSIGNED
    assert ticket.last_customer_message_at is None
    events = access.list_events(session, agent, ticket)
    assert [(e.action, e.new_value) for e in events] == [("created", None), ("status_changed", "assigned")]
    session.commit()
    assert [type(e) for e in published] == [TicketStatusChanged, TicketCreated]
    assert published[-1].ticket_id == ticket.id


def test_staff_can_give_new_requester_details(session, new_ticket, agent):
    ticket = new_ticket(
        actor=agent, channel=Channel.AGENT, requester={"email": "walkin@example.com", "name": "Wu"}
    )
    assert (ticket.requester.email, ticket.requester.name) == ("walkin@example.com", "Wu")


def test_assignee_must_be_active_staff(new_ticket, agent, customer, other_agent, session):
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(actor=agent, requester={"email": "x@example.com"}, assignee_id=customer.id)
    assert caught.value.field == "assignee_id"
    other_agent.is_active = False
    session.flush()
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(actor=agent, requester={"email": "x@example.com"}, assignee_id=other_agent.id)
    assert caught.value.field == "assignee_id"


def test_unknown_team_is_refused(new_ticket, agent):
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(actor=agent, requester={"email": "x@example.com"}, team_id=999_999)
    assert caught.value.field == "team_id"


def test_defaults_come_from_the_type(session, new_ticket, team):
    it_support = find_type_by_slug(session, "it_support")
    it_support.default_team_id = team.id
    it_support.default_priority = "P1"
    session.flush()
    ticket = new_ticket(type="it_support")
    assert (ticket.team_id, ticket.priority) == (team.id, Priority.P1)
    assert new_ticket(type="general_inquiry").priority is Priority.P3


def test_category_must_belong_to_the_type(session, new_ticket):
    it_support = find_type_by_slug(session, "it_support")
    general = find_type_by_slug(session, "general_inquiry")
    ticket = new_ticket(type="it_support", category_id=it_support.categories[0].id)
    assert ticket.category_id == it_support.categories[0].id
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(type="it_support", category_id=general.categories[0].id)
    assert caught.value.field == "category_id"


def test_extractors_fill_fields_and_explicit_values_win(session, new_ticket, agent):
    ticket = new_ticket(
        type="equipment_repair",
        description="复印机卡纸，序列号：CN12345678，故障代码: E102",
        fields={"location": "3F east", "fault_code": "E999"},
    )
    values = extension.read_fields(session, ticket, audience="agent")
    assert values["serial_number"] == "CN12345678"
    assert values["fault_code"] == "E999"
    assert values["location"] == "3F east"
    assert values["maintenance_type"] == "corrective"  # the field's default


def test_customer_creation_fills_staff_only_fields_from_the_text(session, new_ticket, agent):
    repair = find_type_by_slug(session, "equipment_repair")
    repair.extractors = [
        *repair.extractors,
        {"field": "spare_parts", "pattern": r"(?i)parts?:\s*(?P<value>.+)"},
    ]
    session.flush()
    ticket = new_ticket(
        type="equipment_repair", description="Broken belt. Parts: belt B-7", fields={"location": "Hall 2"}
    )
    assert extension.read_fields(session, ticket, audience="agent")["spare_parts"] == "belt B-7"
    assert "spare_parts" not in extension.read_fields(session, ticket, audience="customer")


def test_field_errors_name_the_field(new_ticket, agent):
    with use_locale("en"), pytest.raises(ValidationFailed) as caught:
        new_ticket(type="equipment_repair", description="no location given")
    assert caught.value.field == "fields.location"
    assert "Location" in caught.value.translated()
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(type="equipment_repair", fields={"location": "Hall 1", "spare_parts": "belt"})
    assert caught.value.field == "fields.spare_parts"
    ticket = new_ticket(
        actor=agent,
        requester={"email": "x@example.com"},
        type="equipment_repair",
        fields={"location": "Hall 1", "spare_parts": "belt"},
    )
    assert ticket.id is not None
    with pytest.raises(ValidationFailed) as caught:
        new_ticket(type="it_support", fields={"affected_users": 0})
    assert caught.value.field == "fields.affected_users"


def test_attachments_are_stored_with_the_ticket(session, customer, builtin_types):
    data = b"\x89PNG fake image " + b"1" * 32
    ticket = create_ticket(
        session,
        customer,
        TicketCreate(type="general_inquiry", title="See screenshot"),
        channel=Channel.PORTAL,
        attachments=[("C:\\tmp\\shot.png", "", data)],
    )
    [attachment] = session.scalars(sa.select(Attachment).where(Attachment.ticket_id == ticket.id)).all()
    assert (attachment.filename, attachment.content_type, attachment.uploaded_by_id) == (
        "shot.png",
        "image/png",
        customer.id,
    )
    assert blob_path(attachment.sha256).read_bytes() == data


def test_inactive_actor_cannot_create(session, new_ticket, customer):
    customer.is_active = False
    with pytest.raises(NotAuthenticated):
        new_ticket()


def test_customer_without_contact_gets_one(session, make_user, builtin_types):
    user = make_user(Role.CUSTOMER, email="fresh@example.com")
    contact = users_repository.contact_for_user(session, user.id)
    contact.user_id = None
    session.flush()
    ticket = create_ticket(
        session, user, TicketCreate(type="general_inquiry", title="Hi"), channel=Channel.PORTAL
    )
    assert ticket.requester.user_id == user.id
