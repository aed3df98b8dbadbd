"""API shapes of the similar-case lookup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from ticketwise.ai.retrieval.service import SimilarHit


class SimilarHitOut(BaseModel):
    kind: str = Field(description='"ticket" or "article".', examples=["ticket"])
    id: int = Field(description="The ticket's or article's id.")
    number: str | None = Field(
        description="The ticket's number; null for an article.", examples=["TW-20261126-0042"]
    )
    ref: str = Field(description="The ticket's number or the article's slug.")
    title: str
    score: float = Field(
        ge=0, le=1, description="Similarity from 0 to 1 (1: the same text).", examples=[0.87]
    )
    snippet: str = Field(description="The beginning of the ticket's description (or the article).")
    solution: str = Field(description="The reply that resolved the ticket (may be empty).")

    @classmethod
    def of(cls, hit: SimilarHit) -> SimilarHitOut:
        return cls(
            kind=hit.kind,
            id=hit.id,
            number=hit.ref if hit.kind == "ticket" else None,
            ref=hit.ref,
            title=hit.title,
            score=hit.score,
            snippet=hit.snippet,
            solution=hit.solution,
        )
