"""Writes to the documents table: index, re-index or remove one document.

Every write takes the next revision of the change counter in the same transaction, which is how the
other processes learn about it (:mod:`.sync`). Services flush; the caller's unit of work commits.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy.orm import Session

from ticketwise.ai.retrieval import repository
from ticketwise.ai.retrieval.embedder import Embedder, default_embedder
from ticketwise.ai.retrieval.registry import source_for
from ticketwise.ai.retrieval.sources import SourceDocument
from ticketwise.ai.text.tokenize import words


def vector_bytes(vector: np.ndarray) -> bytes:
    """A unit vector as stored: float16, half the bytes of float32 and precise enough for cosine."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def document_terms(text: str) -> list[str]:
    """BM25 terms of a document. Stored space-separated, so a term holding a space is dropped."""
    return [token for token in words(text) if not any(char.isspace() for char in token)]


def row_values(
    kind: str,
    document: SourceDocument,
    tokens: list[str],
    vector: np.ndarray | None,
    embedder: Embedder | None,
) -> dict[str, object]:
    """The documents-table row for ``document`` (without its revision)."""
    return {
        "kind": kind,
        "source_id": document.source_id,
        "ref": document.ref[:200],
        "language": (document.language or None) and document.language[:10],
        "title": document.title[:300],
        "tokens": " ".join(tokens),
        "token_count": len(tokens),
        "embedding": None if vector is None else vector_bytes(vector),
        "embedder": None if vector is None or embedder is None else embedder.name,
        "snippet": document.snippet,
        "solution": document.solution,
    }


def index_document(session: Session, kind: str, document: SourceDocument) -> None:
    """Add ``document`` to the index or replace its previous version."""
    embedder = default_embedder()
    tokens = document_terms(document.text)
    vector = embedder.embed([document.question])[0] if embedder is not None else None
    values = row_values(kind, document, tokens, vector, embedder)
    values["revision"] = repository.next_revision(session)
    repository.upsert_document(session, values)
    session.flush()


def remove_document(session: Session, kind: str, source_id: int) -> None:
    """Take the document out of the index (a no-op, with no new revision, when it is not there)."""
    if not repository.is_indexed(session, kind, source_id):
        return
    repository.deactivate_document(session, kind, source_id, repository.next_revision(session))
    session.flush()


def refresh_document(session: Session, kind: str, source_id: int) -> None:
    """Bring one document in line with its source: (re-)index it if it belongs in the index, else
    remove it. Raises KeyError for a kind no source is registered for."""
    source = source_for(kind)
    if source is None:
        raise KeyError(kind)
    document = source.document(session, source_id)
    if document is None:
        remove_document(session, kind, source_id)
    else:
        index_document(session, kind, document)
