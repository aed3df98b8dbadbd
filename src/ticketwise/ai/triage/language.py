"""Language of a ticket's text (py3langid, restricted to the languages a help desk here meets).

Shared with intake's completion (which keeps only confident guesses). Codes are stored as the
interface's locales name them (Chinese as ``zh_CN``). Text that is mostly Han characters is Chinese
without asking the model (quicker, and right on short texts where the model hesitates). The model
takes about two seconds to load, so it is loaded once per process, on first use.
"""

from __future__ import annotations

import threading

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("zh", "en", "ja", "ko", "de", "fr", "es", "ru", "pt", "it")
_STORED = {"zh": "zh_CN"}
MIN_LETTERS = 4
HAN_SHARE = 0.3

_identifier: LanguageIdentifier | None = None
_lock = threading.Lock()


def _model() -> LanguageIdentifier:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid import langid

            identifier = LanguageIdentifier.from_modelpath(langid.MODEL_DIR / MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(LANGUAGES))
            _identifier = identifier
        return _identifier


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def detect(text: str) -> tuple[str, float] | None:
    """``(code, probability)`` or None for text with fewer than four letters."""
    letters = [ch for ch in text or "" if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    kana = sum("\u3040" <= ch <= "\u30ff" for ch in letters)
    han = sum(_han(ch) for ch in letters)
    if not kana and han / len(letters) >= HAN_SHARE:
        return "zh_CN", min(1.0, 0.9 + han / len(letters) / 10)
    code, probability = _model().classify(text)
    return _STORED.get(code, code), float(probability)
