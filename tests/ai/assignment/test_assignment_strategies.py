"""Each assignment strategy on its own, through the real service and database."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from ticketwise.ai.assignment import working_hours
from ticketwise.ai.assignment.required_skills import require_skill
from ticketwise.ai.assignment.service import assign_new_ticket, suggest_reassignment
from ticketwise.ai.assignment.team_strategy import Weights
from ticketwise.ai.decisions import render_reasons
from ticketwise.tickets.enums import ActorType, Priority, Status
from ticketwise.tickets.models import TicketEvent
from ticketwise.tickets.types.models import TicketType
from ticketwise.users.models import Availability
from ticketwise.users.teams import create_skill, set_agent_skill


def _assign(session, ticket):
    decision = assign_new_ticket(session, ticket)
    session.commit()
    return decision


def test_round_robin_rotates_and_skips_absent_agents(session, make_agent, make_team, make_ticket):
    a, b, c = make_agent("Ann"), make_agent("Bo"), make_agent("Cy")
    gone = make_agent("Dee", availability="offline")
    team = make_team([a, b, c, gone], "round_robin")
    tickets = [make_ticket(team) for _ in range(7)]

    picked = []
    for ticket in tickets[:6]:
        decision = _assign(session, ticket)
        picked.append(ticket.assignee_id)
        assert decision is not None and decision.applied and decision.value == str(ticket.assignee_id)
    assert picked == [a.id, b.id, c.id, a.id, b.id, c.id]

    b.availability = Availability.OFFLINE
    session.commit()
    _assign(session, tickets[6])
    assert tickets[6].assignee_id == a.id  # after Cy comes Dee (offline) and Bo (now offline)


def test_round_robin_gives_turns_to_away_agents_only_when_nobody_is_online(
    session, make_agent, make_team, make_ticket
):
    online, away = make_agent("Ann"), make_agent("Bo", availability="away")
    team = make_team([online, away], "round_robin")
    first, second = make_ticket(team), make_ticket(team)
    _assign(session, first)
    _assign(session, second)
    assert first.assignee_id == second.assignee_id == online.id

    online.availability = Availability.OFFLINE
    session.commit()
    third = make_ticket(team)
    decision = _assign(session, third)
    assert third.assignee_id == away.id
    assert "Bo: away (counts less), load 0/20" in render_reasons(decision.reasons)


def test_least_loaded_weighs_open_work_by_priority_against_capacity(
    session, make_agent, make_team, make_ticket
):
    a, b, c = make_agent("Ann"), make_agent("Bo"), make_agent("Cy", capacity=40)
    setup = make_team([a, b, c])  # manual: the existing work is placed by hand
    make_ticket(setup, priority="P0", assignee_id=a.id)  # Ann: 1 ticket weighing 8 -> 8/20
    for _ in range(3):
        make_ticket(setup, priority="P2", assignee_id=b.id)  # Bo: 3 tickets weighing 2 -> 6/20
    for _ in range(5):
        make_ticket(setup, priority="P2", assignee_id=c.id)  # Cy: 5 tickets weighing 2 -> 10/40
    team = make_team([a, b, c], "least_loaded")

    ticket = make_ticket(team)
    decision = _assign(session, ticket)
    assert ticket.assignee_id == c.id  # the most tickets, but the most capacity
    texts = render_reasons(decision.reasons)
    assert texts[0] == "least loaded: Cy has the lowest load for their capacity (0.25)"
    assert "Ann: online, load 1/20" in texts and "Bo: online, load 3/20" in texts

    c.availability = Availability.OFFLINE
    session.commit()
    other = make_ticket(team)
    _assign(session, other)
    assert other.assignee_id == b.id  # three normal tickets weigh less than Ann's one P0


def test_skill_strategy_matches_required_skills_and_levels(
    session, admin, make_agent, make_team, make_ticket, seeded_types
):
    vpn = create_skill(session, admin, name="VPN")
    windows = create_skill(session, admin, name="Windows")
    novice, expert, other = make_agent("Novice"), make_agent("Li Lei"), make_agent("Other")
    set_agent_skill(session, admin, novice, vpn, 2)
    set_agent_skill(session, admin, expert, vpn, 4)
    set_agent_skill(session, admin, expert, windows, 1)
    set_agent_skill(session, admin, other, windows, 5)
    require_skill(session, admin, vpn, 3, ticket_type=seeded_types["it_support"])
    session.commit()
    team = make_team([novice, expert, other], "skill")

    ticket = make_ticket(team)
    decision = _assign(session, ticket)
    assert ticket.assignee_id == expert.id
    texts = render_reasons(decision.reasons)
    assert "Li Lei: skill VPN level 4 ≥ 3" in texts
    assert "Novice: skill VPN level 2 < 3" in texts
    assert "Other: lacks skill VPN (needs 3)" in texts
    assert "Li Lei: online, load 0/20" in texts

    # A category can ask for more: now nobody qualifies and the ticket waits in the team queue.
    category = seeded_types["it_support"].categories[0]
    require_skill(session, admin, vpn, 5, category=category)
    session.commit()
    harder = make_ticket(team, category_id=category.id)
    decision = _assign(session, harder)
    assert harder.assignee_id is None and harder.status is Status.NEW
    assert decision.value is None and not decision.applied
    assert render_reasons(decision.reasons)[0].startswith("nobody present in Team")


def _nine_to_six(session, admin, agent) -> None:
    ranges = working_hours.parse_ranges("09:00-18:00", field="hours")
    working_hours.set_week(session, admin, agent, {day: ranges for day in range(5)})


def test_availability_follows_working_hours_in_each_agents_time_zone(
    session, admin, make_agent, make_team, make_ticket
):
    shanghai = make_agent("Shanghai", timezone="Asia/Shanghai")
    berlin = make_agent("Berlin", timezone="Europe/Berlin")
    _nine_to_six(session, admin, shanghai)
    _nine_to_six(session, admin, berlin)
    session.commit()
    team = make_team([shanghai, berlin], "availability")

    # Monday 2 March 2026, 03:00 UTC: 11:00 in Shanghai, 04:00 in Berlin.
    with time_machine.travel(datetime(2026, 3, 2, 3, 0, tzinfo=UTC), tick=False):
        morning = make_ticket(team)
        decision = _assign(session, morning)
    assert morning.assignee_id == shanghai.id
    assert "Berlin: outside working hours, not assigned" in render_reasons(decision.reasons)

    # 10:00 UTC: 18:00 in Shanghai (the range has ended), 11:00 in Berlin.
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=UTC), tick=False):
        evening = make_ticket(team)
        _assign(session, evening)
    assert evening.assignee_id == berlin.id

    # Saturday: nobody works, nothing is assigned.
    with time_machine.travel(datetime(2026, 3, 7, 10, 0, tzinfo=UTC), tick=False):
        weekend = make_ticket(team)
        decision = _assign(session, weekend)
    assert weekend.assignee_id is None and decision.value is None


def test_availability_prefers_online_over_away(session, make_agent, make_team, make_ticket):
    away = make_agent("Away", availability="away")
    online = make_agent("Online")
    setup = make_team([away, online])
    for _ in range(5):
        make_ticket(setup, assignee_id=online.id)
    team = make_team([away, online], "availability")
    ticket = make_ticket(team)
    _assign(session, ticket)
    assert ticket.assignee_id == online.id  # busier, but online


def test_combined_score_weighs_load_skill_and_availability_and_explains_itself(
    session, admin, make_agent, make_team, make_ticket, seeded_types
):
    vpn = create_skill(session, admin, name="VPN")
    skilled_busy = make_agent("Skilled")
    idle = make_agent("Idle")
    set_agent_skill(session, admin, skilled_busy, vpn, 5)
    require_skill(session, admin, vpn, 3, ticket_type=seeded_types["it_support"])
    session.commit()
    setup = make_team([skilled_busy, idle])
    for _ in range(4):
        make_ticket(setup, assignee_id=skilled_busy.id)

    skill_heavy = make_team([skilled_busy, idle], "combined", Weights(load=1, skill=3, availability=1))
    ticket = make_ticket(skill_heavy)
    decision = _assign(session, ticket)
    assert ticket.assignee_id == skilled_busy.id
    texts = render_reasons(decision.reasons)
    assert texts[0] == "combined score: Skilled scores best (0.94)"
    assert "Skilled: score 0.94 (load 0.71, skill 1.00, availability 1.00)" in texts
    assert "Idle: score 0.40 (load 1.00, skill 0.00, availability 1.00)" in texts

    load_heavy = make_team([skilled_busy, idle], "combined", Weights(load=5, skill=1, availability=0))
    other = make_ticket(load_heavy)
    _assign(session, other)
    assert other.assignee_id == idle.id


def test_assignment_is_audited_as_ai_and_recorded(session, make_agent, make_team, make_ticket):
    agent = make_agent("Ann")
    team = make_team([agent], "least_loaded")
    ticket = make_ticket(team)
    decision = _assign(session, ticket)
    assert ticket.status is Status.ASSIGNED
    assert decision.feature == "assignment" and decision.attribute == "assignee"
    events = session.query(TicketEvent).filter_by(ticket_id=ticket.id, field="assignee_id").all()
    assert [(e.actor_type, e.new_value) for e in events] == [(ActorType.AI, str(agent.id))]


def test_only_unassigned_tickets_of_automatic_teams_are_assigned(
    session, make_agent, make_team, make_ticket, seeded_types
):
    ann, bo = make_agent("Ann"), make_agent("Bo")
    manual = make_team([ann])
    assert _assign(session, make_ticket(manual)) is None
    automatic = make_team([ann, bo], "round_robin")
    taken = make_ticket(automatic, assignee_id=bo.id)
    assert _assign(session, taken) is None and taken.assignee_id == bo.id

    # Without a team of its own, the ticket goes to its type's default team, which is then set.
    it_support: TicketType = seeded_types["it_support"]
    it_support.default_team_id = automatic.id
    session.commit()
    orphan = make_ticket(None)
    orphan.team_id = None
    session.commit()
    _assign(session, orphan)
    assert orphan.team_id == automatic.id and orphan.assignee_id == ann.id


def test_reassignment_suggests_the_best_other_agent_without_applying(
    session, make_agent, make_team, make_ticket
):
    current, busy, free = make_agent("Current"), make_agent("Busy"), make_agent("Free")
    team = make_team([current, busy, free], "round_robin")
    for _ in range(3):
        make_ticket(team, assignee_id=busy.id, priority=Priority.P1.value)
    escalated = make_ticket(team, assignee_id=current.id)

    suggestion = suggest_reassignment(session, escalated)
    session.commit()
    assert suggestion is not None and suggestion.user.id == free.id
    assert escalated.assignee_id == current.id
    assert not suggestion.decision.applied and suggestion.decision.value == str(free.id)
    assert "Current" not in " ".join(render_reasons(suggestion.reasons))
