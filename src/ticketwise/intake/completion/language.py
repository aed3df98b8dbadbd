"""Language of a request's text (py3langid), restricted to the languages a help desk here meets.

The model takes about two seconds to load, so it is loaded once per process, on first use.
"""

from __future__ import annotations

import threading

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# ISO 639-1 codes the identifier may answer; restricting it avoids exotic guesses on short texts.
LANGUAGES = ("zh", "en", "ja", "ko", "de", "fr", "es", "ru", "pt", "it")
# Codes stored on the ticket: Chinese as the locale of the interface (``zh_CN``), others as is.
_STORED = {"zh": "zh_CN"}
MIN_CONFIDENCE = 0.7
MIN_LETTERS = 4

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


def detect_language(text: str) -> tuple[str, float] | None:
    """``(code, confidence)`` of ``text`` (``zh_CN``, ``en``, ``ja``...), or None when the text is too
    short or the guess is below :data:`MIN_CONFIDENCE`."""
    if sum(ch.isalpha() for ch in text or "") < MIN_LETTERS:
        return None
    code, confidence = _model().classify(text)
    if confidence < MIN_CONFIDENCE:
        return None
    return _STORED.get(code, code), float(confidence)
