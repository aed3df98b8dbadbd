"""Each team's assignment strategy and the weights of the combined score (admin only).

Invariants: weights are numbers from 0 to 10; the combined strategy needs at least one weight above
zero. Saving a strategy keeps the round-robin pointer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketwise.ai.assignment import repository
from ticketwise.ai.assignment.models import Strategy, TeamRouting
from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.users.models import Team, User
from ticketwise.users.permissions import require_admin

MAX_WEIGHT = 10.0


@dataclass(frozen=True)
class Weights:
    load: float = 1.0
    skill: float = 1.0
    availability: float = 1.0


def strategy_of(session: Session, team_id: int) -> tuple[Strategy, Weights]:
    """The team's strategy and weights; ``manual`` with the default weights when never configured."""
    row = repository.team_routing(session, team_id)
    if row is None:
        return Strategy.MANUAL, Weights()
    return row.strategy, Weights(row.weight_load, row.weight_skill, row.weight_availability)


def _weight(value: float, field: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or math.isnan(value)
        or not 0 <= value <= MAX_WEIGHT
    ):
        raise ValidationFailed(N_("Enter a number from %(low)s to %(high)s."), field=field, low=0, high=10)
    return float(value)


def set_strategy(
    session: Session, actor: User, team: Team, strategy: Strategy | str, weights: Weights
) -> TeamRouting:
    """Store the team's strategy and weights.

    Raises PermissionDenied for non-admins, ValidationFailed(field="strategy") for an unknown
    strategy and ValidationFailed(field="weight_<name>") for a weight outside 0–10 or, with the
    combined strategy, when every weight is zero.
    """
    require_admin(actor)
    try:
        chosen = Strategy(strategy)
    except ValueError:
        raise ValidationFailed(N_("Choose one of the allowed values."), field="strategy") from None
    load = _weight(weights.load, "weight_load")
    skill = _weight(weights.skill, "weight_skill")
    availability = _weight(weights.availability, "weight_availability")
    if chosen is Strategy.COMBINED and load + skill + availability == 0:
        raise ValidationFailed(
            N_("The combined score needs at least one weight above zero."), field="weight_load"
        )
    row = repository.team_routing(session, team.id, lock=True)
    if row is None:
        row = TeamRouting(team_id=team.id)
        session.add(row)
    row.strategy = chosen
    row.weight_load, row.weight_skill, row.weight_availability = load, skill, availability
    row.updated_at = now()
    session.flush()
    return row
