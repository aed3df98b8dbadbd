"""Changing a ticket's type: the old extension row stays (no data lost), same-named fields carry
over, the category is cleared, every change is audited and published, and only staff may do it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.core.errors import PermissionDenied, ValidationFailed
from ticketwise.tickets.domain_events import TicketUpdated
from ticketwise.tickets.enums import ActorType, Channel
from ticketwise.tickets.models import TicketEvent
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.tickets.type_change import change_type
from ticketwise.tickets.types import extension
from ticketwise.tickets.types.models import TicketField
from ticketwise.tickets.types.schema import ensure_table, extension_table
from ticketwise.users.models import Role


@pytest.fixture
def it_ticket(session, seeded_types, agent):
    it = seeded_types["it_support"]
    printer = next(c for c in it.categories if c.key == "hardware.printer")
    return create_ticket(
        session,
        agent,
        TicketCreate(
            type="it_support",
            title="Printer broken",
            description="Error E102",
            requester=RequesterIn(email="r@example.com"),
            category_id=printer.id,
            fields={"asset_number": "IT-000123", "error_code": "E102"},
        ),
        channel=Channel.AGENT,
    )


def _events(session, ticket):
    return {
        e.field: e
        for e in session.scalars(
            sa.select(TicketEvent).where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == "updated")
        )
    }


def test_the_old_row_stays_and_the_new_type_gets_its_own(session, seeded_types, agent, it_ticket, published):
    repair = seeded_types["equipment_repair"]
    change_type(session, agent, it_ticket, repair)
    session.commit()

    assert it_ticket.type.slug == "equipment_repair" and it_ticket.category_id is None
    old_row = session.execute(
        sa.select(extension_table(session, seeded_types["it_support"])).where(
            sa.column("ticket_id") == it_ticket.id
        )
    ).one()
    assert old_row.asset_number == "IT-000123" and old_row.error_code == "E102", "no data lost"
    events = _events(session, it_ticket)
    assert (events["type_id"].old_value, events["type_id"].new_value) == ("it_support", "equipment_repair")
    assert events["type_id"].actor_type is ActorType.USER and events["category_id"].new_value is None
    updated = [e for e in published if isinstance(e, TicketUpdated)]
    assert updated and "type_id" in updated[-1].changes and "category_id" in updated[-1].changes


def test_changing_back_shows_the_old_values_again(session, seeded_types, agent, it_ticket):
    change_type(session, agent, it_ticket, seeded_types["general_inquiry"])
    change_type(session, agent, it_ticket, seeded_types["it_support"])
    values = extension.read_fields(session, it_ticket)
    assert values["asset_number"] == "IT-000123" and values["error_code"] == "E102"


def test_same_named_fields_of_the_same_kind_carry_over(session, seeded_types, agent):
    # Give the repair type a field with the same name and kind as IT support's error_code.
    repair = seeded_types["equipment_repair"]
    it_field = next(f for f in seeded_types["it_support"].fields if f.name == "error_code")
    session.add(
        TicketField(
            type_id=repair.id, name="error_code", kind=it_field.kind, labels={"en": "Error"}, position=99
        )
    )
    session.flush()
    session.refresh(repair)
    ensure_table(session, repair)
    ticket = create_ticket(
        session,
        agent,
        TicketCreate(
            type="it_support",
            title="x",
            requester=RequesterIn(email="r@example.com"),
            fields={"error_code": "E7"},
        ),
        channel=Channel.AGENT,
    )
    change_type(session, agent, ticket, repair)
    assert extension.read_fields(session, ticket)["error_code"] == "E7"
    assert "fields.error_code" in _events(session, ticket)


def test_an_ai_change_is_attributed_to_the_ai_and_keeps_the_triage_flag(session, seeded_types, it_ticket):
    it_ticket.needs_triage = True
    change_type(session, None, it_ticket, seeded_types["internal_admin"], actor_type=ActorType.AI)
    events = _events(session, it_ticket)
    assert events["type_id"].actor_type is ActorType.AI and events["type_id"].actor_user_id is None
    assert it_ticket.needs_triage, "only a person's decision triages the ticket"


def test_a_person_confirming_the_type_clears_the_triage_flag(session, agent, it_ticket):
    it_ticket.needs_triage = True
    change_type(session, agent, it_ticket, it_ticket.type)
    assert not it_ticket.needs_triage
    assert _events(session, it_ticket)["needs_triage"].new_value == "false"


def test_nothing_changes_when_the_type_is_the_same(session, agent, it_ticket, published):
    change_type(session, agent, it_ticket, it_ticket.type)
    session.commit()
    assert "type_id" not in _events(session, it_ticket)
    assert not [e for e in published if isinstance(e, TicketUpdated)]


def test_customers_and_inactive_types_are_refused(session, seeded_types, make_user, agent, it_ticket):
    customer = make_user(Role.CUSTOMER)
    with pytest.raises(PermissionDenied):
        change_type(session, customer, it_ticket, seeded_types["general_inquiry"])
    inactive = seeded_types["internal_admin"]
    inactive.is_active = False
    with pytest.raises(ValidationFailed) as error:
        change_type(session, agent, it_ticket, inactive)
    assert error.value.field == "type"
