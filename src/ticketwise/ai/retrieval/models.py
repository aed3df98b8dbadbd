"""Tables of the similar-case index (DESIGN §7).

``ai_similar_documents`` holds one row per indexed document (a resolved ticket, later a knowledge
article): what the in-memory index of every process is built from, plus what a hit shows. A document
that leaves the index (a reopened or merged ticket) keeps its row with ``active`` false, so the other
processes learn about the removal from the same change feed.

``ai_similar_state`` is a single row: ``revision`` is the change counter every write to the documents
increments (the row lock orders writers, so revisions become visible in order and a process can follow
them with a plain ``revision > watermark`` query); ``epoch`` is random per row creation, so a process
notices a restored or rolled-back database and rebuilds instead of trusting its watermark.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ticketwise.core.clock import now
from ticketwise.core.db import Base, UTCDateTime


class SimilarDocument(Base):
    __tablename__ = "ai_similar_documents"
    __table_args__ = (sa.UniqueConstraint("kind", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(
        sa.String(20), comment='"ticket" or a registered source such as "article"'
    )
    source_id: Mapped[int] = mapped_column(sa.Integer, comment="The ticket's or article's id.")
    ref: Mapped[str] = mapped_column(sa.String(200), comment="Ticket number or article slug.")
    language: Mapped[str | None] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(300))
    tokens: Mapped[str] = mapped_column(sa.Text, comment="BM25 terms, space-separated.")
    token_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    embedding: Mapped[bytes | None] = mapped_column(sa.LargeBinary, comment="float16 vector, unit length.")
    embedder: Mapped[str | None] = mapped_column(sa.String(60), comment="Name of the embedder that made it.")
    snippet: Mapped[str] = mapped_column(sa.Text, default="")
    solution: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    revision: Mapped[int] = mapped_column(sa.BigInteger, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class SimilarIndexState(Base):
    __tablename__ = "ai_similar_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    epoch: Mapped[str] = mapped_column(sa.String(32))
    revision: Mapped[int] = mapped_column(sa.BigInteger, default=0)
