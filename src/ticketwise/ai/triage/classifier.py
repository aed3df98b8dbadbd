"""A text classifier with calibrated probabilities and explanations: TF-IDF features (:mod:`.features`)
and a linear model, either logistic regression or a linear SVM calibrated by Platt scaling.

Which of the two is used is measured, not assumed: :func:`train` fits both on a stratified split of the
labelled history, keeps the one with the better macro-F1 and refits it on everything. The linear
coefficients give the explanation of a prediction: the features of the text that pushed most towards
the predicted class.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from ticketwise.ai.triage.features import feature_names, text_features

LOGREG = "logreg"
SVC = "linear_svc_calibrated"
ALGORITHMS = (LOGREG, SVC)
MIN_HOLDOUT_SAMPLES = 30
EVIDENCE_SIZE = 5


class NotEnoughData(ValueError):
    """Fewer than two classes (or no samples): there is nothing to tell apart."""


@dataclass(frozen=True)
class Evidence:
    kind: str  # "words" or "chars"
    feature: str
    weight: float


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    alternatives: tuple[tuple[str, float], ...] = ()  # the next most probable labels


@dataclass(frozen=True)
class TrainingReport:
    algorithm: str
    samples: int  # labelled history samples (the held-out split is drawn from these only)
    extra_samples: int  # cold-start samples, always trained on, never scored
    classes: int
    accuracy: float | None = None  # on the held-out split; None when too few samples to hold out
    macro_f1: float | None = None
    candidates: dict[str, float] = field(default_factory=dict)  # macro-F1 of every algorithm tried

    def as_metrics(self) -> dict[str, Any]:
        metrics: dict[str, Any] = {"candidates": self.candidates}
        if self.accuracy is not None:
            metrics.update(accuracy=round(self.accuracy, 4), macro_f1=round(self.macro_f1 or 0.0, 4))
        return metrics


def _estimator(algorithm: str, min_class_count: int) -> Any:
    if algorithm == LOGREG:
        return LogisticRegression(C=10.0, max_iter=1000, class_weight="balanced")
    if algorithm == SVC:
        folds = max(2, min(3, min_class_count))
        return CalibratedClassifierCV(
            LinearSVC(C=0.5, class_weight="balanced"), cv=folds, method="sigmoid", ensemble=True
        )
    raise ValueError(f"unknown algorithm {algorithm!r}")


def _linear_coefficients(model: Any, n_classes: int) -> np.ndarray:
    """``(n_classes, n_features)`` weights of the fitted model, for explanations (SVM: fold average)."""
    if isinstance(model, CalibratedClassifierCV):
        coef = np.mean([c.estimator.coef_ for c in model.calibrated_classifiers_], axis=0)
    else:
        coef = model.coef_
    coef = np.asarray(coef, dtype=np.float32)
    if n_classes == 2 and coef.shape[0] == 1:  # binary: one row scores the second class
        coef = np.vstack([-coef[0], coef[0]])
    return coef


class TextClassifier:
    """A fitted feature union and linear model. Thread-safe for prediction (read-only after init)."""

    def __init__(self, features: FeatureUnion, model: Any, algorithm: str) -> None:
        self.features = features
        self.model = model
        self.algorithm = algorithm
        self.classes: list[str] = [str(c) for c in model.classes_]
        self._coef = _linear_coefficients(model, len(self.classes))
        names = feature_names(features)
        self._kinds = np.array([kind for kind, _ in names], dtype=object)
        self._names = np.array([name for _, name in names], dtype=object)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), len(self.classes))`` calibrated probabilities."""
        return self.model.predict_proba(self.features.transform(list(texts)))

    def predict(self, text: str, *, allowed: Collection[str] | None = None) -> Prediction | None:
        """The most probable label with its evidence; ``allowed`` restricts the labels (probabilities
        renormalised over them, i.e. conditional on the label being one of them). None when no
        allowed label is known to the model."""
        row = self.features.transform([text])
        proba = self.model.predict_proba(row)[0]
        if allowed is not None:
            mask = np.array([label in allowed for label in self.classes])
            if not mask.any():
                return None
            proba = np.where(mask, proba, 0.0)
            total = proba.sum()
            proba = proba / total if total > 0 else mask / mask.sum()
        order = np.argsort(-proba)
        best = int(order[0])
        alternatives = tuple((self.classes[i], round(float(proba[i]), 4)) for i in order[1:4] if proba[i] > 0)
        return Prediction(
            label=self.classes[best],
            confidence=float(proba[best]),
            evidence=self._evidence(row, best),
            alternatives=alternatives,
        )

    def _evidence(self, row: Any, class_index: int) -> tuple[Evidence, ...]:
        row = row.tocsr()
        if row.nnz == 0:
            return ()
        contributions = row.data * self._coef[class_index, row.indices]
        top = np.argsort(-contributions)[:EVIDENCE_SIZE]
        return tuple(
            Evidence(
                str(self._kinds[row.indices[i]]), str(self._names[row.indices[i]]), float(contributions[i])
            )
            for i in top
            if contributions[i] > 0
        )


def fit(texts: Sequence[str], labels: Sequence[str], algorithm: str) -> TextClassifier:
    """Fit features and model on all samples. Raises NotEnoughData with fewer than two classes."""
    counts = Counter(labels)
    if len(counts) < 2:
        raise NotEnoughData("at least two classes are needed")
    features = text_features()
    matrix = features.fit_transform(list(texts))
    model = _estimator(algorithm, min(counts.values()))
    model.fit(matrix, list(labels))
    return TextClassifier(features, model, algorithm)


def _holdout(samples: Sequence[tuple[str, str]], seed: int) -> tuple[list, list] | None:
    """A stratified 80/20 split of ``samples``, or None when some class has a single sample or the
    split would be too small to say anything."""
    counts = Counter(label for _, label in samples)
    if len(samples) < MIN_HOLDOUT_SAMPLES or len(counts) < 2 or min(counts.values()) < 2:
        return None
    test_size = max(0.2, len(counts) / len(samples))
    if test_size > 0.5:
        return None
    train, test = train_test_split(
        list(samples), test_size=test_size, stratify=[label for _, label in samples], random_state=seed
    )
    return train, test


def train(
    samples: Sequence[tuple[str, str]],
    *,
    extra: Sequence[tuple[str, str]] = (),
    algorithm: str = "auto",
    seed: int = 0,
) -> tuple[TextClassifier, TrainingReport]:
    """Train on ``samples`` (history: ``(text, label)``) plus ``extra`` (cold start, never scored).

    ``algorithm`` is one of :data:`ALGORITHMS` or ``"auto"``: with enough history every algorithm is
    scored on a held-out split and the best macro-F1 wins (ties: logistic regression, the cheaper
    one); without, logistic regression. Raises NotEnoughData with fewer than two classes overall.
    """
    everything = [*samples, *extra]
    counts = Counter(label for _, label in everything)
    if len(counts) < 2:
        raise NotEnoughData("at least two classes are needed")
    candidates = ALGORITHMS if algorithm == "auto" else (algorithm,)
    scores: dict[str, float] = {}
    accuracy: dict[str, float] = {}
    split = _holdout(samples, seed)
    if split is not None:
        train_part, test_part = split
        fit_texts = [t for t, _ in train_part] + [t for t, _ in extra]
        fit_labels = [y for _, y in train_part] + [y for _, y in extra]
        fit_counts = Counter(fit_labels)
        features = text_features()
        matrix = features.fit_transform(fit_texts)
        test_matrix = features.transform([t for t, _ in test_part])
        truth = [y for _, y in test_part]
        for name in candidates:
            model = _estimator(name, min(fit_counts.values()))
            model.fit(matrix, fit_labels)
            predicted = model.predict(test_matrix)
            scores[name] = round(float(f1_score(truth, predicted, average="macro", zero_division=0)), 4)
            accuracy[name] = float(accuracy_score(truth, predicted))
        chosen = max(candidates, key=lambda name: (scores[name], name == LOGREG))
    else:
        chosen = LOGREG if LOGREG in candidates else candidates[0]
        if chosen == SVC and min(counts.values()) < 2:
            chosen = LOGREG  # calibration needs two samples per class
    classifier = fit([t for t, _ in everything], [y for _, y in everything], chosen)
    report = TrainingReport(
        algorithm=chosen,
        samples=len(samples),
        extra_samples=len(extra),
        classes=len(counts),
        accuracy=accuracy.get(chosen),
        macro_f1=scores.get(chosen),
        candidates=scores,
    )
    return classifier, report
