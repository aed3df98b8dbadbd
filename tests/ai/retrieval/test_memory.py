"""The in-memory index on its own: BM25 normalised by the self score, slots, masks, growth, filters."""

from __future__ import annotations

import numpy as np
import pytest

from ticketwise.ai.retrieval import bm25
from ticketwise.ai.retrieval.bm25 import Bm25Postings
from ticketwise.ai.retrieval.memory import DocumentKey, HybridIndex, script_of


def _index(docs, kind="ticket"):
    index = HybridIndex(None, average_length=3, capacity=2)
    for i, tokens in enumerate(docs):
        index.put(DocumentKey(kind, i), i + 1, tokens, None)
    return index


def test_a_document_identical_to_the_query_scores_one_and_partial_matches_less():
    index = _index([["printer", "jam", "floor"], ["printer", "toner"], ["vpn", "login"]])
    hits = index.search(["printer", "jam", "floor"], None, script="other", limit=3)
    assert [h.key.source_id for h in hits] == [0, 1]
    assert hits[0].score == pytest.approx(1.0) and 0 < hits[1].score < 0.5
    assert index.search(["unknown"], None, script="other", limit=3) == []


def test_rarer_terms_weigh_more():
    postings = Bm25Postings(average_length=2)
    for tokens in (["common", "rare"], ["common"], ["common"], ["common"]):
        postings.add(tokens)
    assert postings.idf("rare") > postings.idf("common") > 0
    scores, self_score = postings.scores(["rare"])
    assert scores[0] > 0 and scores[1:].sum() == 0 and self_score > 0


def test_long_queries_keep_their_rarest_terms(monkeypatch):
    monkeypatch.setattr(bm25, "MAX_QUERY_TERMS", 2)
    postings = Bm25Postings(average_length=2)
    for tokens in (["a", "b"], ["a", "c"], ["a", "d"]):
        postings.add(tokens)
    assert set(postings.query_terms(["a", "b", "zzz", "a"])) == {"zzz", "b"}


def test_replacing_and_removing_mask_old_slots_and_the_arrays_grow():
    index = _index([["alpha"]] * 40)  # capacity 2 at the start: grown many times
    assert index.size == 40 and index.slots == 40
    index.put(DocumentKey("ticket", 3), 99, ["beta"], None)
    assert index.size == 40 and index.slots == 41
    assert index.revision_of(DocumentKey("ticket", 3)) == 99
    hits = index.search(["beta"], None, script="other", limit=5)
    assert [(h.key.source_id, h.revision) for h in hits] == [(3, 99)]
    index.remove(DocumentKey("ticket", 3))
    index.remove(DocumentKey("ticket", 3))  # twice is harmless
    assert index.size == 39 and index.search(["beta"], None, script="other", limit=5) == []
    assert 3 not in [h.key.source_id for h in index.search(["alpha"], None, script="other", limit=50)]


def test_kinds_exclusions_limits_and_minimum_score():
    index = _index([["printer", "jam"], ["printer"]])
    index.put(DocumentKey("article", 7), 1, ["printer", "jam", "guide"], None)
    query = ["printer", "jam"]
    assert {h.key.kind for h in index.search(query, None, script="other", limit=5)} == {"ticket", "article"}
    only_articles = index.search(query, None, script="other", limit=5, kinds=("article",))
    assert [h.key for h in only_articles] == [DocumentKey("article", 7)]
    assert index.search(query, None, script="other", limit=5, kinds=("faq",)) == []
    excluded = index.search(query, None, script="other", limit=5, exclude=[DocumentKey("ticket", 0)])
    assert DocumentKey("ticket", 0) not in [h.key for h in excluded]
    assert len(index.search(query, None, script="other", limit=1)) == 1
    strong = index.search(query, None, script="other", limit=5, min_score=0.9)
    assert [h.key for h in strong] == [DocumentKey("ticket", 0)]


def test_scores_are_sorted_and_within_zero_and_one_with_vectors():
    class Axes:
        name, dim, chance_similarity = "axes", 2, {"cjk": 0.5, "other": 0.0}

        def embed(self, texts):
            return np.array([[1.0, 0.0]] * len(texts), dtype=np.float32)

    index = HybridIndex(Axes(), average_length=2)
    index.put(DocumentKey("ticket", 1), 1, ["a"], np.array([1.0, 0.0], dtype=np.float32))
    index.put(DocumentKey("ticket", 2), 1, ["b"], np.array([0.6, 0.8], dtype=np.float32))
    index.put(DocumentKey("ticket", 3), 1, ["c"], np.array([0.0, 1.0], dtype=np.float32))
    hits = index.search(["a"], np.array([1.0, 0.0], dtype=np.float32), script="other", limit=3)
    assert [h.key.source_id for h in hits] == [1, 2]  # orthogonal = chance level: no hit at all
    assert hits[0].score == pytest.approx(1.0) and hits[1].score == pytest.approx(0.7 * 0.6)
    # Chinese text has a higher chance level: the same cosine counts for less.
    cjk = index.search([], np.array([1.0, 0.0], dtype=np.float32), script="cjk", limit=3)
    assert [round(h.score, 2) for h in cjk] == [0.7, round(0.7 * (0.6 - 0.5) / 0.5, 2)]


def test_script_of_tells_chinese_from_latin_text():
    assert script_of("打印机无法打印 HP LaserJet") == "cjk"
    assert script_of("The printer prints blank pages") == "other"
    assert script_of("12345 !!") == "other"


def test_the_semantic_floor_is_what_ordinary_documents_of_the_same_script_reach():
    class Plane:
        name, dim, chance_similarity = "plane", 2, {"cjk": 0.1, "other": 0.1}

        def embed(self, texts):
            raise AssertionError("not used")

    def unit(cos):
        return np.array([cos, np.sqrt(1 - cos**2)], dtype=np.float32)

    index = HybridIndex(Plane(), average_length=1)
    for i in range(99):  # a corpus of look-alikes: every document has cosine 0.6 with the query
        index.put(DocumentKey("ticket", i), 1, ["打印"], unit(0.6))
    index.put(DocumentKey("ticket", 99), 1, ["打印"], unit(0.95))
    query = np.array([1.0, 0.0], dtype=np.float32)
    hits = index.search([], query, script="cjk", limit=5)
    assert [h.key.source_id for h in hits] == [99]  # the look-alikes sit at the floor: no hit
    assert hits[0].score == pytest.approx(0.7 * (0.95 - 0.6) / (1 - 0.6), abs=1e-3)
    # Latin-script documents are another population: too few of them, so the chance level applies.
    index.put(DocumentKey("ticket", 500), 1, ["printer"], unit(0.6))
    latin = index.search([], query, script="other", limit=200)
    assert len(latin) == 101 and latin[-1].score == pytest.approx(0.7 * (0.6 - 0.1) / 0.9, abs=1e-3)
