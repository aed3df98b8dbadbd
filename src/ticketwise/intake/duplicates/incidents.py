"""Possible major incidents: many similar tickets from different requesters in a short time (DESIGN §5).

For a new ticket, the open tickets created in the last ``intake.major_incident_window_minutes`` that
score at least ``intake.major_incident_similarity`` against it form its cluster. When the cluster has
at least ``intake.major_incident_min_requesters`` different requesters, supervisors and administrators
are alerted (``PeopleAlerted(kind="intake.major_incident")``) with the cluster's ticket numbers, once:
the cluster is stored, each ticket belongs to at most one, and a later similar ticket joins the
existing cluster silently.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from ticketwise.config import IntakeSettings, get_settings
from ticketwise.core.clock import now
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_
from ticketwise.intake.duplicates import repository
from ticketwise.intake.duplicates.models import IncidentCluster, IncidentClusterMember
from ticketwise.intake.duplicates.similarity import cached_ticket_features, cosine
from ticketwise.tickets import audit
from ticketwise.tickets.domain_events import PeopleAlerted
from ticketwise.tickets.models import Ticket

ALERT_KIND = "intake.major_incident"
ALERT_MESSAGE = N_(
    "Possible major incident: %(count)s similar tickets from different requesters: %(numbers)s"
)


def detect_major_incident(
    session: Session, ticket: Ticket, settings: IntakeSettings | None = None
) -> IncidentCluster | None:
    """The cluster newly raised because of ``ticket``, or None (no cluster, or one already raised,
    which ``ticket`` then joins). Flushes, never commits; the alert is sent after commit."""
    settings = settings or get_settings().intake
    since = ticket.created_at - timedelta(minutes=settings.major_incident_window_minutes)
    recent = repository.recent_open_tickets(session, since, ticket.id)
    if len(recent) + 1 < settings.major_incident_min_requesters:
        return None  # too few tickets for enough different requesters, however similar
    mine = cached_ticket_features(ticket.title, ticket.description)
    similar = [
        other
        for other in recent
        if cosine(mine, cached_ticket_features(other.title, other.description))
        >= settings.major_incident_similarity
    ]
    requesters = {other.requester_id for other in similar} | {ticket.requester_id}
    if len(requesters) < settings.major_incident_min_requesters:
        return None
    existing_id, ticket_in_cluster = repository.cluster_membership(
        session, [other.id for other in similar], ticket.id
    )
    if existing_id is not None:
        if not ticket_in_cluster:
            session.add(IncidentClusterMember(cluster_id=existing_id, ticket_id=ticket.id))
            audit.record(session, ticket, action="incident_joined", data={"cluster_id": existing_id})
            session.flush()
        return None

    tickets = sorted([*similar, ticket], key=lambda t: t.id)
    cluster = IncidentCluster(
        first_ticket_id=tickets[0].id,
        alerted_at=now(),
        members=[IncidentClusterMember(ticket_id=t.id) for t in tickets],
    )
    session.add(cluster)
    session.flush()
    numbers = ", ".join(t.number for t in tickets)
    audit.record(
        session,
        ticket,
        action="major_incident_suspected",
        data={
            "source": "intake.duplicates",
            "cluster_id": cluster.id,
            "tickets": [t.number for t in tickets],
        },
    )
    session.flush()
    recipients = tuple(repository.supervisor_ids(session))
    if recipients:
        publish(
            session,
            PeopleAlerted(
                ticket_id=ticket.id,
                user_ids=recipients,
                kind=ALERT_KIND,
                message=ALERT_MESSAGE,
                params=(("count", str(len(tickets))), ("numbers", numbers)),
            ),
        )
    return cluster
