"""Keywords of a ticket: TF-IDF of its words against jieba's Chinese document frequencies.

Words jieba's table does not know (English words, product names, codes) get the table's median IDF,
so within one ticket they rank by how often they occur; codes (letters and digits mixed, e.g.
``0x0000007b``, ``e102``) get a bonus because they identify a problem better than any word.
"""

from __future__ import annotations

import threading
from collections import Counter

from ticketwise.ai.text.tokenize import words

_CODE_BONUS = 1.5
_idf: tuple[dict[str, float], float] | None = None
_lock = threading.Lock()


def _idf_table() -> tuple[dict[str, float], float]:
    global _idf
    with _lock:
        if _idf is None:
            from jieba.analyse import default_tfidf  # loads its IDF file: once, on first use

            _idf = (default_tfidf.idf_freq, default_tfidf.median_idf)
        return _idf


def _is_code(token: str) -> bool:
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


def keywords(text: str, limit: int = 8) -> list[str]:
    """Up to ``limit`` keywords, best first; numbers alone and single characters never count."""
    counts = Counter(t for t in words(text) if len(t) > 1 and not t.replace(".", "").isdigit())
    if not counts:
        return []
    idf, median = _idf_table()
    scores = {
        token: count * idf.get(token, median) * (_CODE_BONUS if _is_code(token) else 1.0)
        for token, count in counts.items()
    }
    return [token for token, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]]
