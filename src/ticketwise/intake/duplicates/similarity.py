"""Text similarity of two tickets, light enough to compare one new ticket with its candidates.

Features are Chinese character bigrams (Chinese has no spaces between words), Latin/digit words and
word bigrams (shingles), counted; the score is the cosine of the two count vectors, in 0..1. The title
counts twice: it is the requester's own summary.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+(?:[._/-][a-z0-9]+)*")
# Words too common to say anything about what a request is about.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "cannot",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "please",
        "so",
        "that",
        "the",
        "this",
        "to",
        "was",
        "we",
        "with",
        "you",
        "your",
        "hi",
        "hello",
        "thanks",
        "thank",
        "regards",
    ]
)
_CJK_STOP = frozenset({"的", "了", "是", "我", "你", "在", "和", "有", "请", "吗", "呢", "啊", "也", "都"})


def features(text: str) -> Counter[str]:
    """Bag of character bigrams (CJK runs) and words plus word bigrams (everything else)."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    bag: Counter[str] = Counter()
    for run in _CJK_RUN.findall(folded):
        kept = "".join(ch for ch in run if ch not in _CJK_STOP) or run
        if len(kept) == 1:
            bag[kept] += 1
        bag.update(kept[i : i + 2] for i in range(len(kept) - 1))
    words = [w for w in _WORD.findall(folded) if w not in STOP_WORDS]
    bag.update(words)
    bag.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return bag


def ticket_features(title: str, description: str) -> Counter[str]:
    """Features of a ticket's text (a fresh bag the caller may change)."""
    return Counter(_ticket_features(title or "", description or ""))


class SharedBag(Counter[str]):
    """A cached, read-only bag that also remembers its Euclidean norm."""

    norm: float


@lru_cache(maxsize=4096)
def _ticket_features(title: str, description: str) -> SharedBag:
    # Every new ticket is compared with up to hundreds of recent ones whose text rarely changes:
    # tokenising them (and summing their squares) again each time cost more than the comparison.
    # Callers inside this package only read the cached bag (see :func:`cached_ticket_features`).
    bag = SharedBag(features(title))
    bag.update(bag)  # the title counts twice
    bag.update(features(description))
    bag.norm = _norm(bag)
    return bag


def cached_ticket_features(title: str, description: str) -> SharedBag:
    """Like :func:`ticket_features` but shared between calls: the result must not be changed."""
    return _ticket_features(title or "", description or "")


def _norm(bag: Counter[str]) -> float:
    return math.sqrt(sum(c * c for c in bag.values()))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two bags in 0..1 (0 when either is empty)."""
    if not a or not b:
        return 0.0
    norm = getattr(a, "norm", None) or _norm(a)
    norm *= getattr(b, "norm", None) or _norm(b)
    if len(a) > len(b):
        a, b = b, a
    dot = sum(count * b.get(key, 0) for key, count in a.items())
    if dot == 0:
        return 0.0
    return min(1.0, dot / norm)
