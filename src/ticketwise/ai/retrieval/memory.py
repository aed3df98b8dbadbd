"""The in-memory hybrid index of one process: BM25 postings plus a matrix of unit vectors, one slot per
document, and the fused 0..1 score.

Scores:

* ``lexical`` = BM25(query, doc) / BM25(query, query), capped at 1: the share of the query's weighted
  terms the document matches (1 when it contains the query's words at least as densely);
* ``semantic`` = (cos − floor) / (1 − floor), clipped to 0..1. ``floor`` is what an ordinary document
  scores against this query: the 90th percentile of the cosines of a sample of up to 1,000 documents
  in the query's script (Chinese/Japanese or not), never below the embedder's chance level. Mean word
  vectors of long texts, and of Chinese texts especially, are all fairly alike (cosines of 0.6 between
  unrelated tickets), so a fixed floor would call every other Chinese ticket 40 % similar; below 50
  sampled documents the embedder's chance level is the floor;
* ``score`` = ``LEXICAL_WEIGHT``·lexical + (1 − ``LEXICAL_WEIGHT``)·semantic, or lexical alone without
  an embedder. A document scores 1 only against itself, and 0.87 means most of the query's words and
  a meaning closer than almost every other solved ticket.

Not thread-safe on its own: :mod:`ticketwise.ai.retrieval.sync` serialises access with a lock.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ticketwise.ai.retrieval.bm25 import Bm25Postings
from ticketwise.ai.retrieval.embedder import Embedder

LEXICAL_WEIGHT = 0.3
"""Tuned on a 2,000-query development split of BANKING77's training set and our zh/en paraphrase sets:
0.2–0.4 are within a point of each other; embeddings alone lose exact identifiers (error codes, asset
numbers) that BM25 keeps."""

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
FLOOR_PERCENTILE = 90
FLOOR_SAMPLE = 1000
FLOOR_MIN_SAMPLE = 50


def script_of(text: str) -> str:
    """``"cjk"`` when at least a fifth of the letters are Chinese/Japanese characters, else ``"other"``."""
    letters = sum(1 for char in text if char.isalpha())
    cjk = len(_CJK.findall(text))
    return "cjk" if letters and cjk * 5 >= letters else "other"


@dataclass(frozen=True)
class DocumentKey:
    kind: str
    source_id: int


@dataclass(frozen=True)
class ScoredSlot:
    key: DocumentKey
    revision: int
    score: float


class HybridIndex:
    """Documents in slots; removing a document only masks its slot (see :mod:`.bm25`).

    Per slot it keeps numpy columns (kind code, source id, revision, alive) and one row of the vector
    matrix; a dict per kind maps source ids to slots. Arrays grow by a quarter, not by doubling: at
    100,000 documents the vectors alone are 51 MB.
    """

    def __init__(self, embedder: Embedder | None, *, average_length: float, capacity: int = 1024):
        self.embedder = embedder
        self.bm25 = Bm25Postings(average_length)
        capacity = max(capacity, 16)
        self._source_ids = np.zeros(capacity, dtype=np.int64)
        self._revisions = np.zeros(capacity, dtype=np.int64)
        self._alive = np.zeros(capacity, dtype=bool)
        self._kinds = np.zeros(capacity, dtype=np.int16)
        self._cjk = np.zeros(capacity, dtype=bool)
        self._kind_names: list[str] = []
        self._slot_of: dict[str, dict[int, int]] = {}
        self._vectors = np.zeros((capacity, embedder.dim if embedder is not None else 0), dtype=np.float32)
        self.size = 0

    @property
    def slots(self) -> int:
        return self.bm25.size

    @property
    def nbytes(self) -> int:
        """Approximate memory of the index: postings, per-slot arrays, vectors and the slot maps."""
        arrays = (self._source_ids, self._revisions, self._alive, self._kinds, self._cjk, self._vectors)
        # Each entry also holds two int objects of 28 bytes (source id and slot).
        maps = sum(sys.getsizeof(slots) + 56 * len(slots) for slots in self._slot_of.values())
        return self.bm25.nbytes + sum(a.nbytes for a in arrays) + maps

    def _grow(self, needed: int) -> None:
        capacity = len(self._alive)
        if needed <= capacity:
            return
        new = max(needed, capacity + capacity // 4 + 1024)
        self._source_ids = np.resize(self._source_ids, new)
        self._revisions = np.resize(self._revisions, new)
        self._kinds = np.resize(self._kinds, new)
        self._cjk = np.resize(self._cjk, new)
        alive = np.zeros(new, dtype=bool)
        alive[:capacity] = self._alive
        self._alive = alive
        vectors = np.zeros((new, self._vectors.shape[1]), dtype=np.float32)
        vectors[:capacity] = self._vectors
        self._vectors = vectors

    def _kind_code(self, kind: str) -> int:
        if kind not in self._slot_of:
            self._slot_of[kind] = {}
            self._kind_names.append(kind)
        return self._kind_names.index(kind)

    def put(self, key: DocumentKey, revision: int, tokens: Sequence[str], vector: np.ndarray | None) -> None:
        """Add or replace ``key``'s document. ``vector`` must be unit length (or None without an embedder)."""
        self.remove(key)
        code = self._kind_code(key.kind)
        slot = self.bm25.add(tokens)
        self._grow(slot + 1)
        self._source_ids[slot] = key.source_id
        self._revisions[slot] = revision
        self._kinds[slot] = code
        self._cjk[slot] = script_of(" ".join(tokens[:64])) == "cjk"
        self._alive[slot] = True
        if vector is not None and self._vectors.shape[1]:
            self._vectors[slot] = vector
        self._slot_of[key.kind][key.source_id] = slot
        self.size += 1

    def remove(self, key: DocumentKey) -> None:
        slot = self._slot_of.get(key.kind, {}).pop(key.source_id, None)
        if slot is not None:
            self._alive[slot] = False
            self.size -= 1

    def revision_of(self, key: DocumentKey) -> int | None:
        slot = self._slot_of.get(key.kind, {}).get(key.source_id)
        return None if slot is None else int(self._revisions[slot])

    def _scores(self, tokens: Sequence[str], vector: np.ndarray | None, script: str) -> np.ndarray:
        """The fused score of every slot (dead ones included), computed in place to keep passes over
        the 100,000-element arrays few."""
        n = self.slots
        lexical, self_score = self.bm25.scores(tokens)
        if self_score > 0:
            np.minimum(lexical, np.float32(self_score), out=lexical)
            lexical *= np.float32(1 / self_score)
        if vector is None or self.embedder is None:
            return lexical
        # einsum's own SIMD loop, not BLAS: a multi-threaded BLAS matrix-vector product measured 3-4
        # times slower on two busy cores, where web workers already use every core.
        semantic = np.einsum("ij,j->i", self._vectors[:n], vector.astype(np.float32, copy=False))
        chance = self._floor(semantic, script)
        semantic -= np.float32(chance)
        semantic *= np.float32((1 - LEXICAL_WEIGHT) / (1 - chance))
        np.clip(semantic, 0.0, np.float32(1 - LEXICAL_WEIGHT), out=semantic)
        lexical *= np.float32(LEXICAL_WEIGHT)
        semantic += lexical
        return semantic

    def _floor(self, cosines: np.ndarray, script: str) -> float:
        """The cosine an ordinary document of the query's script reaches (see the module docstring)."""
        assert self.embedder is not None
        chance = self.embedder.chance_similarity.get(script, 0.0)
        n = len(cosines)
        sample = np.arange(0, n, max(1, n // FLOOR_SAMPLE))
        sample = sample[self._alive[sample] & (self._cjk[sample] == (script == "cjk"))]
        if len(sample) < FLOOR_MIN_SAMPLE:
            return chance
        return min(max(chance, float(np.percentile(cosines[sample], FLOOR_PERCENTILE))), 0.99)

    def search(
        self,
        tokens: Sequence[str],
        vector: np.ndarray | None,
        *,
        script: str,
        limit: int,
        kinds: Sequence[str] | None = None,
        exclude: Sequence[DocumentKey] = (),
        min_score: float = 0.0,
    ) -> list[ScoredSlot]:
        """The ``limit`` best live documents for the query, best first, with scores in 0..1 above
        ``min_score`` (and above 0)."""
        n = self.slots
        if n == 0 or limit <= 0:
            return []
        scores = self._scores(tokens, vector, script)
        candidates = np.flatnonzero(scores > max(min_score, 0.0))
        if len(candidates) == 0:
            return []
        keep = self._alive[candidates]
        if kinds is not None and set(kinds) != set(self._kind_names):
            codes = [self._kind_names.index(kind) for kind in kinds if kind in self._slot_of]
            keep &= np.isin(self._kinds[candidates], codes)
        candidates = candidates[keep]
        excluded = {self._slot_of.get(key.kind, {}).get(key.source_id) for key in exclude} - {None}
        if excluded:
            candidates = candidates[~np.isin(candidates, list(excluded))]
        if len(candidates) > limit:
            top = np.argpartition(-scores[candidates], limit - 1)[:limit]
            candidates = candidates[top]
        ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [
            ScoredSlot(
                DocumentKey(self._kind_names[self._kinds[slot]], int(self._source_ids[slot])),
                int(self._revisions[slot]),
                float(scores[slot]),
            )
            for slot in ordered
        ]
