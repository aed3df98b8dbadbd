"""The document sources by kind.

Tickets are built in (``"ticket"``). The knowledge domain registers ``"article"`` when it loads: it
sits above ``ai`` in the layers, so the index cannot import it and waits to be told instead.
"""

from __future__ import annotations

from ticketwise.ai.retrieval.sources import DocumentSource
from ticketwise.ai.retrieval.ticket_source import KIND as TICKET_KIND
from ticketwise.ai.retrieval.ticket_source import TicketSource

_sources: dict[str, DocumentSource] = {TICKET_KIND: TicketSource()}


def register_document_source(kind: str, source: DocumentSource) -> None:
    """Make ``kind`` documents indexable (idempotent; the last registration of a kind wins)."""
    _sources[kind] = source


def source_for(kind: str) -> DocumentSource | None:
    return _sources.get(kind)


def registered_kinds() -> tuple[str, ...]:
    return tuple(_sources)
