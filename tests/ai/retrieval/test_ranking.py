"""Ranking quality of the hybrid index on real and hand-written paraphrases, zh and en.

The thresholds sit a few points under what the index measures (bench/ai_similar.py quality), so a
change that makes retrieval clearly worse fails here; the last test checks the embeddings earn their
place by beating BM25 alone.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
from tests.ai.retrieval.conftest import FIXTURES, paraphrases

from ticketwise.ai.retrieval.embedder import default_embedder
from ticketwise.ai.retrieval.memory import DocumentKey, HybridIndex, script_of
from ticketwise.ai.text.tokenize import words


def _index(texts, embedder):
    tokens = [words(text) for text in texts]
    average = sum(map(len, tokens)) / len(tokens)
    index = HybridIndex(embedder, average_length=average)
    vectors = embedder.embed(texts) if embedder is not None else [None] * len(texts)
    for i, (terms, vector) in enumerate(zip(tokens, vectors, strict=True)):
        index.put(DocumentKey("ticket", i), 1, terms, vector)
    return index


def _top(index, embedder, query, limit=1):
    vector = embedder.embed([query])[0] if embedder is not None else None
    return index.search(words(query), vector, script=script_of(query), limit=limit)


def _paraphrase_accuracy(language, embedder):
    pairs = paraphrases(language)
    index = _index([f"{p['title']}\n{p['body']}" for p in pairs], embedder)
    hits = [_top(index, embedder, p["query"]) for p in pairs]
    return np.mean([bool(h) and h[0].key.source_id == i for i, h in enumerate(hits)])


def _banking():
    with (FIXTURES / "banking77_subset.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    return train, test


def _banking_accuracy(embedder):
    train, test = _banking()
    index = _index([r["text"] for r in train], embedder)
    correct = 0
    for row in test:
        hits = _top(index, embedder, row["text"])
        correct += bool(hits) and train[hits[0].key.source_id]["category"] == row["category"]
    return correct / len(test)


@pytest.mark.parametrize(("language", "minimum"), [("zh", 0.9), ("en", 0.9)])
def test_the_paraphrased_ticket_comes_first(language, minimum):
    assert _paraphrase_accuracy(language, default_embedder()) >= minimum


def test_nearest_banking77_query_has_the_same_intent():
    # 20 intents, 200 indexed queries, 80 test queries from BANKING77's test split.
    assert _banking_accuracy(default_embedder()) >= 0.75


def test_embeddings_beat_bm25_alone():
    embedder = default_embedder()
    assert embedder is not None, "wordllama ships with the project and loads offline"
    for language in ("zh", "en"):
        assert _paraphrase_accuracy(language, embedder) > _paraphrase_accuracy(language, None)
    assert _banking_accuracy(embedder) > _banking_accuracy(None)


def test_scores_are_calibrated_between_zero_and_one():
    embedder = default_embedder()
    pairs = paraphrases("zh") + paraphrases("en")
    texts = [f"{p['title']}\n{p['body']}" for p in pairs]
    index = _index(texts, embedder)
    itself = _top(index, embedder, texts[0])[0]
    assert itself.key.source_id == 0 and itself.score == pytest.approx(1.0, abs=0.02)
    paraphrased = _top(index, embedder, pairs[0]["query"])[0]
    assert paraphrased.key.source_id == 0 and 0.3 < paraphrased.score < 0.95
    # Nothing in common: no hit at all rather than a misleading small percentage.
    assert _top(index, embedder, "quarterly revenue forecast spreadsheet macros", limit=3)[0].score < 0.35
    assert all(0 < hit.score <= 1 for hit in _top(index, embedder, "打印机", limit=10))
