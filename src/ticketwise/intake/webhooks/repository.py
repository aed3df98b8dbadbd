"""Queries of the webhook sources, their deliveries, references and callbacks."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.intake.webhooks.models import (
    DeliveryStatus,
    WebhookCallback,
    WebhookDelivery,
    WebhookRef,
    WebhookSource,
)
from ticketwise.tickets.models import TicketEvent, TicketMessage


def get_source(session: Session, source_id: int) -> WebhookSource | None:
    return session.get(WebhookSource, source_id)


def source_by_slug(session: Session, slug: str) -> WebhookSource | None:
    return session.scalar(sa.select(WebhookSource).where(WebhookSource.slug == slug))


def all_sources(session: Session) -> list[WebhookSource]:
    return list(session.scalars(sa.select(WebhookSource).order_by(WebhookSource.name, WebhookSource.id)))


def get_delivery(session: Session, delivery_id: int) -> WebhookDelivery | None:
    return session.get(WebhookDelivery, delivery_id)


def recent_deliveries(session: Session, source_id: int, *, limit: int = 20) -> list[WebhookDelivery]:
    statement = (
        sa.select(WebhookDelivery)
        .where(WebhookDelivery.source_id == source_id)
        .order_by(WebhookDelivery.received_at.desc(), WebhookDelivery.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def count_deliveries(session: Session, source_id: int, status: DeliveryStatus) -> int:
    statement = sa.select(sa.func.count()).where(
        WebhookDelivery.source_id == source_id, WebhookDelivery.status == status
    )
    return int(session.scalar(statement) or 0)


def quarantine_counts(session: Session) -> list[tuple[WebhookSource, int]]:
    """Sources with quarantined deliveries and how many, by name (ix on source and status)."""
    counts = (
        sa.select(WebhookDelivery.source_id, sa.func.count().label("n"))
        .where(WebhookDelivery.status == DeliveryStatus.QUARANTINED)
        .group_by(WebhookDelivery.source_id)
        .subquery()
    )
    statement = (
        sa.select(WebhookSource, counts.c.n)
        .join(counts, counts.c.source_id == WebhookSource.id)
        .order_by(WebhookSource.name)
    )
    return [(source, int(n)) for source, n in session.execute(statement)]


def ref_for(session: Session, source_id: int, external_ref: str) -> WebhookRef | None:
    return session.scalar(
        sa.select(WebhookRef).where(
            WebhookRef.source_id == source_id, WebhookRef.external_ref == external_ref
        )
    )


def refs_of_ticket(session: Session, ticket_id: int) -> list[WebhookRef]:
    return list(session.scalars(sa.select(WebhookRef).where(WebhookRef.ticket_id == ticket_id)))


def recent_callbacks(session: Session, source_id: int, *, limit: int = 20) -> list[WebhookCallback]:
    statement = (
        sa.select(WebhookCallback)
        .where(WebhookCallback.source_id == source_id)
        .order_by(WebhookCallback.created_at.desc(), WebhookCallback.id.desc())
        .limit(limit)
    )
    return list(session.scalars(statement))


def event_count(session: Session, ticket_id: int) -> int:
    return int(session.scalar(sa.select(sa.func.count()).where(TicketEvent.ticket_id == ticket_id)) or 0)


def has_message(session: Session, ticket_id: int, body: str) -> bool:
    """Whether the ticket already has a message with exactly this text (a resent comment)."""
    statement = (
        sa.select(TicketMessage.id)
        .where(TicketMessage.ticket_id == ticket_id, TicketMessage.body_text == body)
        .limit(1)
    )
    return session.scalar(statement) is not None
