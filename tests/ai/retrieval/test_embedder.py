"""The embedder interface: WordLlama loads from its own wheel without any network, and the index runs on
BM25 alone when there is no embedder."""

from __future__ import annotations

import numpy as np
import pytest
from tests.ai.retrieval.conftest import solved_ticket

from ticketwise.ai.retrieval import embedder as embedder_module
from ticketwise.ai.retrieval.embedder import Embedder, WordLlamaEmbedder, unit_rows
from ticketwise.ai.retrieval.memory import DocumentKey, HybridIndex
from ticketwise.ai.retrieval.service import similar_to_text


def test_wordllama_loads_offline_and_returns_unit_vectors(monkeypatch):
    import requests

    def no_network(*args, **kwargs):
        raise AssertionError("the embedder tried to download something")

    monkeypatch.setattr(requests, "get", no_network)
    embedder = WordLlamaEmbedder()
    assert isinstance(embedder, Embedder)
    vectors = embedder.embed(["打印机无法打印", "printer does not print", ""])
    assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_a_failing_embedder_load_means_bm25_only(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("weights missing")

    previous = embedder_module.default_embedder()
    monkeypatch.setattr(embedder_module, "WordLlamaEmbedder", broken)
    monkeypatch.setattr(embedder_module, "_default_loaded", False)
    try:
        assert embedder_module.default_embedder() is None
    finally:
        embedder_module.set_default_embedder(previous)


class KeywordEmbedder:
    """A stand-in embedder: one axis per concept, so "printer" and "打印机" land together."""

    name = "test-keywords"
    dim = 3
    chance_similarity = {"cjk": 0.0, "other": 0.0}
    AXES = (("printer", "打印机", "toner"), ("vpn", "network"), ("invoice", "发票"))

    def embed(self, texts):
        rows = [[float(any(word in text.lower() for word in axis)) for axis in self.AXES] for text in texts]
        return unit_rows(np.array(rows, dtype=np.float32) + 1e-3)


def test_any_embedder_plugs_in_and_is_fused_with_bm25():
    embedder = KeywordEmbedder()
    index = HybridIndex(embedder, average_length=3)
    index.put(DocumentKey("ticket", 1), 1, ["打印机", "卡纸"], embedder.embed(["打印机卡纸"])[0])
    index.put(DocumentKey("ticket", 2), 1, ["vpn", "down"], embedder.embed(["vpn down"])[0])
    # No word in common with document 1: only the vector finds it.
    hits = index.search(["printer", "jammed"], embedder.embed(["printer jammed"])[0], script="other", limit=2)
    assert [hit.key.source_id for hit in hits][:1] == [1]
    assert hits[0].score == pytest.approx(0.7, abs=0.01)  # the semantic share only
    # Without a vector the same query finds nothing: BM25 needs shared words.
    assert index.search(["printer", "jammed"], None, script="other", limit=2) == []


def test_the_service_works_on_bm25_alone(session, agent, bm25_only):
    ticket = solved_ticket(
        session, agent, "打印机无法打印", "三楼财务部的打印机点击打印后没有反应", reply="重启了打印服务。"
    )
    hits = similar_to_text(session, "财务部打印机没有反应")
    assert hits and hits[0].id == ticket.id and hits[0].solution == "重启了打印服务。"
    # Unrelated words: BM25 finds nothing, and the service says so with an empty list.
    assert similar_to_text(session, "会议室投影仪没有信号") == []


def test_switching_embedder_reloads_the_index_and_reembeds_stored_terms(session, agent, bm25_only):
    ticket = solved_ticket(session, agent, "Printer jams", "The office printer jams on every page.")
    assert similar_to_text(session, "printer jams")[0].id == ticket.id  # stored with no vector
    embedder_module.set_default_embedder(KeywordEmbedder())
    hits = similar_to_text(session, "toner problem")  # no shared word; the vector of the terms does it
    assert hits and hits[0].id == ticket.id
