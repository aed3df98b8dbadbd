"""/api/v1: the AI decisions on a ticket, and accepting or overriding one (staff only).

Each decision carries its reasons twice: ``reasons`` rendered in the request's language, and
``reason_codes`` as stored (untranslated message and parameters) for clients that translate
themselves. Customers never see AI decisions (403).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ticketwise.ai import decisions
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision, DecisionStatus
from ticketwise.api.deps import ApiSession, ObjectId, StaffUser
from ticketwise.api.errors import problem_responses
from ticketwise.api.ticket_refs import TicketRef, ticket_for

router = APIRouter(tags=["ai"])


class ReasonCode(BaseModel):
    msg: str = Field(description="Untranslated message (an English msgid with %(name)s placeholders).")
    params: dict[str, Any] = Field(default_factory=dict)


class ReviewerOut(BaseModel):
    id: int
    name: str


class DecisionOut(BaseModel):
    id: int
    ticket_id: int
    feature: Feature
    attribute: str = Field(description="What was decided: type, category, priority, team, assignee, ...")
    value: str | None = Field(description="The AI's value (type slug, category/team/user id, P1, ...).")
    confidence: float | None = Field(description="0 to 1.")
    reasons: list[str] = Field(description="Why, in the request's language.")
    reason_codes: list[ReasonCode]
    provider: str = Field(description="`builtin`, or the name of the LLM provider configuration.")
    model: str
    latency_ms: int
    applied: bool = Field(description="Whether the value was applied to the ticket.")
    status: DecisionStatus
    override_value: str | None
    reviewed_by: ReviewerOut | None
    reviewed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, decision: AiDecision) -> DecisionOut:
        reviewer = decision.reviewed_by
        return cls(
            id=decision.id,
            ticket_id=decision.ticket_id,
            feature=decision.feature,
            attribute=decision.attribute,
            value=decision.value,
            confidence=decision.confidence,
            reasons=decisions.render_reasons(decision.reasons),
            reason_codes=[
                ReasonCode(msg=str(r.get("msg")), params=r.get("params") or {})
                for r in decision.reasons or []
                if isinstance(r, dict) and r.get("msg")
            ],
            provider=decision.provider,
            model=decision.model,
            latency_ms=decision.latency_ms,
            applied=decision.applied,
            status=decision.status,
            override_value=decision.override_value,
            reviewed_by=ReviewerOut(id=reviewer.id, name=reviewer.name) if reviewer else None,
            reviewed_at=decision.reviewed_at,
            created_at=decision.created_at,
        )


class OverrideIn(BaseModel):
    value: str = Field(
        max_length=1000,
        description="The value to apply instead: a type slug, a category/team/user id (empty clears "
        "it), P0-P3, high/medium/low, or text for intent, sentiment, language and keywords (comma-separated).",
    )


@router.get(
    "/tickets/{ticket}/ai/decisions",
    response_model=list[DecisionOut],
    summary="AI decisions on a ticket (staff)",
    responses=problem_responses(403, 404),
)
def list_ticket_decisions(ticket_ref: TicketRef, session: ApiSession, user: StaffUser) -> list[DecisionOut]:
    """Every decision AI features made on the ticket, oldest first, with confidence, reasons and review."""
    ticket = ticket_for(session, user, ticket_ref)
    return [DecisionOut.of(d) for d in decisions.list_decisions(session, user, ticket)]


@router.post(
    "/ai/decisions/{decision_id}/accept",
    response_model=DecisionOut,
    summary="Accept an AI decision (staff)",
    responses=problem_responses(403, 404, 409, 422),
)
def accept_decision(decision_id: ObjectId, session: ApiSession, user: StaffUser) -> DecisionOut:
    """Confirm the decision; one that was only suggested is applied to the ticket now. 409 when it
    was already reviewed."""
    decision = decisions.access_decision(session, user, decision_id)
    decisions.accept(session, user, decision)
    return DecisionOut.of(decision)


@router.post(
    "/ai/decisions/{decision_id}/override",
    response_model=DecisionOut,
    summary="Override an AI decision (staff)",
    responses=problem_responses(403, 404, 422),
)
def override_decision(
    decision_id: ObjectId, data: OverrideIn, session: ApiSession, user: StaffUser
) -> DecisionOut:
    """Apply another value to the ticket instead of the AI's (audited as the caller); the value is
    kept as a training label. 422 names ``value`` when it is not allowed for the attribute."""
    decision = decisions.access_decision(session, user, decision_id)
    decisions.override(session, user, decision, data.value)
    return DecisionOut.of(decision)
