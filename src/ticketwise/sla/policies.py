"""Which SLA policy applies to a ticket (DESIGN §6).

A ticket type may name a policy (its "SLA policy override"); otherwise the first active policy by
position whose conditions all match wins, and the default policy matches everything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.sla.defaults import ensure_default_policy
from ticketwise.sla.models import SlaPolicy
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.types.models import TicketType

# Ticket fields the conditions read: a change to one of them re-applies the policy.
MATCHED_FIELDS = frozenset({"type_id", "category_id", "organization_id", "channel", "priority"})


@dataclass(frozen=True)
class TicketFacts:
    type_id: int | None
    category_id: int | None
    organization_id: int | None
    channel: str | None
    priority: str

    @classmethod
    def of(cls, ticket: Ticket) -> TicketFacts:
        return cls(
            type_id=ticket.type_id,
            category_id=ticket.category_id,
            organization_id=ticket.organization_id,
            channel=ticket.channel.value if ticket.channel else None,
            priority=ticket.priority.value,
        )


def _allows(values: Iterable[object] | None, value: object) -> bool:
    wanted = [str(v) for v in values or ()]
    return not wanted or (value is not None and str(value) in wanted)


def conditions_match(conditions: dict[str, list[object]] | None, facts: TicketFacts) -> bool:
    """True when every non-empty condition list contains the ticket's value."""
    conditions = conditions or {}
    return (
        _allows(conditions.get("type_ids"), facts.type_id)
        and _allows(conditions.get("category_ids"), facts.category_id)
        and _allows(conditions.get("organization_ids"), facts.organization_id)
        and _allows(conditions.get("channels"), facts.channel)
        and _allows(conditions.get("priorities"), facts.priority)
    )


def match_policy(session: Session, facts: TicketFacts) -> SlaPolicy:
    """The policy for a ticket with ``facts``; creates the default policy if it does not exist yet."""
    if facts.type_id is not None:
        override = session.scalar(sa.select(TicketType.sla_policy_id).where(TicketType.id == facts.type_id))
        if override is not None:
            policy = session.get(SlaPolicy, override)
            if policy is not None and policy.is_active:
                return policy
    # The candidates and the default policy in one query (the default is the fallback whatever its
    # position or active flag, as :func:`ensure_default_policy` finds it).
    rows = session.scalars(
        sa.select(SlaPolicy)
        .where(sa.or_(SlaPolicy.is_active.is_(True), SlaPolicy.is_default.is_(True)))
        .order_by(SlaPolicy.position, SlaPolicy.id)
    ).all()
    fallback = None
    for policy in rows:
        if policy.is_default:
            fallback = fallback or policy
        elif policy.is_active and conditions_match(policy.conditions, facts):
            return policy
    return fallback or ensure_default_policy(session)


def applied_policy(session: Session, ticket: Ticket) -> SlaPolicy:
    """The policy already applied to ``ticket``, or a freshly matched one when it has none (or the
    applied one was deleted)."""
    if ticket.sla_policy_id is not None:
        policy = session.get(SlaPolicy, ticket.sla_policy_id)
        if policy is not None:
            return policy
    return match_policy(session, TicketFacts.of(ticket))
