"""Properties of the status table itself (DESIGN §4), checked exhaustively and with hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from hypothesis import given
from hypothesis import strategies as st

from ticketwise.config import get_settings
from ticketwise.tickets.enums import OPEN_STATUSES, Status
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.transitions import ACTOR_KINDS, STAFF, TRANSITIONS, allowed_transitions
from ticketwise.users.models import Role, User

TERMINAL = {Status.CLOSED, Status.MERGED}
statuses = st.sampled_from(list(Status))
kinds = st.sampled_from(sorted(ACTOR_KINDS))


def reachable(start: Status, who: frozenset[str]) -> set[Status]:
    seen, todo = {start}, [start]
    while todo:
        current = todo.pop()
        for (old, new), allowed in TRANSITIONS.items():
            if old is current and allowed & who and new not in seen:
                seen.add(new)
                todo.append(new)
    return seen


def test_every_actor_kind_in_the_table_is_known():
    for allowed in TRANSITIONS.values():
        assert allowed and allowed <= ACTOR_KINDS


def test_closed_and_merged_are_terminal():
    assert [pair for pair in TRANSITIONS if pair[0] in TERMINAL] == []


def test_no_transition_keeps_the_status():
    assert all(old is not new for old, new in TRANSITIONS)


def test_staff_can_resolve_every_open_ticket_directly():
    for status in OPEN_STATUSES:
        assert TRANSITIONS[(status, Status.RESOLVED)] >= STAFF


def test_customers_never_resolve_assign_or_merge():
    for (_old, new), allowed in TRANSITIONS.items():
        if new in (Status.RESOLVED, Status.ASSIGNED, Status.MERGED):
            assert "customer" not in allowed, new


def test_only_staff_merge():
    for (_old, new), allowed in TRANSITIONS.items():
        if new is Status.MERGED:
            assert allowed == STAFF


def test_every_status_is_reachable_from_new_and_every_ticket_can_end():
    assert reachable(Status.NEW, STAFF) == set(Status)
    for status in Status:
        if status not in TERMINAL:
            assert Status.CLOSED in reachable(status, STAFF), status
    assert Status.CLOSED in reachable(Status.RESOLVED, frozenset({"customer"}))


def test_customer_reply_brings_pending_back_and_system_can_close():
    assert "customer" in TRANSITIONS[(Status.PENDING, Status.IN_PROGRESS)]
    assert "system" in TRANSITIONS[(Status.RESOLVED, Status.CLOSED)]
    assert "customer" in TRANSITIONS[(Status.RESOLVED, Status.IN_PROGRESS)]


def _actor(kind: str) -> User | None:
    return None if kind == "system" else User(role=Role(kind), name=kind, email=f"{kind}@example.com")


@given(status=statuses, kind=kinds, resolved_days_ago=st.integers(min_value=0, max_value=60))
def test_allowed_transitions_follow_the_table(status, kind, resolved_days_ago):
    moment = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        ticket = Ticket(status=status, resolved_at=moment - timedelta(days=resolved_days_ago))
        allowed = allowed_transitions(_actor(kind), ticket)
    assert Status.MERGED not in allowed
    for target in allowed:
        assert kind in TRANSITIONS[(status, target)]
    for (old, new), who in TRANSITIONS.items():
        if old is status and kind in who and new is not Status.MERGED:
            customer_reopen = kind == "customer" and (old, new) == (Status.RESOLVED, Status.IN_PROGRESS)
            expected = not customer_reopen or resolved_days_ago <= get_settings().tickets.reopen_window_days
            assert (new in allowed) is expected
    if status in TERMINAL:
        assert allowed == []
