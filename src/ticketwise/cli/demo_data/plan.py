"""A deterministic plan of the demo tickets: who asks what, through which channel, when, and how far
each ticket has got. Pure: the same seed, count and clock give the same plan.

Every status, type, language and priority is represented once there are enough tickets (7 statuses,
5 types, 2 languages, 4 priorities). Older tickets tend to be finished and recent ones open, as in a
real queue; a resolved ticket was resolved within the auto-close window (otherwise the auto-close
job would have closed it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from random import Random
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from ticketwise.cli.demo_data import (
    complaint_service,
    complaint_suggestion,
    equipment_facilities,
    equipment_repair,
    general_inquiry,
    internal_admin,
    it_access,
    it_support,
)
from ticketwise.cli.demo_data.model import Scenario
from ticketwise.cli.demo_data.people import CUSTOMERS, STAFF, TEAMS, TYPE_REQUESTERS, CustomerDef
from ticketwise.tickets.enums import Channel, Priority, Status

K = TypeVar("K")

SITE_TIMEZONE = ZoneInfo("Asia/Shanghai")
HISTORY_DAYS = 60
CHINESE_SHARE = 0.6

SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "it_support": it_support.SCENARIOS + it_access.SCENARIOS,
    "equipment_repair": equipment_repair.SCENARIOS + equipment_facilities.SCENARIOS,
    "complaint_suggestion": complaint_suggestion.SCENARIOS + complaint_service.SCENARIOS,
    "internal_admin": internal_admin.SCENARIOS,
    "general_inquiry": general_inquiry.SCENARIOS,
}
TYPE_WEIGHTS = {
    "it_support": 34,
    "equipment_repair": 22,
    "complaint_suggestion": 18,
    "internal_admin": 13,
    "general_inquiry": 13,
}
STATUS_WEIGHTS = {
    Status.NEW: 9,
    Status.ASSIGNED: 9,
    Status.IN_PROGRESS: 16,
    Status.PENDING: 10,
    Status.RESOLVED: 13,
    Status.CLOSED: 35,
    Status.CANCELLED: 8,
}
# Typical position in the queue's history (finished tickets old, new ones recent) and how widely a
# status spreads around it: tickets get closed every week, but a "new" one is never weeks old.
_STATUS_AGE = {
    Status.CLOSED: (0.0, 4.2),
    Status.CANCELLED: (1.5, 3.5),
    Status.RESOLVED: (2.6, 1.0),
    Status.PENDING: (2.8, 1.5),
    Status.IN_PROGRESS: (3.1, 1.5),
    Status.ASSIGNED: (4.1, 1.0),
    Status.NEW: (4.7, 0.8),
}

# Steps of a ticket's story, carried out in this order by ticketwise.cli.demo_data.story.
CREATE = "create"
TRIAGE = "triage"  # the lead (or the agent) assigns, sets priority, tags and triage fields
NOTE = "note"  # internal note
ACKNOWLEDGE = "acknowledge"  # the agent's first public reply
ASK = "ask"  # the agent asks for details; the ticket waits (pending)
ANSWER = "answer"  # the requester answers
FIELDS = "fields"  # the agent records agent-only fields (spare parts, root cause, compensation)
RESOLVE = "resolve"
REOPEN = "reopen"  # the requester writes again after the resolution
RESOLVE_AGAIN = "resolve_again"
CONFIRM = "confirm"  # the customer confirms in the portal: closed
AUTO_CLOSE = "auto_close"  # the system closes after the auto-close delay
STAFF_CLOSE = "staff_close"  # the agent closes after a phone call
FOLLOW_UP = "follow_up"  # the requester adds a nudge to an open ticket
CUSTOMER_CANCEL = "customer_cancel"
STAFF_CANCEL = "staff_cancel"

# Minutes after the previous step (low, high), before fitting into the history.
_GAPS = {
    TRIAGE: (4, 90),
    NOTE: (10, 180),
    ACKNOWLEDGE: (10, 240),
    ASK: (20, 360),
    ANSWER: (45, 2880),
    FIELDS: (20, 600),
    RESOLVE: (60, 4320),
    REOPEN: (600, 4320),
    RESOLVE_AGAIN: (60, 1440),
    CONFIRM: (30, 2880),
    STAFF_CLOSE: (60, 1440),
    FOLLOW_UP: (60, 1440),
    CUSTOMER_CANCEL: (20, 1440),
    STAFF_CANCEL: (20, 1440),
}
# Fields agents fill while working on a ticket, never at creation.
RESOLUTION_FIELDS = frozenset(
    {"spare_parts", "site_photos", "compensation_type", "compensation_amount", "root_cause"}
)
TRIAGE_FIELDS = frozenset({"complaint_level"})


@dataclass(frozen=True)
class Step:
    kind: str
    at: datetime


@dataclass
class TicketPlan:
    """One demo ticket. ``agent`` and ``triager`` are staff keys; ``text_seed`` picks phrase variants."""

    scenario: Scenario
    language: str
    customer: CustomerDef
    channel: Channel
    priority: Priority
    status: Status
    values: dict[str, Any]
    agent: str
    triager: str
    attach: bool
    assign_on_create: bool
    text_seed: int
    steps: list[Step] = field(default_factory=list)

    @property
    def created_at(self) -> datetime:
        return self.steps[0].at

    @property
    def locale(self) -> str:
        return "zh_CN" if self.language == "zh" else "en"


def quota(rng: Random, count: int, weights: dict[K, int]) -> list[K]:
    """``count`` keys in proportion to ``weights`` (largest remainder), each at least once when
    ``count`` allows (taken from the most frequent key), in random order."""
    total = sum(weights.values())
    exact = {key: count * weight / total for key, weight in weights.items()}
    counts = {key: int(share) for key, share in exact.items()}
    leftover = count - sum(counts.values())
    for key in sorted(weights, key=lambda k: exact[k] - counts[k], reverse=True)[:leftover]:
        counts[key] += 1
    if count >= len(weights):
        for key in weights:
            if counts[key] == 0:
                counts[max(counts, key=counts.__getitem__)] -= 1
                counts[key] = 1
    items = [key for key in weights for _ in range(counts[key])]
    rng.shuffle(items)
    return items


def _created_at(rng: Random, now: datetime) -> datetime:
    """A moment in the last HISTORY_DAYS, mostly on working days in office hours (site time)."""
    local_now = now.astimezone(SITE_TIMEZONE)
    for _attempt in range(20):
        day = (local_now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.2)).date()
        if day.weekday() >= 5 and rng.random() < 0.7:
            continue
        minutes = rng.randint(8 * 60 + 30, 19 * 60) if rng.random() < 0.88 else rng.randint(0, 24 * 60 - 1)
        moment = datetime.combine(day, time(), SITE_TIMEZONE) + timedelta(
            minutes=minutes, seconds=rng.randint(0, 59)
        )
        if moment < local_now - timedelta(minutes=5):
            return moment.astimezone(UTC)
    return now - timedelta(minutes=rng.uniform(10, 180))


def _deck(rng: Random, items: Sequence[K]) -> Iterator[K]:
    """Endless draws without replacement, reshuffled after each pass, so every item comes up."""
    while True:
        order = list(items)
        rng.shuffle(order)
        yield from order


def _customer(rng: Random, type_slug: str, language: str) -> CustomerDef:
    organizations = TYPE_REQUESTERS[type_slug]
    candidates = [c for c in CUSTOMERS if c.language == language and c.organization in organizations]
    return rng.choice(candidates or [c for c in CUSTOMERS if c.language == language])


def _channel(rng: Random, customer: CustomerDef) -> Channel:
    if customer.email is None:
        return Channel.PHONE
    roll = rng.random()
    if customer.portal:
        return Channel.PORTAL if roll < 0.75 else Channel.EMAIL
    return Channel.EMAIL if roll < 0.65 else Channel.PHONE if roll < 0.85 else Channel.WEB


def _agent(rng: Random, scenario: Scenario, language: str) -> str:
    team = next(team for team in TEAMS if team.key == scenario.team)
    staff = {member.key: member for member in STAFF}
    weights = []
    for key in team.members:
        skills = dict(staff[key].skills)
        weight = skills.get(scenario.skill, 1) + (2 if language == "en" and "english" in skills else 0)
        # Chinese requests mostly go to Chinese-speaking agents; supervisors take few tickets themselves.
        if language == "zh" and staff[key].locale != "zh_CN":
            weight *= 0.2
        weights.append(weight * (0.4 if staff[key].role == "supervisor" else 1.0))
    return rng.choices(team.members, weights=weights)[0]


def _kinds(
    rng: Random, status: Status, channel: Channel, customer: CustomerDef, scenario: Scenario
) -> list[str]:
    kinds = [CREATE]
    in_portal = customer.portal and channel is Channel.PORTAL
    if status is Status.NEW:
        return kinds + ([FOLLOW_UP] if rng.random() < 0.3 else [])
    if status is Status.CANCELLED:
        if rng.random() < 0.5:
            kinds.append(TRIAGE)
        return kinds + [CUSTOMER_CANCEL if in_portal and rng.random() < 0.6 else STAFF_CANCEL]
    kinds.append(TRIAGE)
    if rng.random() < 0.35:
        kinds.append(NOTE)
    if status is Status.ASSIGNED:
        return kinds + ([FOLLOW_UP] if rng.random() < 0.25 else [])
    if status is Status.PENDING:
        return kinds + ([ACKNOWLEDGE] if rng.random() < 0.4 else []) + [ASK]
    kinds += [ASK, ANSWER] if rng.random() < 0.55 else [ACKNOWLEDGE]
    if status is Status.IN_PROGRESS:
        return kinds + ([NOTE] if rng.random() < 0.3 else [])
    if scenario.type in ("equipment_repair", "complaint_suggestion"):
        kinds.append(FIELDS)
    kinds.append(RESOLVE)
    if rng.random() < 0.08:
        kinds += [REOPEN, RESOLVE_AGAIN]
    if status is Status.RESOLVED:
        return kinds
    roll = rng.random()
    return kinds + [CONFIRM if in_portal and roll < 0.45 else AUTO_CLOSE if roll < 0.8 else STAFF_CLOSE]


def _timeline(
    rng: Random, kinds: list[str], created: datetime, now: datetime, status: Status, auto_close_days: int
) -> list[Step]:
    """Times for ``kinds``: random gaps, squeezed to end before ``now``; an auto-close that cannot fit
    becomes a close by staff, and a resolved ticket's resolution moves into the auto-close window."""
    if AUTO_CLOSE in kinds:
        auto_close = auto_close_days * 24 * 60 + rng.uniform(1, 30)
        gaps_before = sum(rng.uniform(*_GAPS[k]) * 0.2 for k in kinds[1:] if k != AUTO_CLOSE)
        if created + timedelta(minutes=auto_close + gaps_before) >= now - timedelta(minutes=5):
            kinds = [STAFF_CLOSE if k == AUTO_CLOSE else k for k in kinds]
    gaps = [None if kind == AUTO_CLOSE else rng.uniform(*_GAPS[kind]) for kind in kinds[1:]]
    fixed = auto_close_days * 24 * 60 + rng.uniform(1, 30) if AUTO_CLOSE in kinds else 0.0
    latest = max(now - timedelta(minutes=rng.uniform(3, 90)), created + timedelta(minutes=1))
    available = (latest - created).total_seconds() / 60 - fixed
    variable = sum(gap for gap in gaps if gap is not None)
    factor = min(1.0, available / variable) if variable > 0 else 1.0
    times = [created]
    for gap in gaps:
        times.append(times[-1] + timedelta(minutes=fixed if gap is None else gap * factor))
    if status is Status.RESOLVED:
        last = max(index for index, kind in enumerate(kinds) if kind in (RESOLVE, RESOLVE_AGAIN))
        window_start = now - timedelta(days=auto_close_days - 0.5)
        if times[last] < window_start:
            target = now - timedelta(hours=rng.uniform(1, (auto_close_days - 1) * 24))
            shift = max(target, times[last - 1] + timedelta(minutes=30)) - times[last]
            times[last:] = [moment + shift for moment in times[last:]]
    return [Step(kind, moment) for kind, moment in zip(kinds, times, strict=True)]


def build_plan(
    count: int, seed: int, now: datetime, default_priorities: dict[str, str], auto_close_days: int
) -> list[TicketPlan]:
    """``count`` ticket plans, oldest first; ``default_priorities`` maps the slugs of the built-in
    types in use (active) to their default priority, which tickets nobody triaged keep."""
    rng = Random(seed)
    created = sorted(_created_at(rng, now) for _ in range(count))
    statuses = sorted(
        quota(rng, count, STATUS_WEIGHTS),
        key=lambda s: _STATUS_AGE[s][0] + rng.uniform(-1, 1) * _STATUS_AGE[s][1],
    )
    types = quota(
        rng, count, {slug: weight for slug, weight in TYPE_WEIGHTS.items() if slug in default_priorities}
    )
    languages = quota(rng, count, {"zh": round(CHINESE_SHARE * 100), "en": round((1 - CHINESE_SHARE) * 100)})
    decks = {slug: _deck(rng, scenarios) for slug, scenarios in SCENARIOS.items()}
    plans = []
    for index in range(count):
        scenario = next(decks[types[index]])
        language = languages[index]
        customer = _customer(rng, scenario.type, language)
        channel = _channel(rng, customer)
        status = statuses[index]
        kinds = _kinds(rng, status, channel, customer, scenario)
        agent = _agent(rng, scenario, language)
        lead = next(team.lead for team in TEAMS if team.key == scenario.team)
        priority = Priority(rng.choices(list(Priority), weights=scenario.priorities)[0])
        assign_on_create = channel is Channel.PHONE and TRIAGE in kinds
        if assign_on_create:
            kinds.remove(TRIAGE)
        if TRIAGE not in kinds and not assign_on_create and channel is not Channel.PHONE:
            priority = Priority(default_priorities.get(scenario.type, "P2"))
        day = created[index].astimezone(SITE_TIMEZONE).date()
        plans.append(
            TicketPlan(
                scenario=scenario,
                language=language,
                customer=customer,
                channel=channel,
                priority=priority,
                status=status,
                values=scenario.values(rng, day, language),
                agent=agent,
                triager=lead if rng.random() < 0.7 else agent,
                attach=scenario.attachment is not None and rng.random() < 0.5,
                assign_on_create=assign_on_create,
                text_seed=rng.randrange(2**31),
                steps=_timeline(rng, kinds, created[index], now, status, auto_close_days),
            )
        )
    _cover_priorities(rng, plans)
    return plans


def _cover_priorities(rng: Random, plans: list[TicketPlan]) -> None:
    """Give each priority at least one ticket, taking it from staff-triaged tickets of the commonest one."""
    for priority in Priority:
        if any(plan.priority is priority for plan in plans):
            continue
        counts = {p: sum(plan.priority is p for plan in plans) for p in Priority}
        triaged = [
            plan
            for plan in plans
            if counts[plan.priority] > 1
            and (plan.assign_on_create or any(step.kind == TRIAGE for step in plan.steps))
        ]
        if triaged:
            rng.choice(triaged).priority = priority
