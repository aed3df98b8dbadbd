"""Reads of webhook sources for a user (administrators only); 404 for an unknown id."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketwise.core.errors import NotFound
from ticketwise.core.i18n import N_
from ticketwise.intake.webhooks import repository
from ticketwise.intake.webhooks.models import DeliveryStatus, WebhookCallback, WebhookDelivery, WebhookSource
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin


def list_sources(session: Session, viewer: User | None) -> list[WebhookSource]:
    require_admin(viewer)
    return repository.all_sources(session)


def access_source(session: Session, viewer: User | None, source_id: int) -> WebhookSource:
    require_admin(viewer)
    source = repository.get_source(session, source_id)
    if source is None:
        raise NotFound(N_("This webhook source does not exist."))
    return source


def access_delivery(
    session: Session, viewer: User | None, source: WebhookSource, delivery_id: int
) -> WebhookDelivery:
    require_admin(viewer)
    delivery = repository.get_delivery(session, delivery_id)
    if delivery is None or delivery.source_id != source.id:
        raise NotFound(N_("This delivery does not exist."))
    return delivery


@dataclass(frozen=True)
class SourceActivity:
    deliveries: list[WebhookDelivery]
    callbacks: list[WebhookCallback]
    quarantined: int


def source_activity(session: Session, viewer: User | None, source: WebhookSource) -> SourceActivity:
    """The source's recent deliveries and callback attempts (newest first) and its quarantine count."""
    require_admin(viewer)
    return SourceActivity(
        deliveries=repository.recent_deliveries(session, source.id),
        callbacks=repository.recent_callbacks(session, source.id),
        quarantined=repository.count_deliveries(session, source.id, DeliveryStatus.QUARANTINED),
    )


def quarantined_deliveries(session: Session, viewer: User | None) -> list[tuple[WebhookSource, int]]:
    """Each webhook source with deliveries in quarantine, and their number (for the quarantine page,
    which lists e-mail items itself and sends admins to each source's page for its deliveries)."""
    require_admin(viewer)
    return repository.quarantine_counts(session)
