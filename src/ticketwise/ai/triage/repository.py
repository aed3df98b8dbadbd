"""Queries of the triage domain: the labelled history the models learn from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.ai.triage.models import TrainedModel
from ticketwise.tickets.enums import ActorType, Channel, Level
from ticketwise.tickets.models import Ticket, TicketEvent
from ticketwise.tickets.types.models import Category, TicketType

BATCH = 2000


@dataclass(frozen=True)
class HistoryRow:
    ticket_id: int
    title: str
    description: str
    type_slug: str
    category_id: int | None
    urgency: Level | None
    intent: str | None
    channel: Channel
    created_by_id: int | None


def history_rows(session: Session) -> Iterator[HistoryRow]:
    """Every ticket not waiting for human triage, in id order, streamed in batches."""
    statement = (
        sa.select(
            Ticket.id,
            Ticket.title,
            Ticket.description,
            TicketType.slug,
            Ticket.category_id,
            Ticket.urgency,
            Ticket.intent,
            Ticket.channel,
            Ticket.created_by_id,
        )
        .join(TicketType, TicketType.id == Ticket.type_id)
        .where(Ticket.needs_triage.is_(False))
        .order_by(Ticket.id)
        .execution_options(yield_per=BATCH)
    )
    for row in session.execute(statement):
        yield HistoryRow(*row)


def last_actor_per_field(session: Session, fields: tuple[str, ...]) -> dict[str, dict[int, ActorType]]:
    """``{field: {ticket id: actor type of the latest change}}`` from the audit trail."""
    statement = (
        sa.select(TicketEvent.field, TicketEvent.ticket_id, TicketEvent.actor_type)
        .where(TicketEvent.action == "updated", TicketEvent.field.in_(fields))
        .order_by(TicketEvent.id)
        .execution_options(yield_per=BATCH)
    )
    latest: dict[str, dict[int, ActorType]] = {field: {} for field in fields}
    for field, ticket_id, actor_type in session.execute(statement):
        latest[field][ticket_id] = actor_type
    return latest


def labelled_since(session: Session, moment: datetime | None) -> int:
    """Tickets created or changed by people after ``moment`` (all tickets when None): whether a
    retraining could learn anything new."""
    statement = (
        sa.select(sa.func.count()).select_from(TicketEvent).where(TicketEvent.actor_type == ActorType.USER)
    )
    if moment is not None:
        statement = statement.where(TicketEvent.created_at > moment)
    return int(session.execute(statement).scalar_one())


def last_training(session: Session) -> datetime | None:
    return session.execute(sa.select(sa.func.max(TrainedModel.trained_at))).scalar_one()


def active_types(session: Session) -> list[TicketType]:
    return list(
        session.scalars(sa.select(TicketType).where(TicketType.is_active).order_by(TicketType.position))
    )


def active_categories(session: Session) -> list[Category]:
    return list(
        session.scalars(
            sa.select(Category)
            .join(TicketType, TicketType.id == Category.type_id)
            .where(Category.is_active, TicketType.is_active)
            .order_by(Category.type_id, Category.position)
        )
    )


def model_rows(session: Session) -> list[TrainedModel]:
    """The newest row of every target."""
    newest = (
        sa.select(TrainedModel.target, sa.func.max(TrainedModel.version).label("version"))
        .group_by(TrainedModel.target)
        .subquery()
    )
    return list(
        session.scalars(
            sa.select(TrainedModel)
            .join(
                newest,
                sa.and_(TrainedModel.target == newest.c.target, TrainedModel.version == newest.c.version),
            )
            .order_by(TrainedModel.target)
        )
    )


def newest_models(session: Session, target: str, limit: int) -> list[TrainedModel]:
    """The ``limit`` newest registered versions of ``target``'s model, newest first."""
    return list(
        session.scalars(
            sa.select(TrainedModel)
            .where(TrainedModel.target == target)
            .order_by(TrainedModel.version.desc())
            .limit(limit)
        )
    )
