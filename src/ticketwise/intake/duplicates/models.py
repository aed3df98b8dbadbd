"""ORM models of duplicate suggestions and major-incident clusters."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ticketwise.core.clock import now
from ticketwise.core.db import Base, UTCDateTime, str_enum
from ticketwise.tickets.models import Ticket


class SuggestionState(enum.StrEnum):
    OPEN = "open"  # shown on the ticket page, waiting for a person
    MERGED = "merged"
    LINKED = "linked"  # by staff, or by the system above ``intake.auto_merge_threshold``
    DISMISSED = "dismissed"


class DuplicateSuggestion(Base):
    """``ticket`` (the newer one) is probably a duplicate of ``candidate``, with a score in 0..1."""

    __tablename__ = "duplicate_suggestions"
    __table_args__ = (sa.UniqueConstraint("ticket_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(sa.Float)
    state: Mapped[SuggestionState] = mapped_column(str_enum(SuggestionState), default=SuggestionState.OPEN)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    ticket: Mapped[Ticket] = relationship(foreign_keys=[ticket_id])
    candidate: Mapped[Ticket] = relationship(foreign_keys=[candidate_id])


class IncidentCluster(Base):
    """Similar tickets from different requesters in a short time; alerted once."""

    __tablename__ = "incident_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_ticket_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id", ondelete="SET NULL"))
    alerted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    # Loaded only when asked for: a cluster can grow large, and intake only adds to it.
    members: Mapped[list[IncidentClusterMember]] = relationship(cascade="all, delete-orphan")


class IncidentClusterMember(Base):
    __tablename__ = "incident_cluster_members"

    cluster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("incident_clusters.id", ondelete="CASCADE"), primary_key=True
    )
    # A ticket belongs to at most one cluster: what keeps a cluster from being raised twice.
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
