"""Triage by the LLM configured for :data:`Feature.TRIAGE` (prompt files ``ai/prompts/triage.*.md``).

The output model is built per call from the site's active types and categories, so an answer naming
anything else fails validation and the builtin models take over (``ask`` returns None). Confidences
are clamped to 0..1: models round past the edges.
"""

from __future__ import annotations

from typing import Any, Literal

import pydantic
from sqlalchemy.orm import Session

from ticketwise.ai.decisions import reason
from ticketwise.ai.features import Feature
from ticketwise.ai.llm import ask
from ticketwise.ai.triage import repository, store
from ticketwise.ai.triage.predict import Guess
from ticketwise.core.i18n import N_
from ticketwise.tickets.models import Ticket

MAX_REASONS = 3
MAX_INTENT = 100


class _Base(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="ignore")

    urgency: Literal["high", "medium", "low"] | None = None
    intent: str | None = pydantic.Field(None, max_length=MAX_INTENT)
    sentiment: Literal["negative", "neutral", "positive"] | None = None
    type_confidence: float = 0.5
    category_confidence: float | None = None
    urgency_confidence: float | None = None
    reasons: list[str] = pydantic.Field(default_factory=list)


def answer_model(type_slugs: list[str], category_ids: list[str]) -> type[_Base]:
    """The Pydantic output model for these types and categories (``Literal`` choices)."""
    type_choice: Any = Literal[tuple(type_slugs)]  # type: ignore[valid-type]
    category_choice: Any = Literal[tuple(category_ids)] if category_ids else str  # type: ignore[valid-type]
    return pydantic.create_model(
        "TriageAnswer",
        __base__=_Base,
        type=(type_choice, ...),
        category=(category_choice | None, None),
    )


def _clamp(value: float | None) -> float | None:
    return None if value is None else min(1.0, max(0.0, float(value)))


def llm_guesses(session: Session, ticket: Ticket, language: str) -> list[Guess] | None:
    """Guesses for type, category, urgency, intent and sentiment, or None (builtin path)."""
    types = repository.active_types(session)
    categories = repository.active_categories(session)
    slug_of = {t.id: t.slug for t in types}
    intent_model = store.current_model(session, "intent")
    variables = {
        "title": ticket.title,
        "description": ticket.description or "",
        "types": [
            {
                "slug": t.slug,
                "name": t.name,
                "description": t.description,
                "keywords": list((t.ai_hints or {}).get("keywords", []))[:20],
            }
            for t in types
        ],
        "categories": [
            {"id": str(c.id), "type": slug_of.get(c.type_id, ""), "name": c.name} for c in categories
        ],
        "urgencies": ["high", "medium", "low"],
        "intents": intent_model[1].classes[:100] if intent_model else [],
    }
    schema = answer_model([t.slug for t in types], [str(c.id) for c in categories])
    answer = ask(session, Feature.TRIAGE, "triage", variables, schema, language=language)
    if answer is None:
        return None
    out = answer.output
    data = out.model_dump(mode="json")
    explanation = [text.strip() for text in out.reasons if text.strip()][:MAX_REASONS]
    reasons = [
        reason(N_("The LLM (%(provider)s, %(model)s) said: %(explanation)s"),
        provider=answer.provider, model=answer.model, explanation=text)
        for text in explanation
    ] or [reason(N_("Decided by the LLM (%(provider)s, %(model)s)"), provider=answer.provider, model=answer.model)]  # fmt: skip

    category = getattr(out, "category", None)
    category_type = next((c.type_id for c in categories if str(c.id) == category), None)
    if category is not None and slug_of.get(category_type) != out.type:
        category = None  # a category of another type than the one chosen: ignore it

    def make(attribute: str, value: str | None, confidence: float | None) -> Guess:
        return Guess(
            attribute=attribute,
            value=value,
            confidence=_clamp(confidence),
            reasons=reasons,
            output=data,
            model=answer.model,
            latency_ms=answer.latency_ms,
            provider=answer.provider,
        )

    guesses = [make("type", out.type, out.type_confidence)]
    if category is not None:
        guesses.append(make("category", category, out.category_confidence))
    if out.urgency is not None:
        guesses.append(make("urgency", out.urgency, out.urgency_confidence))
    if out.intent:
        guesses.append(make("intent", out.intent.strip()[:MAX_INTENT], out.type_confidence))
    if out.sentiment is not None:
        guesses.append(make("sentiment", out.sentiment, None))
    return guesses
