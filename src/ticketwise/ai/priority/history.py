"""What history says: the priorities of similar past tickets, as plain frequencies.

"Similar" means the same type, narrowed to the same category and the same organization when enough
such tickets exist; the narrowest group with at least :data:`MIN_SIMILAR` tickets of the last
:data:`HISTORY_DAYS` days is used, so the explanation can always say which group it counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.ai.priority import repository
from ticketwise.core.clock import now
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.models import Ticket

HISTORY_DAYS = 365
MIN_SIMILAR = 10


@dataclass(frozen=True)
class HistoryView:
    priority: Priority
    """The most frequent priority of the group (the more urgent one on a tie)."""
    share: float
    count: int
    narrowed_by: tuple[str, ...]
    """Which of "category" and "organization" the group was narrowed by, besides the type."""


def what_history_says(session: Session, ticket: Ticket) -> HistoryView | None:
    """The priority distribution of the narrowest group of similar tickets that is large enough, or
    None when even all tickets of the type are fewer than :data:`MIN_SIMILAR`."""
    since = now() - timedelta(days=HISTORY_DAYS)
    narrowings = [
        (("category", ticket.category_id), ("organization", ticket.organization_id)),
        (("category", ticket.category_id),),
        (("organization", ticket.organization_id),),
        (),
    ]
    seen: set[tuple[str, ...]] = set()
    for narrowing in narrowings:
        names = tuple(name for name, value in narrowing if value is not None)
        if names in seen:
            continue
        seen.add(names)
        filters = {f"{name}_id": value for name, value in narrowing if value is not None}
        counts = repository.priority_counts(
            session, exclude_ticket_id=ticket.id, type_id=ticket.type_id, since=since, **filters
        )
        total = sum(counts.values())
        if total >= MIN_SIMILAR:
            # Priority's order is P0 first, so max() over (count, -rank) prefers the urgent one on a tie.
            ranked = list(Priority)
            top = max(counts, key=lambda priority: (counts[priority], -ranked.index(priority)))
            return HistoryView(top, counts[top] / total, total, names)
    return None
