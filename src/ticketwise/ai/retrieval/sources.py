"""What a source of indexed documents provides (one ``DocumentSource`` per kind; see :mod:`.registry`).

A source answers three questions: every document it has (for a rebuild), one document by id (for an
incremental update; None = it does not belong in the index), and which of some ids a person may see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from ticketwise.users.models import User


@dataclass(frozen=True)
class SourceDocument:
    """What a source hands to the index.

    ``text`` is what BM25 matches (title included); ``question`` is what the semantic vector is made
    of: the problem a hit answers, since a new ticket's text is a problem too (a ticket's title and
    description, without the replies). ``snippet`` and ``solution`` are what a hit shows (the
    resolving reply, or the article's body).
    """

    source_id: int
    ref: str
    title: str
    text: str
    question: str
    snippet: str
    solution: str
    language: str | None = None


class DocumentSource(Protocol):
    def documents(self, session: Session) -> Iterable[SourceDocument]:
        """Every document that belongs in the index now."""
        ...

    def document(self, session: Session, source_id: int) -> SourceDocument | None:
        """The document for ``source_id``, or None when it must not be in the index."""
        ...

    def visible_ids(self, session: Session, viewer: User, ids: Sequence[int]) -> set[int]:
        """Those of ``ids`` that ``viewer`` may open."""
        ...


def snippet_of(text: str, limit: int) -> str:
    """``text`` with whitespace collapsed, cut at a word boundary near ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip() + "…"
