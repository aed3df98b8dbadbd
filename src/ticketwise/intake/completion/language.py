"""Language of a request's text for completion: the AI domain's detector, held to a higher bar.

Completion writes the language on the ticket without anyone reviewing it, so it keeps only guesses
of at least :data:`MIN_CONFIDENCE` (the AI's triage records its own guess with its confidence).
"""

from __future__ import annotations

from ticketwise.ai.triage.language import detect

MIN_CONFIDENCE = 0.7


def detect_language(text: str) -> tuple[str, float] | None:
    """``(code, confidence)`` of ``text`` (``zh_CN``, ``en``, ``ja``...), or None when the text is too
    short or the guess is below :data:`MIN_CONFIDENCE`."""
    found = detect(text)
    if found is None or found[1] < MIN_CONFIDENCE:
        return None
    return found
