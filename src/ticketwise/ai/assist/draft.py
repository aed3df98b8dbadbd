"""Reply draft: from the LLM (Feature.REPLY_DRAFT) grounded in the public thread and the similar
solved cases and articles that retrieval finds; offline, the best-matching past solution adapted, or
an acknowledgement template when nothing fits.

Citations name the cases and articles the draft rests on. The LLM's citations are kept only when
they name one of the hits it was given (its ``ref`` and title are taken from the hit, never from the
model), so a draft cannot point an agent at a case it made up. Internal notes never reach the
prompt: a draft is meant to be sent to the customer. Sensitive data (:mod:`.sensitive`) is redacted
from what the prompt carries and from an adapted past solution, so neither a provider nor another
customer gets a password that was once written in a thread. A draft is a proposal the agent edits
and sends; it changes nothing on the ticket.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Literal

import pydantic
from sqlalchemy.orm import Session

from ticketwise.ai import llm
from ticketwise.ai.assist import adapt
from ticketwise.ai.assist.sensitive import redact
from ticketwise.ai.assist.thread import Language, requester_name, text_language, thread_of, ticket_language
from ticketwise.ai.features import Feature
from ticketwise.ai.retrieval.service import SimilarHit, similar_to_ticket
from ticketwise.tickets import repository as ticket_repository
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import User

HITS = 5
# Below this retrieval score (0..1; 0.5 and above is usually the same problem) a past case is too far
# from this one to be adapted into a draft: a template is better than an unrelated solution.
MIN_OFFLINE_SCORE = 0.3
MAX_CASE_CHARS = 2000

DraftSource = Literal["llm", "case", "article", "template"]


@dataclass(frozen=True)
class Citation:
    """A case (``kind == "ticket"``, ``ref`` its number) or article (``ref`` its slug) a draft uses."""

    kind: str
    id: int
    ref: str
    title: str


@dataclass(frozen=True)
class Draft:
    """A proposed reply. ``source``: ``llm``; offline ``case`` or ``article`` (a past solution
    adapted) or ``template`` (the acknowledgement, when no hit fits)."""

    body: str
    citations: tuple[Citation, ...]
    source: DraftSource
    language: Language
    provider: str
    model: str
    latency_ms: int
    fallback: bool = False  # a provider is configured but did not answer

    @property
    def offline(self) -> bool:
        return self.provider == "builtin"

    @property
    def is_template(self) -> bool:
        return self.source == "template"


class CitationOutput(pydantic.BaseModel):
    kind: Literal["ticket", "article"]
    id: int
    ref: str = ""


class DraftOutput(pydantic.BaseModel):
    """What the LLM must answer: the reply and the cases/articles (as given) it used."""

    body: str = pydantic.Field(min_length=1, max_length=20000)
    citations: list[CitationOutput] = pydantic.Field(default_factory=list, max_length=20)


def _citation(hit: SimilarHit) -> Citation:
    return Citation(kind=hit.kind, id=hit.id, ref=hit.ref, title=hit.title)


def valid_citations(cited: list[CitationOutput], hits: list[SimilarHit]) -> tuple[Citation, ...]:
    """The cited hits, in citation order, each once; citations of anything not given are dropped."""
    given = {(hit.kind, hit.id): hit for hit in hits}
    kept: dict[tuple[str, int], Citation] = {}
    for citation in cited:
        hit = given.get((citation.kind, citation.id))
        if hit is not None:
            kept.setdefault((hit.kind, hit.id), _citation(hit))
    return tuple(kept.values())


def _prompt_variables(
    session: Session, ticket: Ticket, author: User, hits: list[SimilarHit], language: Language
) -> dict[str, object]:
    return {
        "language": language,
        "agent": author.name,
        "ticket": {
            "number": ticket.number,
            "title": ticket.title,
            "requester": requester_name(ticket),
            "type": ticket.type.name,
        },
        "thread": [
            {"author": u.author, "role": u.role, "at": u.created_at.isoformat(), "text": redact(u.text)}
            for u in thread_of(session, ticket, notes=False)
        ],
        "cases": [
            {
                "kind": hit.kind,
                "id": hit.id,
                "ref": hit.ref,
                "title": hit.title,
                "score": round(hit.score, 2),
                "snippet": redact(hit.snippet),
                "solution": redact(hit.solution[:MAX_CASE_CHARS]),
            }
            for hit in hits
        ],
    }


def _solution_of(hit: SimilarHit) -> str:
    return (hit.solution or (hit.snippet if hit.kind == "article" else "")).strip()


def best_offline_hit(hits: list[SimilarHit], language: Language) -> SimilarHit | None:
    """The best-scoring hit with a solution, preferring one written in ``language``; ``None`` when no
    hit reaches :data:`MIN_OFFLINE_SCORE`."""
    usable = [hit for hit in hits if hit.score >= MIN_OFFLINE_SCORE and _solution_of(hit)]
    usable.sort(key=lambda hit: -hit.score)
    same_language = [hit for hit in usable if text_language(_solution_of(hit)) == language]
    return (same_language or usable or [None])[0]


def _old_names(session: Session, hit: SimilarHit) -> list[str]:
    """The names of the requester of the case ``hit`` came from (nothing for an article)."""
    if hit.kind != "ticket":
        return []
    source = ticket_repository.get_ticket(session, hit.id)
    if source is None:
        return []
    names = adapt.name_variants(requester_name(source))
    if source.requester.email:
        names += adapt.name_variants(source.requester.email)
    return names


def offline_draft(
    session: Session, ticket: Ticket, author: User, hits: list[SimilarHit], language: Language
) -> Draft:
    """The best past solution adapted to this requester, or the acknowledgement template."""
    started = time.perf_counter()
    requester = requester_name(ticket) if "@" not in requester_name(ticket) else ""
    hit = best_offline_hit(hits, language)
    body = redact(adapt.adapt_solution(_solution_of(hit), old_names=_old_names(session, hit))) if hit else ""
    if hit is None or not body:
        text = adapt.acknowledgement(
            language, requester=requester, agent=author.name, title=ticket.title, number=ticket.number
        )
        citations: tuple[Citation, ...] = ()
        source: DraftSource = "template"
    else:
        text = adapt.compose(language, requester=requester, agent=author.name, body=body)
        citations = (_citation(hit),)
        source = "case" if hit.kind == "ticket" else "article"
    elapsed = int((time.perf_counter() - started) * 1000)
    model = "template" if source == "template" else "adapted-solution"
    return Draft(text, citations, source, language, "builtin", model, elapsed)


def draft_reply(session: Session, ticket: Ticket, *, author: User) -> Draft:
    """A reply to ``ticket`` for ``author`` to edit, in the ticket's language (see the module
    docstring). Never raises for provider trouble: a failed or timed-out call gives the offline draft."""
    language = ticket_language(ticket)
    hits = similar_to_ticket(session, ticket, limit=HITS, viewer=author)
    answer = llm.ask(
        session,
        Feature.REPLY_DRAFT,
        "reply_draft",
        _prompt_variables(session, ticket, author, hits, language),
        DraftOutput,
        language=language,
    )
    if answer is None or not answer.output.body.strip():
        offline = offline_draft(session, ticket, author, hits, language)
        return replace(offline, fallback=llm.llm_enabled(session, Feature.REPLY_DRAFT))
    return Draft(
        body=answer.output.body.strip(),
        citations=valid_citations(answer.output.citations, hits),
        source="llm",
        language=language,
        provider=answer.provider,
        model=answer.model,
        latency_ms=answer.latency_ms,
    )
