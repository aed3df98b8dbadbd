"""Fairness over a simulated day, and the rule that nothing goes to an absent agent (property test)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketwise.ai.assignment.candidates import Candidate
from ticketwise.ai.assignment.models import Strategy
from ticketwise.ai.assignment.required_skills import Requirement
from ticketwise.ai.assignment.service import assign_new_ticket
from ticketwise.ai.assignment.strategies import rank, score
from ticketwise.ai.assignment.team_strategy import Weights
from ticketwise.tickets.enums import Status
from ticketwise.tickets.transitions import transition
from ticketwise.users.models import Availability

DAY_START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("strategy", ["round_robin", "least_loaded"])
def test_a_day_of_tickets_is_shared_fairly_while_agents_come_and_go(
    session, admin, make_agent, make_team, make_ticket, strategy
):
    agents = [make_agent(f"Agent {n}", capacity=12) for n in range(5)]
    team = make_team(agents, strategy)
    rng = random.Random(7)
    counts = {agent.id: 0 for agent in agents}
    open_tickets = []
    for minute in range(300):  # one ticket every ~2 minutes over ten hours
        # Each agent steps away for one stretch of the day (a meeting, lunch) and comes back.
        for index, agent in enumerate(agents):
            away = 40 + 50 * index <= minute < 70 + 50 * index
            agent.availability = (
                Availability.AWAY
                if away and index % 2
                else Availability.OFFLINE
                if away
                else Availability.ONLINE
            )
        with time_machine.travel(DAY_START + timedelta(minutes=2 * minute), tick=False):
            ticket = make_ticket(team, priority=rng.choice(["P1", "P2", "P2", "P3"]))
            assign_new_ticket(session, ticket)
            session.commit()
        assert ticket.assignee_id is not None
        counts[ticket.assignee_id] += 1
        open_tickets.append(ticket)
        # Agents resolve work as the day goes on, so nobody stays at capacity.
        if len(open_tickets) > 25:
            done = open_tickets.pop(rng.randrange(len(open_tickets)))
            transition(session, admin, done, Status.RESOLVED)
            session.commit()

    spread = max(counts.values()) - min(counts.values())
    assert sum(counts.values()) == 300
    assert spread <= 20, counts  # an equal share is 60 each; each agent was gone for 30 of 300 tickets


def _candidate(user_id, availability, working, open_count, capacity, active, level) -> Candidate:
    return Candidate(
        user_id=user_id,
        name=f"Agent {user_id}",
        is_active=active,
        availability=availability,
        working=working,
        open_count=open_count,
        weighted_load=open_count * 2,
        capacity=capacity,
        skills={1: level} if level else {},
    )


candidates = st.lists(
    st.builds(
        _candidate,
        user_id=st.integers(1, 10_000),
        availability=st.sampled_from(list(Availability)),
        working=st.sampled_from([None, True, False]),
        open_count=st.integers(0, 6),
        capacity=st.integers(0, 6),
        active=st.booleans(),
        level=st.integers(0, 5),
    ),
    max_size=8,
    unique_by=lambda c: c.user_id,
)


@settings(max_examples=300, deadline=None)
@given(
    pool=candidates,
    strategy=st.sampled_from([s for s in Strategy if s is not Strategy.MANUAL]),
    pointer=st.one_of(st.none(), st.integers(1, 10_000)),
    required=st.integers(0, 5),
)
def test_nothing_is_ever_given_to_an_absent_agent(pool, strategy, pointer, required):
    requirements = [Requirement(1, "VPN", required)] if required else []
    ranked = rank(strategy, score(pool, requirements, Weights()), after_user_id=pointer)
    present = [c for c in pool if c.absence is None]
    for entry in ranked:
        candidate = entry.candidate
        assert candidate.is_active and candidate.availability is not Availability.OFFLINE
        assert candidate.working is not False and candidate.open_count < candidate.capacity
    if strategy is not Strategy.SKILL:
        assert bool(ranked) == bool(present)  # someone present always gets it
    else:
        assert all(c.candidate.skills.get(1, 0) >= required for c in ranked)
