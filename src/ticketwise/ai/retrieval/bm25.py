"""An append-only BM25 inverted index in memory, scored with numpy.

Each term keeps two growing C arrays (``array.array``): the slots of the documents containing it and
the BM25 term-frequency weight of each, ``tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))``, computed when
the document is added. ``avglen`` is frozen when the index is created (from the documents it starts
with), so adding a document never rewrites other postings; the process rebuilds from the table when
the index has drifted (see :mod:`ticketwise.ai.retrieval.memory`). Slots are never reused: a removed
document is masked by the caller and its postings stay until the next rebuild.

Scores use Lucene's idf, ``ln(1 + (N − df + ½)/(df + ½))``, with N and df counting every slot.
:meth:`Bm25Postings.scores` also returns the query's *self score*, the score a document identical to
the query would get, which the caller divides by to turn scores into 0..1.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import Counter
from collections.abc import Sequence

import numpy as np

K1 = 1.5
B = 0.75
MAX_QUERY_TERMS = 48
"""Longest queries keep their rarest terms: common terms cost the most (long postings) and add least."""


class Bm25Postings:
    def __init__(self, average_length: float):
        self.average_length = max(average_length, 1.0)
        self._postings: dict[str, tuple[array, array]] = {}
        self.size = 0

    def _length_norm(self, length: int) -> float:
        return K1 * (1 - B + B * length / self.average_length)

    def add(self, tokens: Sequence[str]) -> int:
        """Index a document; returns its slot (0, 1, 2, … in order of addition)."""
        slot = self.size
        self.size += 1
        norm = self._length_norm(len(tokens))
        for term, tf in Counter(tokens).items():
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = (array("i"), array("f"))
            postings[0].append(slot)
            postings[1].append(tf * (K1 + 1) / (tf + norm))
        return slot

    def idf(self, term: str) -> float:
        postings = self._postings.get(term)
        df = 0 if postings is None else len(postings[0])
        n = self.size + 1  # the query counts as a document, so a term no document has still scores
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def query_terms(self, tokens: Sequence[str]) -> dict[str, int]:
        """The query's terms with their counts, cut to the :data:`MAX_QUERY_TERMS` rarest."""
        counts = Counter(tokens)
        if len(counts) <= MAX_QUERY_TERMS:
            return dict(counts)
        rarest = sorted(counts, key=lambda term: (-self.idf(term), term))[:MAX_QUERY_TERMS]
        return {term: counts[term] for term in rarest}

    def scores(self, tokens: Sequence[str]) -> tuple[np.ndarray, float]:
        """BM25 score of every slot for the query, and the query's self score (0 for an empty query)."""
        out = np.zeros(self.size, dtype=np.float32)
        terms = self.query_terms(tokens)
        query_norm = self._length_norm(sum(terms.values()))
        self_score = 0.0
        for term, count in terms.items():
            idf = self.idf(term)
            self_score += idf * count * (K1 + 1) / (count + query_norm)
            postings = self._postings.get(term)
            if postings is None:
                continue
            slots = np.frombuffer(postings[0], dtype=np.int32)
            weights = np.frombuffer(postings[1], dtype=np.float32)
            # A term's slots are distinct, so fancy-index += adds each weight exactly once.
            out[slots] += np.float32(idf * count) * weights
            del slots, weights  # release the buffer views so the arrays may grow again
        return out, self_score

    @property
    def vocabulary_size(self) -> int:
        return len(self._postings)

    @property
    def nbytes(self) -> int:
        """Approximate memory of the postings: array buffers plus the term dictionary."""
        arrays = sum(
            sys.getsizeof(slots) + sys.getsizeof(weights) for slots, weights in self._postings.values()
        )
        return arrays + sys.getsizeof(self._postings) + sum(sys.getsizeof(term) for term in self._postings)
