"""Rebuild the documents table from every source (``ticketwise ai reindex``; after changing the
tokenizer or the embedder).

Each source's documents are written again in batches, embedded in batches, each batch under one new
revision; documents the source no longer has are removed. Every process notices the new revisions and
catches up on its next lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from sqlalchemy.orm import Session

from ticketwise.ai.retrieval import repository
from ticketwise.ai.retrieval.documents import document_terms, row_values
from ticketwise.ai.retrieval.embedder import default_embedder
from ticketwise.ai.retrieval.registry import registered_kinds, source_for
from ticketwise.ai.retrieval.sources import SourceDocument

BATCH = 500

Progress = Callable[[str, int], None]
"""Called as ``progress(kind, documents_done_so_far)`` after each batch."""


def _batches(documents: Iterable[SourceDocument]) -> Iterator[list[SourceDocument]]:
    iterator = iter(documents)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def rebuild_index(session: Session, progress: Progress | None = None) -> dict[str, int]:
    """Re-index every document of every registered source; returns the count per kind.

    Flushes only: the caller commits (for 100,000 tickets, in one transaction of a few minutes).
    """
    embedder = default_embedder()
    counts: dict[str, int] = {}
    for kind in registered_kinds():
        source = source_for(kind)
        assert source is not None
        seen: set[int] = set()
        for batch in _batches(source.documents(session)):
            vectors = embedder.embed([d.question for d in batch]) if embedder is not None else None
            revision = repository.next_revision(session)
            for i, document in enumerate(batch):
                tokens = document_terms(document.text)
                values = row_values(kind, document, tokens, None if vectors is None else vectors[i], embedder)
                values["revision"] = revision
                repository.upsert_document(session, values)
                seen.add(document.source_id)
            session.flush()
            if progress is not None:
                progress(kind, len(seen))
        stale = [source_id for source_id in repository.active_ids(session, kind) if source_id not in seen]
        if stale:
            revision = repository.next_revision(session)
            for source_id in stale:
                repository.deactivate_document(session, kind, source_id, revision)
        counts[kind] = len(seen)
    session.flush()
    return counts
