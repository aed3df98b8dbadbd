"""The human triage queue: tickets whose type the AI could not decide with enough confidence.

The flag is ``Ticket.needs_triage``; staff see these tickets in the queue view ``triage``. The AI sets
it here (audited, actor ``ai``, and recorded as a ``needs_triage`` decision with its reason); a person
clears it by setting or confirming the type (:func:`ticketwise.tickets.type_change.change_type`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticketwise.ai.decisions import reason, record
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision
from ticketwise.core.events import publish
from ticketwise.core.i18n import N_
from ticketwise.tickets import audit
from ticketwise.tickets.domain_events import TicketUpdated
from ticketwise.tickets.enums import ActorType
from ticketwise.tickets.models import Ticket


def flag_for_triage(
    session: Session, ticket: Ticket, type_decision: AiDecision, threshold: float, text: str
) -> AiDecision:
    """Put ``ticket`` in the triage queue because of ``type_decision`` (made from ``text``) and record
    why (flushes)."""
    if not ticket.needs_triage:
        ticket.needs_triage = True
        audit.record(
            session,
            ticket,
            actor_type=ActorType.AI,
            action="updated",
            field="needs_triage",
            old=False,
            new=True,
            data={"decision_id": type_decision.id},
        )
        publish(session, TicketUpdated(ticket_id=ticket.id, changes=("needs_triage",)))
    return record(
        session,
        ticket_id=ticket.id,
        feature=Feature.TRIAGE,
        attribute="needs_triage",
        value="true",
        confidence=type_decision.confidence,
        reasons=[
            reason(
                N_(
                    "The type %(type)s was only %(confidence)s likely (threshold %(threshold)s): a person decides"
                ),
                type=type_decision.value,
                confidence=type_decision.confidence,
                threshold=threshold,
            )
        ],
        provider=type_decision.provider,
        model=type_decision.model,
        input_text=text,
        output={"type_decision_id": type_decision.id},
        latency_ms=0,
        applied=True,
    )
