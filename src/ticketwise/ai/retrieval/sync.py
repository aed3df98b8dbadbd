"""Each process's copy of the index, kept in step with the documents table before every lookup.

The check is one primary-key read of the change counter (``ai_similar_state``):

* same epoch and revision as last time: nothing to do;
* a higher revision: read the documents written since (``revision > watermark``, indexed) and apply
  them, replacing or masking slots;
* no counter row, another epoch, a lower revision (a restored or rolled-back database), another
  embedder, or an index that has drifted (more than a quarter of its slots dead, or the average
  document length a third away from the one its BM25 weights were computed with): load everything
  again from the table.

Full loads stream the table in batches; a document whose vector was made by another embedder (or by
none) is embedded again from its stored terms, which is close to, not the same as, embedding its text:
``rebuild_index`` makes them exact. One lock per process index serialises syncs and searches.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import sqlalchemy as sa
import structlog
from sqlalchemy.orm import Session

from ticketwise.ai.retrieval import repository
from ticketwise.ai.retrieval.embedder import Embedder, default_embedder
from ticketwise.ai.retrieval.memory import DocumentKey, HybridIndex

log = structlog.get_logger(__name__)

DEFAULT_AVERAGE_LENGTH = 60.0
CHANGE_BATCH = 5000
DEAD_SHARE_LIMIT = 0.25
LENGTH_DRIFT_LIMIT = 1 / 3


class ProcessIndex:
    """One database's index in this process (tests create extra ones to play a second process)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: HybridIndex | None = None
        self.epoch: str | None = None
        self.watermark = 0
        self.embedder_name: str | None = None
        self._length_sum = 0
        self._length_count = 0

    @contextmanager
    def synced(self, session: Session) -> Iterator[HybridIndex]:
        """The index, up to date with what ``session`` can read, locked for the ``with`` block."""
        with self.lock:
            self._sync(session)
            assert self.index is not None
            yield self.index

    def _sync(self, session: Session) -> None:
        embedder = default_embedder()
        name = embedder.name if embedder is not None else None
        state = repository.read_state(session)
        if state is None:
            if self.index is None or self.epoch is not None or self.index.size or name != self.embedder_name:
                self._reset(embedder, DEFAULT_AVERAGE_LENGTH)
            return
        epoch, revision = state
        if (
            self.index is None
            or epoch != self.epoch
            or revision < self.watermark
            or name != self.embedder_name
            or self._drifted()
        ):
            self._load(session, embedder, epoch, revision)
        elif revision > self.watermark:
            self._apply_changes(session, embedder)

    def _reset(self, embedder: Embedder | None, average_length: float, capacity: int = 1024) -> None:
        self.index = HybridIndex(embedder, average_length=average_length, capacity=capacity)
        self.epoch = None
        self.watermark = 0
        self.embedder_name = embedder.name if embedder is not None else None
        self._length_sum = self._length_count = 0

    def _drifted(self) -> bool:
        index = self.index
        if index is None or index.slots < 1000:
            return False
        if (index.slots - index.size) > DEAD_SHARE_LIMIT * index.slots:
            return True
        average = self._length_sum / max(self._length_count, 1)
        frozen = index.bm25.average_length
        return abs(average / frozen - 1) > LENGTH_DRIFT_LIMIT

    def _load(self, session: Session, embedder: Embedder | None, epoch: str, revision: int) -> None:
        average = repository.average_token_count(session) or DEFAULT_AVERAGE_LENGTH
        count = repository.active_count(session)
        # Headroom so the first documents resolved after the load do not copy every array at once.
        self._reset(embedder, average, capacity=count + count // 8 + 1024)
        batch: list[sa.Row[Any]] = []
        for row in repository.active_documents(session):
            batch.append(row)
            if len(batch) >= CHANGE_BATCH:
                self._put_rows(batch, embedder)
                batch = []
        self._put_rows(batch, embedder)
        self.epoch = epoch
        # Rows written after the counter was read are applied again by the next sync: harmless.
        self.watermark = revision
        log.info("similar_index_loaded", documents=self.index.size if self.index else 0, revision=revision)

    def _apply_changes(self, session: Session, embedder: Embedder | None) -> None:
        assert self.index is not None
        cursor: tuple[int, int | None] = (self.watermark, None)  # the watermark's rows are applied already
        while True:
            rows = repository.changed_since(session, *cursor, limit=CHANGE_BATCH)
            live = []
            for row in rows:
                key = DocumentKey(row.kind, row.source_id)
                known = self.index.revision_of(key)
                if known is not None and known >= row.revision:
                    continue
                if row.active:
                    live.append(row)
                else:
                    self.index.remove(key)
            self._put_rows(live, embedder)
            if rows:
                cursor = (int(rows[-1].revision), int(rows[-1].id))
            if len(rows) < CHANGE_BATCH:
                self.watermark = max(self.watermark, cursor[0])
                return

    def _put_rows(self, rows: Sequence[sa.Row[Any]], embedder: Embedder | None) -> None:
        if not rows:
            return
        assert self.index is not None
        vectors = _vectors(rows, embedder)
        for i, row in enumerate(rows):
            tokens = row.tokens.split()
            self.index.put(
                DocumentKey(row.kind, row.source_id),
                int(row.revision),
                tokens,
                None if vectors is None else vectors[i],
            )
            self._length_sum += len(tokens)
            self._length_count += 1


def _vectors(rows: Sequence[sa.Row[Any]], embedder: Embedder | None) -> np.ndarray | None:
    """One unit vector per row: the stored one when the same embedder made it, else a new one from the
    row's terms."""
    if embedder is None:
        return None
    out = np.zeros((len(rows), embedder.dim), dtype=np.float32)
    missing = []
    for i, row in enumerate(rows):
        if row.embedder == embedder.name and row.embedding:
            out[i] = np.frombuffer(row.embedding, dtype=np.float16)
        else:
            missing.append(i)
    if missing:
        out[missing] = embedder.embed([rows[i].tokens for i in missing])
    return out


_indexes: dict[str, ProcessIndex] = {}
_indexes_lock = threading.Lock()


def process_index(session: Session) -> ProcessIndex:
    """This process's index for the database ``session`` is bound to."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _indexes_lock:
        index = _indexes.get(key)
        if index is None:
            index = _indexes[key] = ProcessIndex()
        return index
