"""Tokenisation of mixed Chinese/English ticket text for TF-IDF, BM25 and lexicons.

Text is NFKC-normalised (full-width letters and digits become ASCII) and lower-cased, then split into
runs: Han runs are segmented by jieba (precise mode), everything else by a regex that keeps codes whole
(``0x0000007b``, ``e102``, ``192.168.1.10``, ``win10``). jieba's dictionary is loaded once per process,
on first use, with its stderr chatter silenced. Both functions are pure and thread-safe after that.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable

import jieba

from ticketwise.ai.text.stopwords import STOP_WORDS

# Han ideographs (basic + extension A + compatibility) form one run; a latin/digit token may carry
# inner dots, dashes, underscores or plus signs (version numbers, IPs, error codes, "c++").
_RUN = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|(?P<word>[0-9a-z\u00c0-\u024f\u0400-\u04ff]+(?:['._\-+#][0-9a-z\u00c0-\u024f\u0400-\u04ff]+)*\+*)"
)

_jieba_ready = False
_jieba_lock = threading.Lock()


def _segmenter() -> jieba.Tokenizer:
    """jieba's default tokenizer, its dictionary loaded (once per process) and its logging silenced."""
    global _jieba_ready
    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return jieba.dt


def normalise(text: str) -> str:
    """NFKC + lower case: the form every tokenizer here works on."""
    return unicodedata.normalize("NFKC", text or "").lower()


def words(text: str, *, stop_words: bool = True) -> list[str]:
    """Word tokens in reading order.

    Han runs go through jieba; latin/cyrillic words and codes are kept whole and lower-cased. With
    ``stop_words`` (the default) zh+en stop words are dropped; negations are never stop words (see
    :mod:`ticketwise.ai.text.stopwords`). Single latin letters and single digits are dropped; single
    Han characters are kept (卡, 慢 carry meaning).
    """
    dt = None
    out: list[str] = []
    for match in _RUN.finditer(normalise(text)):
        han = match.group("han")
        if han is None:
            token = match.group("word")
            if len(token) > 1 and not (stop_words and token in STOP_WORDS):
                out.append(token)
            continue
        if dt is None:
            dt = _segmenter()
        for token in dt.cut(han, HMM=True):
            if not (stop_words and token in STOP_WORDS):
                out.append(token)
    return out


def char_ngrams(text: str, n: int | tuple[int, int] = (2, 3)) -> list[str]:
    """Character n-grams of each run (no n-gram crosses a space or punctuation).

    ``n`` is one size or an inclusive (min, max) range. Latin words are padded with a space on both
    sides (as sklearn's ``char_wb``) so prefixes and suffixes are distinct features; Han runs are not,
    and a run shorter than n yields itself once so short words still count.
    """
    low, high = (n, n) if isinstance(n, int) else n
    if low < 1 or high < low:
        raise ValueError(f"bad n-gram range {n!r}")
    out: list[str] = []
    for match in _RUN.finditer(normalise(text)):
        run = match.group("han")
        if run is None:
            run = f" {match.group('word')} "
        size = len(run)
        if size < low:
            out.append(run)
            continue
        for k in range(low, high + 1):
            for i in range(size - k + 1):
                out.append(run[i : i + k])
    return out


def add_terms(terms: Iterable[str]) -> None:
    """Teach jieba domain terms (e.g. a type's ai_hints keywords) so they stay one token.

    Process-wide and idempotent; call it before training and before predicting with the same terms.
    """
    dt = _segmenter()
    for term in terms:
        match = _RUN.fullmatch(normalise(term).strip())
        if match and match.group("han"):
            dt.add_word(match.group("han"))
