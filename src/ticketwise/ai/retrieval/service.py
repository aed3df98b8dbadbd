"""Similar solved tickets and articles for a ticket or a piece of text (DESIGN §7).

Lookups are suggestions shown to people, not decisions, so no decision record is written. Scores are
in 0..1 and mean the same for every query (see :mod:`.memory`): 1 is the document itself, 0.5 and
above is usually the same problem. The index is brought up to date before each lookup (:mod:`.sync`),
so a ticket resolved in another process is found here too.

Exclusions: the ticket asked about, tickets that are no longer solved or were merged (they leave the
index), and, when a ``viewer`` is given, whatever that person may not open (:mod:`.access`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ticketwise.ai.retrieval import repository
from ticketwise.ai.retrieval.access import visible_hits
from ticketwise.ai.retrieval.embedder import default_embedder
from ticketwise.ai.retrieval.memory import DocumentKey, script_of
from ticketwise.ai.retrieval.registry import register_document_source
from ticketwise.ai.retrieval.sources import DocumentSource
from ticketwise.ai.retrieval.sync import process_index
from ticketwise.ai.retrieval.ticket_source import KIND as TICKET_KIND
from ticketwise.ai.text.tokenize import words
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import User

__all__ = [
    "DocumentSource",
    "SimilarHit",
    "register_document_source",
    "similar_to_text",
    "similar_to_ticket",
]

MIN_SCORE = 0.15
"""Below this a hit shares a stray word or two and nothing else; showing it would only be noise."""
MAX_LIMIT = 50
QUERY_CHARS = 4000
CUSTOMER_MESSAGES = 3


@dataclass(frozen=True)
class SimilarHit:
    """One similar document. ``ref`` is the ticket number or article slug; ``solution`` the resolving
    reply (may be empty); ``score`` 0..1."""

    kind: str
    id: int
    ref: str
    title: str
    score: float
    snippet: str
    solution: str

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_to_text(
    session: Session,
    text: str,
    *,
    limit: int = 5,
    kinds: Sequence[str] = ("ticket", "article"),
    viewer: User | None = None,
    exclude: Sequence[tuple[str, int]] = (),
    min_score: float = MIN_SCORE,
) -> list[SimilarHit]:
    """The best ``limit`` (1..50) documents of ``kinds`` for ``text``, best first.

    ``exclude`` lists ``(kind, id)`` pairs never to return. With ``viewer`` only what that person may
    open is returned (the index is searched deeper so filtering does not shorten the list).
    """
    limit = max(1, min(limit, MAX_LIMIT))
    text = (text or "")[:QUERY_CHARS]
    tokens = words(text)
    embedder = default_embedder()
    vector = embedder.embed([text])[0] if embedder is not None and text.strip() else None
    if not tokens and vector is None:
        return []
    depth = limit * 3 + 5 if viewer is not None else limit
    excluded = [DocumentKey(kind, source_id) for kind, source_id in exclude]
    with process_index(session).synced(session) as index:
        scored = index.search(
            tokens,
            vector,
            script=script_of(text),
            limit=depth,
            kinds=tuple(kinds),
            exclude=excluded,
            min_score=min_score,
        )
    rows = repository.documents_by_keys(session, [(s.key.kind, s.key.source_id) for s in scored])
    hits = []
    for slot in scored:
        row = rows.get((slot.key.kind, slot.key.source_id))
        if row is None or row.revision != slot.revision:
            continue  # changed since this process last synced; the next lookup has the new version
        hits.append(
            SimilarHit(
                kind=row.kind,
                id=row.source_id,
                ref=row.ref,
                title=row.title,
                score=round(min(max(slot.score, 0.0), 1.0), 4),
                snippet=row.snippet,
                solution=row.solution,
            )
        )
    if viewer is not None:
        hits = visible_hits(session, viewer, hits)
    return hits[:limit]


def ticket_query_text(session: Session, ticket: Ticket) -> str:
    """What a ticket asks: its title, description and the customer's first follow-ups."""
    parts = [ticket.title, ticket.description or ""]
    parts += repository.customer_messages(session, ticket.id, limit=CUSTOMER_MESSAGES)
    return "\n".join(part for part in parts if part)


def similar_to_ticket(
    session: Session, ticket: Ticket, *, limit: int = 5, viewer: User | None = None
) -> list[SimilarHit]:
    """Solved tickets (and articles) like ``ticket``, never ``ticket`` itself; see :func:`similar_to_text`."""
    return similar_to_text(
        session,
        ticket_query_text(session, ticket),
        limit=limit,
        viewer=viewer,
        exclude=[(TICKET_KIND, ticket.id)],
    )
