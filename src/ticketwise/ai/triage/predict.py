"""Builtin predictions of the triage targets, with the reasons people see.

The model of a target is the newest trained one (:mod:`.store`); before the first training, a model
trained in memory on the cold-start samples alone (types' hints, category names, the urgency
lexicon), cached per process and rebuilt when an administrator edits types or categories (the
samples are read again at most every :data:`HINTS_TTL_SECONDS`: reading every type and category for
each of a ticket's four predictions cost more than the predictions).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ticketwise.ai.decisions import reason
from ticketwise.ai.triage import store
from ticketwise.ai.triage.classifier import NotEnoughData, Prediction, TextClassifier, train
from ticketwise.ai.triage.dataset import hint_samples
from ticketwise.ai.triage.features import CHARS, WORDS
from ticketwise.core.i18n import N_

MAX_EVIDENCE = 5


@dataclass(frozen=True)
class ModelInfo:
    name: str  # e.g. "triage-type v3 (logreg)", stored as the decision's model
    version: int | None  # None: cold start
    samples: int
    hint_samples: int


@dataclass(frozen=True)
class Guess:
    """One attribute's proposed value, before it is recorded as a decision."""

    attribute: str
    value: str | None
    confidence: float | None
    reasons: list[dict[str, Any]]
    output: dict[str, Any]
    model: str
    latency_ms: int
    provider: str = "builtin"
    extra: dict[str, Any] = field(default_factory=dict)


class _ColdStart:
    """Cold-start classifiers of this process, by target, with the fingerprint of their samples."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.models: dict[str, tuple[str, TextClassifier | None]] = {}

    def get(self, target: str, samples: list[tuple[str, str]]) -> TextClassifier | None:
        fingerprint = hashlib.sha256(json.dumps(samples, ensure_ascii=False).encode()).hexdigest()
        with self.lock:
            cached = self.models.get(target)
            if cached is not None and cached[0] == fingerprint:
                return cached[1]
            try:
                classifier: TextClassifier | None = train([], extra=samples, algorithm="logreg")[0]
            except NotEnoughData:
                classifier = None
            self.models[target] = (fingerprint, classifier)
            return classifier


_cold_start = _ColdStart()

HINTS_TTL_SECONDS = 30.0
_hints: tuple[float, dict[str, list[tuple[str, str]]]] | None = None


def _hint_samples(session: Session) -> dict[str, list[tuple[str, str]]]:
    global _hints
    cached = _hints
    if cached is not None and time.monotonic() - cached[0] < HINTS_TTL_SECONDS:
        return cached[1]
    samples = hint_samples(session)
    _hints = (time.monotonic(), samples)
    return samples


def forget_hints() -> None:
    """Read the cold-start samples again at the next prediction (after editing types in tests)."""
    global _hints
    _hints = None


def model_for(session: Session, target: str) -> tuple[ModelInfo, TextClassifier] | None:
    """The classifier to use for ``target`` and what it is; None when nothing can be predicted yet
    (intents before people have labelled any)."""
    current = store.current_model(session, target)
    if current is not None:
        row, classifier = current
        info = ModelInfo(
            f"triage-{target} v{row.version} ({row.algorithm})", row.version, row.sample_count, row.hint_count
        )
        return info, classifier
    samples = _hint_samples(session).get(target, [])
    classifier = _cold_start.get(target, samples) if samples else None
    if classifier is None:
        return None
    return ModelInfo(f"triage-{target} cold-start (logreg)", None, 0, len(samples)), classifier


def _evidence_reasons(prediction: Prediction) -> list[dict[str, Any]]:
    word_list = [e.feature for e in prediction.evidence if e.kind == WORDS][:MAX_EVIDENCE]
    char_list = [
        e.feature.strip() for e in prediction.evidence if e.kind == CHARS and len(e.feature.strip()) > 1
    ]
    reasons = []
    if word_list:
        reasons.append(reason(N_("Words that counted: %(words)s"), words=word_list))
    if char_list:
        reasons.append(reason(N_("Character sequences that counted: %(chars)s"), chars=char_list))
    return reasons


def _model_reason(info: ModelInfo) -> dict[str, Any]:
    if info.version is None:
        return reason(
            N_("Cold start: learnt from the types' hints only (%(hints)s samples), no history yet"),
            hints=info.hint_samples,
        )
    return reason(
        N_("Model version %(version)s, trained on %(samples)s labelled tickets"),
        version=info.version,
        samples=info.samples,
    )


def guess(
    session: Session,
    target: str,
    text: str,
    *,
    allowed: Collection[str] | None = None,
    label_names: dict[str, str] | None = None,
) -> Guess | None:
    """The builtin guess for ``target`` (type, category, intent, urgency) from ``text``; ``allowed``
    restricts the labels (the categories of the ticket's type); ``label_names`` shows labels to
    people (category names instead of ids). None when no model can answer."""
    started = time.perf_counter()
    found = model_for(session, target)
    if found is None:
        return None
    info, classifier = found
    prediction = classifier.predict(text, allowed=allowed)
    if prediction is None:
        return None
    names = label_names or {}
    reasons = _evidence_reasons(prediction)
    if prediction.alternatives:
        alternatives = [f"{names.get(label, label)} {p:.2f}" for label, p in prediction.alternatives]
        reasons.append(reason(N_("Next most likely: %(alternatives)s"), alternatives=alternatives))
    reasons.append(_model_reason(info))
    output = {
        "label": prediction.label,
        "confidence": round(prediction.confidence, 4),
        "alternatives": [list(item) for item in prediction.alternatives],
        "evidence": [[e.kind, e.feature, round(e.weight, 4)] for e in prediction.evidence],
    }
    return Guess(
        attribute=target,
        value=prediction.label,
        confidence=prediction.confidence,
        reasons=reasons,
        output=output,
        model=info.name,
        latency_ms=int((time.perf_counter() - started) * 1000),
    )


def forget_cold_start_models() -> None:
    """Drop the in-memory cold-start models (tests acting as a fresh process)."""
    with _cold_start.lock:
        _cold_start.models.clear()
