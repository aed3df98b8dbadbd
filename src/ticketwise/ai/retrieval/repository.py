"""Every query of the similar-case index: the change counter, the documents table and the ticket text
the ticket source reads."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ticketwise.ai.retrieval.models import SimilarDocument, SimilarIndexState
from ticketwise.core.clock import now
from ticketwise.tickets.enums import Direction, MessageKind, Status
from ticketwise.tickets.models import Ticket, TicketMessage

STATE_ID = 1
SOLVED_STATUSES = (Status.RESOLVED, Status.CLOSED)


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


# --- the change counter ---------------------------------------------------------------------------


def next_revision(session: Session) -> int:
    """Advance the change counter and return the new value. The counter row stays locked until the
    transaction ends, so revisions commit in the order they were handed out."""
    state = SimilarIndexState.__table__
    statement = (
        _insert(session)(state)
        .values(id=STATE_ID, epoch=uuid.uuid4().hex, revision=1)
        .on_conflict_do_update(index_elements=[state.c.id], set_={"revision": state.c.revision + 1})
        .returning(state.c.revision)
    )
    return session.execute(statement).scalar_one()


def read_state(session: Session) -> tuple[str, int] | None:
    """``(epoch, revision)``, or None when nothing was ever indexed."""
    row = session.execute(
        sa.select(SimilarIndexState.epoch, SimilarIndexState.revision).where(SimilarIndexState.id == STATE_ID)
    ).first()
    return None if row is None else (row.epoch, int(row.revision))


# --- documents ------------------------------------------------------------------------------------


def upsert_document(session: Session, values: dict[str, Any]) -> None:
    """Insert or replace the document ``values["kind"], values["source_id"]`` (active)."""
    table = SimilarDocument.__table__
    row = {**values, "active": True, "updated_at": now()}
    statement = (
        _insert(session)(table)
        .values(**row)
        .on_conflict_do_update(
            index_elements=[table.c.kind, table.c.source_id],
            set_={key: value for key, value in row.items() if key not in ("kind", "source_id")},
        )
    )
    session.execute(statement)


def deactivate_document(session: Session, kind: str, source_id: int, revision: int) -> bool:
    """Mark the document removed under ``revision``; False when it was not in the index."""
    result = session.execute(
        sa.update(SimilarDocument)
        .where(
            SimilarDocument.kind == kind,
            SimilarDocument.source_id == source_id,
            SimilarDocument.active.is_(True),
        )
        .values(active=False, revision=revision, tokens="", token_count=0, embedding=None, updated_at=now())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def is_indexed(session: Session, kind: str, source_id: int) -> bool:
    return (
        session.scalar(
            sa.select(SimilarDocument.id).where(
                SimilarDocument.kind == kind,
                SimilarDocument.source_id == source_id,
                SimilarDocument.active.is_(True),
            )
        )
        is not None
    )


_INDEX_COLUMNS = (
    SimilarDocument.kind,
    SimilarDocument.source_id,
    SimilarDocument.revision,
    SimilarDocument.active,
    SimilarDocument.tokens,
    SimilarDocument.embedding,
    SimilarDocument.embedder,
)


def changed_since(session: Session, revision: int, after_id: int | None, *, limit: int) -> list[sa.Row[Any]]:
    """Documents written after revision ``revision`` (``after_id`` None) or after row ``after_id`` of
    that revision, active or removed, in (revision, id) order: a keyset, so a revision with more rows
    than ``limit`` is read completely over several calls."""
    if after_id is None:
        condition = SimilarDocument.revision > revision
    else:
        # The range on revision is what the index serves; the OR only trims its first value.
        condition = sa.and_(
            SimilarDocument.revision >= revision,
            sa.or_(SimilarDocument.revision > revision, SimilarDocument.id > after_id),
        )
    return list(
        session.execute(
            sa.select(SimilarDocument.id, *_INDEX_COLUMNS)
            .where(condition)
            .order_by(SimilarDocument.revision, SimilarDocument.id)
            .limit(limit)
        )
    )


def active_ids(session: Session, kind: str) -> list[int]:
    return list(
        session.scalars(
            sa.select(SimilarDocument.source_id).where(
                SimilarDocument.kind == kind, SimilarDocument.active.is_(True)
            )
        )
    )


def active_documents(session: Session, *, batch: int = 5000) -> Iterator[sa.Row[Any]]:
    """Every active document for a full load, in id order, read in batches by keyset."""
    last_id = 0
    while True:
        rows = list(
            session.execute(
                sa.select(SimilarDocument.id, *_INDEX_COLUMNS)
                .where(SimilarDocument.active.is_(True), SimilarDocument.id > last_id)
                .order_by(SimilarDocument.id)
                .limit(batch)
            )
        )
        yield from rows
        if len(rows) < batch:
            return
        last_id = rows[-1].id


def active_count(session: Session) -> int:
    return (
        session.scalar(sa.select(sa.func.count(SimilarDocument.id)).where(SimilarDocument.active.is_(True)))
        or 0
    )


def average_token_count(session: Session) -> float:
    """Mean number of BM25 terms per active document (0 when there is none)."""
    average = session.scalar(
        sa.select(sa.func.avg(SimilarDocument.token_count)).where(SimilarDocument.active.is_(True))
    )
    return float(average or 0.0)


_HIT_COLUMNS = (
    SimilarDocument.kind,
    SimilarDocument.source_id,
    SimilarDocument.revision,
    SimilarDocument.ref,
    SimilarDocument.title,
    SimilarDocument.snippet,
    SimilarDocument.solution,
)


def documents_by_keys(
    session: Session, keys: Sequence[tuple[str, int]]
) -> dict[tuple[str, int], sa.Row[Any]]:
    """What hits show, for the active documents among ``keys``. Plain rows, not ORM objects: a row
    already in the session's identity map would come back with the values it had when first loaded."""
    if not keys:
        return {}
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, source_id in keys:
        by_kind[kind].append(source_id)
    condition = sa.or_(
        *(
            sa.and_(SimilarDocument.kind == kind, SimilarDocument.source_id.in_(ids))
            for kind, ids in by_kind.items()
        )
    )
    rows = session.execute(sa.select(*_HIT_COLUMNS).where(condition, SimilarDocument.active.is_(True)))
    return {(row.kind, row.source_id): row for row in rows}


# --- ticket text ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TicketText:
    id: int
    number: str
    title: str
    description: str
    language: str | None
    status: Status
    merged_into_id: int | None


_TICKET_COLUMNS = (
    Ticket.id,
    Ticket.number,
    Ticket.title,
    Ticket.description,
    Ticket.language,
    Ticket.status,
    Ticket.merged_into_id,
)


def ticket_text(session: Session, ticket_id: int) -> TicketText | None:
    row = session.execute(sa.select(*_TICKET_COLUMNS).where(Ticket.id == ticket_id)).first()
    return None if row is None else TicketText(*row)


def solved_tickets(session: Session, *, after_id: int, limit: int) -> list[TicketText]:
    """Resolved or closed tickets with an id above ``after_id``, by id (keyset pages for a rebuild)."""
    rows = session.execute(
        sa.select(*_TICKET_COLUMNS)
        .where(Ticket.id > after_id, Ticket.status.in_(SOLVED_STATUSES), Ticket.merged_into_id.is_(None))
        .order_by(Ticket.id)
        .limit(limit)
    )
    return [TicketText(*row) for row in rows]


def agent_replies(session: Session, ticket_ids: Sequence[int]) -> dict[int, list[str]]:
    """Public replies written by staff (outbound), oldest first, per ticket."""
    replies: dict[int, list[str]] = defaultdict(list)
    if not ticket_ids:
        return replies
    rows = session.execute(
        sa.select(TicketMessage.ticket_id, TicketMessage.body_text)
        .where(
            TicketMessage.ticket_id.in_(list(ticket_ids)),
            TicketMessage.kind == MessageKind.REPLY,
            TicketMessage.direction == Direction.OUTBOUND,
        )
        .order_by(TicketMessage.ticket_id, TicketMessage.created_at, TicketMessage.id)
    )
    for ticket_id, body in rows:
        if body and body.strip():
            replies[ticket_id].append(body.strip())
    return replies


def customer_messages(session: Session, ticket_id: int, *, limit: int) -> list[str]:
    """The first public inbound messages of a ticket (what the customer added after the description)."""
    rows = session.scalars(
        sa.select(TicketMessage.body_text)
        .where(
            TicketMessage.ticket_id == ticket_id,
            TicketMessage.kind == MessageKind.REPLY,
            TicketMessage.direction == Direction.INBOUND,
        )
        .order_by(TicketMessage.created_at, TicketMessage.id)
        .limit(limit)
    )
    return [body.strip() for body in rows if body and body.strip()]
