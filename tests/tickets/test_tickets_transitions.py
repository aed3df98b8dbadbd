"""Status changes on real tickets: errors, timestamps, audit, events, the reopen window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ticketwise.config import get_settings
from ticketwise.core.errors import Conflict, PermissionDenied
from ticketwise.core.i18n import use_locale
from ticketwise.tickets import access
from ticketwise.tickets.domain_events import TicketStatusChanged
from ticketwise.tickets.enums import ActorType, Status
from ticketwise.tickets.transitions import allowed_transitions, transition

START = datetime(2031, 4, 1, 9, 0, tzinfo=UTC)


def test_transition_stamps_audits_and_publishes(session, new_ticket, agent, published):
    with time_machine.travel(START, tick=False):
        ticket = new_ticket()
        transition(session, agent, ticket, Status.IN_PROGRESS)
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        transition(session, agent, ticket, Status.RESOLVED, reason="Replaced the toner")
    assert ticket.resolved_at == START + timedelta(hours=3) == ticket.updated_at
    assert ticket.closed_at is None
    with time_machine.travel(START + timedelta(days=2), tick=False):
        transition(session, None, ticket, Status.CLOSED)
    assert ticket.closed_at == START + timedelta(days=2)
    assert ticket.resolved_at == START + timedelta(hours=3)

    events = [e for e in access.list_events(session, agent, ticket) if e.action == "status_changed"]
    assert [(e.old_value, e.new_value, e.actor_type) for e in events] == [
        ("new", "in_progress", ActorType.USER),
        ("in_progress", "resolved", ActorType.USER),
        ("resolved", "closed", ActorType.SYSTEM),
    ]
    assert events[1].data == {"reason": "Replaced the toner"}
    session.commit()
    changes = [(e.old, e.new) for e in published if isinstance(e, TicketStatusChanged)]
    assert changes == [
        (Status.NEW, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.RESOLVED, Status.CLOSED),
    ]


def test_pairs_outside_the_table_are_a_conflict_with_a_readable_message(session, new_ticket, agent):
    ticket = new_ticket()
    with use_locale("en"), pytest.raises(Conflict) as caught:
        transition(session, agent, ticket, Status.CLOSED)
    assert caught.value.translated() == "Cannot change status from New to Closed."
    with pytest.raises(Conflict):
        transition(session, agent, ticket, Status.NEW)
    assert ticket.status is Status.NEW


def test_customers_cannot_resolve_but_can_confirm_and_cancel_their_own(session, new_ticket, customer, agent):
    ticket = new_ticket()
    with pytest.raises(PermissionDenied):
        transition(session, customer, ticket, Status.RESOLVED)
    transition(session, agent, ticket, Status.RESOLVED)
    transition(session, customer, ticket, Status.CLOSED)
    assert ticket.status is Status.CLOSED

    other = new_ticket()
    transition(session, customer, other, Status.CANCELLED)
    assert other.status is Status.CANCELLED
    transition(session, agent, other, Status.NEW)  # staff restore a mistaken cancel
    transition(session, agent, other, Status.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        transition(session, customer, other, Status.CANCELLED)


def test_customers_cannot_touch_tickets_they_cannot_see(session, new_ticket, other_customer, agent):
    ticket = new_ticket()
    transition(session, agent, ticket, Status.RESOLVED)
    with pytest.raises(PermissionDenied):
        transition(session, other_customer, ticket, Status.CLOSED)


def test_merged_only_through_a_merge(session, new_ticket, agent):
    ticket = new_ticket()
    with pytest.raises(Conflict):
        transition(session, agent, ticket, Status.MERGED)


def test_users_cannot_borrow_another_actor_kind(session, new_ticket, customer):
    ticket = new_ticket()
    with pytest.raises(ValueError):
        transition(session, customer, ticket, Status.RESOLVED, actor_kind="system")


def test_customer_reopens_only_within_the_window(session, new_ticket, agent, customer):
    window = get_settings().tickets.reopen_window_days
    with time_machine.travel(START, tick=False):
        ticket = new_ticket()
        transition(session, agent, ticket, Status.RESOLVED)
    with time_machine.travel(START + timedelta(days=window, seconds=-1), tick=False):
        assert Status.IN_PROGRESS in allowed_transitions(customer, ticket)
        transition(session, customer, ticket, Status.IN_PROGRESS)
    assert ticket.resolved_at is None
    with time_machine.travel(START + timedelta(days=window + 1), tick=False):
        transition(session, agent, ticket, Status.RESOLVED)
    with time_machine.travel(START + timedelta(days=2 * window + 2), tick=False):
        assert Status.IN_PROGRESS not in allowed_transitions(customer, ticket)
        with pytest.raises(Conflict):
            transition(session, customer, ticket, Status.IN_PROGRESS)
        transition(session, agent, ticket, Status.IN_PROGRESS)  # staff may always reopen
    assert ticket.status is Status.IN_PROGRESS


ACTORS = ("agent", "customer", "system")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(list(Status))), min_size=1, max_size=8)
)
def test_random_walks_succeed_exactly_when_allowed(session, new_ticket, agent, customer, steps):
    """Whatever sequence is tried, a transition happens iff ``allowed_transitions`` offered it."""
    savepoint = session.begin_nested()
    try:
        ticket = new_ticket()
        actors = {"agent": agent, "customer": customer, "system": None}
        for who, target in steps:
            actor = actors[who]
            offered = target in allowed_transitions(actor, ticket)
            before = ticket.status
            try:
                transition(session, actor, ticket, target)
            except (Conflict, PermissionDenied):
                assert not offered, (before, who, target)
                assert ticket.status is before
            else:
                assert offered, (before, who, target)
                assert ticket.status is target
            assert ticket.status is not Status.MERGED
    finally:
        savepoint.rollback()
