"""Queries of AI decision records."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.ai.models import AiDecision, DecisionStatus


def decisions_of_ticket(session: Session, ticket_id: int) -> list[AiDecision]:
    """The ticket's decisions, oldest first."""
    return list(
        session.scalars(
            sa.select(AiDecision)
            .where(AiDecision.ticket_id == ticket_id)
            .order_by(AiDecision.created_at, AiDecision.id)
        )
    )


def reviewed_values(
    session: Session, attribute: str, statuses: Sequence[DecisionStatus]
) -> list[sa.Row[tuple[int, DecisionStatus, str | None, str | None]]]:
    """``(ticket_id, status, value, override_value)`` of the reviewed decisions on ``attribute``,
    by ticket and then in review order (the last one of a ticket is its latest)."""
    return list(
        session.execute(
            sa.select(AiDecision.ticket_id, AiDecision.status, AiDecision.value, AiDecision.override_value)
            .where(AiDecision.attribute == attribute, AiDecision.status.in_(list(statuses)))
            .order_by(AiDecision.ticket_id, AiDecision.reviewed_at, AiDecision.id)
        )
    )
