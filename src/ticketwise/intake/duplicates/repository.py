"""Queries of duplicate detection and major-incident clusters (indexed; bounded by a limit)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ticketwise.intake.duplicates.models import (
    DuplicateSuggestion,
    IncidentCluster,
    IncidentClusterMember,
    SuggestionState,
)
from ticketwise.tickets.enums import OPEN_STATUSES
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import Role, User

MAX_CANDIDATES = 50
MAX_RECENT = 500


# Only what similarity needs: loading whole tickets (with their eager relationships) for hundreds of
# candidates per new ticket cost more than the comparison itself.
_TEXT_COLUMNS = (Ticket.id, Ticket.number, Ticket.requester_id, Ticket.title, Ticket.description)
TicketText = sa.Row[tuple[int, str, int, str, str]]


def duplicate_candidates(session: Session, ticket: Ticket, since: datetime) -> list[TicketText]:
    """Other open tickets of the same requester created since ``since`` (ix_tickets_requester_created),
    plus open tickets with the same source system and external reference (ix_tickets_source_ref)."""
    same_requester = (
        sa.select(*_TEXT_COLUMNS)
        .where(
            Ticket.requester_id == ticket.requester_id,
            Ticket.created_at >= since,
            Ticket.id != ticket.id,
            Ticket.status.in_(OPEN_STATUSES),
        )
        .order_by(Ticket.created_at.desc())
        .limit(MAX_CANDIDATES)
    )
    found = {t.id: t for t in session.execute(same_requester)}
    if ticket.source_system and ticket.external_ref:
        same_ref = (
            sa.select(*_TEXT_COLUMNS)
            .where(
                Ticket.source_system == ticket.source_system,
                Ticket.external_ref == ticket.external_ref,
                Ticket.id != ticket.id,
                Ticket.status.in_(OPEN_STATUSES),
            )
            .limit(MAX_CANDIDATES)
        )
        found.update({t.id: t for t in session.execute(same_ref)})
    return list(found.values())


def recent_open_tickets(session: Session, since: datetime, exclude_id: int) -> list[TicketText]:
    """Open tickets created since ``since``, newest first (ix_tickets_status_created)."""
    statement = (
        sa.select(*_TEXT_COLUMNS)
        .where(Ticket.status.in_(OPEN_STATUSES), Ticket.created_at >= since, Ticket.id != exclude_id)
        .order_by(Ticket.created_at.desc())
        .limit(MAX_RECENT)
    )
    return list(session.execute(statement))


def get_suggestion(session: Session, suggestion_id: int) -> DuplicateSuggestion | None:
    return session.get(DuplicateSuggestion, suggestion_id)


def find_suggestion(session: Session, ticket_id: int, candidate_id: int) -> DuplicateSuggestion | None:
    return session.scalar(
        sa.select(DuplicateSuggestion).where(
            DuplicateSuggestion.ticket_id == ticket_id, DuplicateSuggestion.candidate_id == candidate_id
        )
    )


def suggested_candidate_ids(session: Session, ticket_id: int) -> set[int]:
    """Candidates already suggested for ``ticket_id`` (whatever the suggestion's state)."""
    statement = sa.select(DuplicateSuggestion.candidate_id).where(DuplicateSuggestion.ticket_id == ticket_id)
    return set(session.scalars(statement))


def open_suggestions_for(session: Session, ticket_id: int) -> list[DuplicateSuggestion]:
    """Open suggestions where the ticket is the newer one or the candidate, best score first."""
    statement = (
        sa.select(DuplicateSuggestion)
        .where(
            sa.or_(DuplicateSuggestion.ticket_id == ticket_id, DuplicateSuggestion.candidate_id == ticket_id),
            DuplicateSuggestion.state == SuggestionState.OPEN,
        )
        .order_by(DuplicateSuggestion.score.desc(), DuplicateSuggestion.id)
    )
    return list(session.scalars(statement))


def in_cluster(session: Session, ticket_id: int) -> bool:
    statement = sa.select(IncidentClusterMember.cluster_id).where(
        IncidentClusterMember.ticket_id == ticket_id
    )
    return session.scalar(statement) is not None


def cluster_of_any(session: Session, ticket_ids: Collection[int]) -> IncidentCluster | None:
    """The (first) cluster one of the tickets belongs to; its members are not loaded."""
    if not ticket_ids:
        return None
    cluster_id = session.scalar(
        sa.select(IncidentClusterMember.cluster_id)
        .where(IncidentClusterMember.ticket_id.in_(list(ticket_ids)))
        .order_by(IncidentClusterMember.cluster_id)
        .limit(1)
    )
    if cluster_id is None:
        return None
    return session.get(IncidentCluster, cluster_id)


def cluster_membership(
    session: Session, other_ids: Collection[int], ticket_id: int
) -> tuple[int | None, bool]:
    """``(first cluster id among ticket_id and other_ids, or None; whether ticket_id is in a cluster)``
    in one query (same answer as :func:`cluster_of_any` followed by :func:`in_cluster`)."""
    statement = (
        sa.select(IncidentClusterMember.cluster_id, IncidentClusterMember.ticket_id)
        .where(IncidentClusterMember.ticket_id.in_([*other_ids, ticket_id]))
        .order_by(IncidentClusterMember.cluster_id)
    )
    rows = session.execute(statement).all()
    if not rows:
        return None, False
    return rows[0].cluster_id, any(row.ticket_id == ticket_id for row in rows)


def supervisor_ids(session: Session) -> list[int]:
    """Active supervisors and administrators: who hears of a possible major incident."""
    statement = (
        sa.select(User.id)
        .where(User.role.in_((Role.ADMIN, Role.SUPERVISOR)), User.is_active.is_(True))
        .order_by(User.id)
    )
    return list(session.scalars(statement))
