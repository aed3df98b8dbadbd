"""prioritise(): the decision is recorded with its reasons, applied through the tickets service, and
never lowers a priority a person chose."""

from __future__ import annotations

from ticketwise.ai.decisions import decisions_for, render_reasons
from ticketwise.ai.priority import config
from ticketwise.ai.priority.history import MIN_SIMILAR
from ticketwise.ai.priority.service import prioritise
from ticketwise.tickets.enums import ActorType, Level, Priority
from ticketwise.tickets.models import TicketEvent
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.users.models import Organization


def _priority_events(session, ticket):
    return (
        session.query(TicketEvent)
        .filter_by(ticket_id=ticket.id, field="priority")
        .order_by(TicketEvent.id)
        .all()
    )


def test_an_outage_is_raised_and_the_change_is_audited_as_ai(session, customer, make_ticket):
    ticket = make_ticket(customer, "服务器宕机，全部无法登录")
    decision = prioritise(session, ticket)
    session.commit()
    assert ticket.priority is Priority.P1
    assert decision.attribute == "priority" and decision.value == "P1" and decision.applied
    assert decision.feature == "priority" and 0 < decision.confidence <= 1
    assert "keyword 宕机: urgency High" in render_reasons(decision.reasons)
    assert [(e.actor_type, e.old_value, e.new_value) for e in _priority_events(session, ticket)] == [
        (ActorType.AI, "P2", "P1")
    ]


def test_an_unchanged_result_is_recorded_but_writes_nothing(session, customer, make_ticket):
    ticket = make_ticket(customer, "How do I read my invoice?")
    decision = prioritise(session, ticket)
    session.commit()
    assert decision.value == "P2" and not decision.applied
    assert ticket.priority is Priority.P2 and _priority_events(session, ticket) == []
    assert [d.id for d in decisions_for(session, ticket.id)] == [decision.id]


def test_a_staff_chosen_priority_is_kept_and_the_ai_only_proposes(session, admin, make_ticket):
    ticket = make_ticket(admin, "Question about the new printer", priority="P1")
    decision = prioritise(session, ticket)
    session.commit()
    assert ticket.priority is Priority.P1 and not decision.applied
    assert decision.value == "P2"
    assert render_reasons(decision.reasons)[-1] == "kept P1: a person chose it"

    update_ticket(session, admin, ticket, TicketPatch(impact=Level.HIGH, urgency=Level.HIGH))
    session.commit()
    proposal = prioritise(session, ticket)
    session.commit()
    assert ticket.priority is Priority.P1 and not proposal.applied and proposal.value == "P0"


def test_a_customers_explicit_low_priority_stays_unless_rules_raise_it(session, customer, make_ticket):
    calm = make_ticket(customer, "Suggestion for the canteen menu", priority="P3")
    assert not prioritise(session, calm).applied
    session.commit()
    assert calm.priority is Priority.P3

    loud = make_ticket(customer, "Website is down for everyone", priority="P3")
    prioritise(session, loud)
    session.commit()
    assert loud.priority is Priority.P1  # urgency High from "down": medium × high


def test_a_later_change_by_a_person_counts_as_their_choice(session, admin, customer, make_ticket):
    ticket = make_ticket(customer, "Where is my parcel?")
    update_ticket(session, admin, ticket, TicketPatch(priority=Priority.P1))
    session.commit()
    assert not prioritise(session, ticket).applied
    assert ticket.priority is Priority.P1


def test_vip_organizations_are_raised_and_named(session, admin, customer, make_ticket):
    acme = Organization(name="Acme", vip=True)
    session.add(acme)
    session.flush()
    ticket = make_ticket(customer, "Invoice question")
    ticket.organization_id = acme.id
    session.commit()
    decision = prioritise(session, ticket)
    session.commit()
    assert ticket.priority is Priority.P1
    assert "VIP organization Acme: raised to P1" in render_reasons(decision.reasons)


def test_history_of_similar_tickets_is_counted_and_explained(session, admin, make_ticket):
    for index in range(MIN_SIMILAR + 4):
        make_ticket(admin, f"Old VPN case {index}", priority="P1" if index % 7 else "P3")
    ticket = make_ticket(None, "VPN again")
    decision = prioritise(session, ticket)
    session.commit()
    texts = render_reasons(decision.reasons)
    assert "history: 86% of 14 similar tickets were P1" in texts
    assert "history moved the priority one step to P1" in texts
    assert ticket.priority is Priority.P1
    assert decision.output["history"]["count"] == 14


def test_settings_switch_factors_off(session, admin, customer, make_ticket):
    for index in range(MIN_SIMILAR):
        make_ticket(admin, f"Old case {index}", priority="P0")
    matrix = {impact.value: {u.value: "P3" for u in Level} for impact in Level}
    config.save_settings(session, admin, matrix=matrix, vip_raise=False, use_history=False)
    session.commit()
    ticket = make_ticket(customer, "Anything")
    decision = prioritise(session, ticket)
    session.commit()
    assert decision.value == "P3" and ticket.priority is Priority.P3  # a customer's default is no choice
    assert not any("history" in text for text in render_reasons(decision.reasons))
