"""The facts about each member of a team that assignment weighs: presence, load and skills.

An agent is *absent* — never given a ticket — when inactive, offline, outside their working hours or
at capacity (as many open tickets as ``User.capacity``). "Away" is present but counts less.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ticketwise.ai.assignment import repository
from ticketwise.ai.assignment.working_hours import is_working
from ticketwise.tickets.enums import Priority
from ticketwise.users.models import Availability

LOAD_WEIGHTS = {Priority.P0: 8, Priority.P1: 4, Priority.P2: 2, Priority.P3: 1}
"""How much one open ticket of each priority weighs in an agent's load."""


@dataclass(frozen=True)
class Candidate:
    user_id: int
    name: str
    is_active: bool
    availability: Availability
    working: bool | None
    """Inside working hours now; None when the agent has no working hours set."""
    open_count: int
    weighted_load: int
    capacity: int
    skills: Mapping[int, int]
    """Skill id → level."""

    @property
    def absence(self) -> str | None:
        """Why the agent cannot be given a ticket now ("inactive", "offline", "outside_hours",
        "at_capacity"), or None when present."""
        if not self.is_active:
            return "inactive"
        if self.availability is Availability.OFFLINE:
            return "offline"
        if self.working is False:
            return "outside_hours"
        if self.open_count >= self.capacity:
            return "at_capacity"
        return None

    @property
    def load_ratio(self) -> float:
        """Open work weighted by priority over capacity (one P2 ticket weighs 2)."""
        return self.weighted_load / self.capacity if self.capacity > 0 else math.inf


def team_candidates(session: Session, team_id: int, moment: datetime) -> list[Candidate]:
    """Every member of the team with their facts at ``moment``, by user id."""
    members = [user for user in repository.team_members(session, team_id) if user.is_staff]
    ids = [user.id for user in members]
    load = repository.open_load(session, ids)
    skills = repository.agent_skills(session, ids)
    hours = repository.working_hours(session, ids)
    return [
        Candidate(
            user_id=user.id,
            name=user.name,
            is_active=user.is_active,
            availability=user.availability,
            working=is_working(hours.get(user.id, []), user.timezone, moment),
            open_count=sum(load.get(user.id, {}).values()),
            weighted_load=sum(LOAD_WEIGHTS[p] * n for p, n in load.get(user.id, {}).items()),
            capacity=user.capacity,
            skills={skill_id: link.level for skill_id, link in skills.get(user.id, {}).items()},
        )
        for user in members
    ]
