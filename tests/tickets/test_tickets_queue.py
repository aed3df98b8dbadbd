"""Queues: views, filters, sorting, paging and counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ticketwise.core.pagination import PageRequest
from ticketwise.tickets import access
from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.schemas import TicketFilter, TicketPatch
from ticketwise.tickets.service import update_ticket
from ticketwise.tickets.transitions import transition

START = datetime(2031, 9, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def queue(session, new_ticket, agent, other_agent, team, customer, other_customer):
    """Six tickets created an hour apart:

    ===  ========  ==============  ========  =====  ========  ==========
    key  priority  assignee        team      type   status    requester
    ===  ========  ==============  ========  =====  ========  ==========
    a    P2        agent           team      it     assigned  customer
    b    P0        other_agent     —         it     assigned  customer
    c    P3        —               team      gen    new       customer
    d    P1        —               —         gen    new       other
    e    P2        agent           —         it     resolved  other
    f    P3        —               —         gen    pending   other
    ===  ========  ==============  ========  =====  ========  ==========
    """
    specs = {
        "a": ("customer", "it_support", "Laptop fan is loud", Priority.P2, agent, team),
        "b": ("customer", "it_support", "VPN 100% down", Priority.P0, other_agent, None),
        "c": ("customer", "general_inquiry", "Opening hours?", Priority.P3, None, team),
        "d": (other_customer, "general_inquiry", "Price list", Priority.P1, None, None),
        "e": (other_customer, "it_support", "Printer jam", Priority.P2, agent, None),
        "f": (other_customer, "general_inquiry", "Invoice copy", Priority.P3, None, None),
    }
    tickets = {}
    for offset, (key, (who, slug, title, priority, assignee, in_team)) in enumerate(specs.items()):
        with time_machine.travel(START + timedelta(hours=offset), tick=False):
            ticket = new_ticket(actor=who, type=slug, title=title, description=f"ticket {key}")
            update_ticket(
                session,
                agent,
                ticket,
                TicketPatch(
                    priority=priority,
                    assignee_id=assignee.id if assignee else None,
                    team_id=in_team.id if in_team else None,
                    tags=["vpn"] if key == "b" else [],
                ),
            )
            tickets[key] = ticket
    with time_machine.travel(START + timedelta(hours=10), tick=False):
        transition(session, agent, tickets["e"], Status.RESOLVED)
        transition(session, agent, tickets["f"], Status.IN_PROGRESS)
        transition(session, agent, tickets["f"], Status.PENDING)
    return tickets


def keys(queue, page):
    by_id = {t.id: k for k, t in queue.items()}
    return [by_id[t.id] for t in page.items]


def listing(session, user, queue, **filters):
    return keys(queue, access.list_tickets(session, user, TicketFilter(**filters), PageRequest(1, 50)))


def test_views(session, queue, agent, other_agent):
    assert listing(session, agent, queue, view="all") == ["f", "d", "c", "b", "a"]
    assert listing(session, agent, queue, view="mine") == ["a"]
    assert listing(session, other_agent, queue, view="mine") == ["b"]
    assert listing(session, agent, queue, view="unassigned") == ["f", "d", "c"]
    assert listing(session, agent, queue, view="my_teams") == ["c", "a"]
    assert listing(session, other_agent, queue, view="my_teams") == []


def test_status_filter_defaults_to_open_and_empty_means_any(session, queue, agent):
    assert listing(session, agent, queue, view="all", status=[]) == ["f", "e", "d", "c", "b", "a"]
    assert listing(session, agent, queue, view="all", status=[Status.RESOLVED]) == ["e"]
    assert listing(session, agent, queue, view="mine", status=[]) == ["e", "a"]
    assert listing(session, agent, queue, status=[Status.NEW, Status.PENDING]) == ["f", "d", "c"]


def test_filters(session, queue, agent, other_agent, team):
    assert listing(session, agent, queue, priority=[Priority.P0, Priority.P1]) == ["d", "b"]
    assert listing(session, agent, queue, type=["it_support"]) == ["b", "a"]
    assert listing(session, agent, queue, type=["it_support", "general_inquiry"], status=[]) == list("fedcba")
    assert listing(session, agent, queue, team_id=team.id) == ["c", "a"]
    assert listing(session, agent, queue, view="my_teams", team_id=team.id + 1000) == []
    assert listing(session, agent, queue, assignee_id=other_agent.id) == ["b"]
    assert listing(session, agent, queue, view="mine", assignee_id=other_agent.id) == []
    assert listing(session, agent, queue, view="unassigned", assignee_id=agent.id) == []
    assert listing(session, agent, queue, tag="vpn") == ["b"]


def test_search(session, queue, agent):
    assert listing(session, agent, queue, q=queue["c"].number) == ["c"]
    assert listing(session, agent, queue, q=queue["c"].number.lower()) == ["c"]
    assert listing(session, agent, queue, q="LAPTOP") == ["a"]
    assert listing(session, agent, queue, q="ticket d") == ["d"]
    assert listing(session, agent, queue, q="100%") == ["b"]
    assert listing(session, agent, queue, q="%") == ["b"]
    assert listing(session, agent, queue, q="_") == []


def test_sorting(session, queue, agent):
    open_keys = ["a", "b", "c", "d", "f"]
    assert listing(session, agent, queue, sort="updated_asc") == ["a", "b", "c", "d", "f"]
    assert listing(session, agent, queue, sort="created_desc") == list(reversed(open_keys))
    assert listing(session, agent, queue, sort="created_asc") == open_keys
    assert listing(session, agent, queue, sort="number") == open_keys
    assert listing(session, agent, queue, sort="priority") == ["b", "d", "a", "f", "c"]
    assert listing(session, agent, queue, sort="number_desc") == list(reversed(open_keys))
    least_urgent_first = listing(session, agent, queue, sort="priority_asc")
    priorities = [queue[k].priority.value for k in least_urgent_first]
    assert sorted(least_urgent_first) == open_keys and priorities == sorted(priorities, reverse=True)
    assert priorities[0] != priorities[-1]


def test_customers_only_ever_get_their_own(session, queue, customer, other_customer):
    for view in ("all", "mine", "unassigned", "my_teams", "requested"):
        assert listing(session, customer, queue, view=view) == ["c", "b", "a"]
    assert listing(session, other_customer, queue, view="all") == ["f", "e", "d"]
    assert listing(session, other_customer, queue, status=[Status.RESOLVED]) == ["e"]


def test_paging(session, queue, agent):
    first = access.list_tickets(session, agent, TicketFilter(status=[]), PageRequest(1, 4))
    second = access.list_tickets(session, agent, TicketFilter(status=[]), PageRequest(2, 4))
    beyond = access.list_tickets(session, agent, TicketFilter(status=[]), PageRequest(9, 4))
    assert (first.total, first.pages, len(first.items), len(second.items)) == (6, 2, 4, 2)
    assert keys(queue, first) + keys(queue, second) == list("fedcba")
    assert (beyond.total, list(beyond.items)) == (6, [])


def test_counts(session, queue, agent, other_agent, customer, other_customer):
    # Nothing here has an SLA deadline or waits for triage, so those views are empty.
    sla = {"at_risk": 0, "breached": 0, "triage": 0}
    assert access.queue_counts(session, agent) == {"mine": 1, "unassigned": 3, "my_teams": 2, "all": 5, **sla}
    assert access.queue_counts(session, other_agent) == {
        "mine": 1,
        "unassigned": 3,
        "my_teams": 0,
        "all": 5,
        **sla,
    }
    assert access.queue_counts(session, customer) == {"requested": 3}
    assert access.queue_counts(session, other_customer) == {"requested": 2}
