"""Evaluation of the builtin classifier on a labelled CSV (``ticketwise ai eval``): stratified k-fold
cross-validation with the same features and models the triage uses.

The algorithm is chosen once, on the first fold's training part (as :func:`classifier.train` does on
a site's history), then used for every fold, so the k scores measure one configuration.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.model_selection import StratifiedKFold

from ticketwise.ai.triage.classifier import fit, train
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_

MIN_SAMPLES_PER_CLASS = 2


@dataclass(frozen=True)
class EvalResult:
    algorithm: str
    folds: int
    samples: int
    classes: int
    dropped_classes: tuple[str, ...]  # fewer samples than needed to appear in every split
    accuracy: float
    macro_f1: float
    report: str  # sklearn's classification report


def read_labelled_csv(path: Path, text_column: str, label_column: str) -> list[tuple[str, str]]:
    """``(text, label)`` rows of a CSV file (UTF-8, a BOM allowed); rows with an empty text or label
    are skipped. Raises ValidationFailed for a missing or unreadable file, a missing column, or a
    file without usable rows."""
    if not path.is_file():
        raise ValidationFailed(N_("The file %(path)s does not exist."), field="csv", path=str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            for column in (text_column, label_column):
                if column not in columns:
                    raise ValidationFailed(
                        N_("The file has no column %(column)s (columns: %(columns)s)."),
                        field="csv",
                        column=column,
                        columns=", ".join(columns) or "-",
                    )
            rows = [
                (str(row[text_column] or "").strip(), str(row[label_column] or "").strip()) for row in reader
            ]
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValidationFailed(
            N_("The file cannot be read as UTF-8 CSV: %(detail)s"), field="csv", detail=str(error)
        ) from None
    rows = [(text, label) for text, label in rows if text and label]
    if not rows:
        raise ValidationFailed(N_("The file has no rows with both a text and a label."), field="csv")
    return rows


def cross_validate(
    rows: list[tuple[str, str]],
    *,
    folds: int = 5,
    algorithm: str = "auto",
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> EvalResult:
    """Stratified ``folds``-fold cross-validation. Classes with fewer samples than folds are left out
    (named in the result); raises ValidationFailed when fewer than two classes remain or folds < 2."""
    if folds < 2:
        raise ValidationFailed(N_("At least two folds are needed."), field="folds")
    counts = Counter(label for _, label in rows)
    dropped = tuple(sorted(label for label, n in counts.items() if n < max(folds, MIN_SAMPLES_PER_CLASS)))
    kept = [(text, label) for text, label in rows if label not in dropped]
    if len({label for _, label in kept}) < 2:
        raise ValidationFailed(
            N_("At least two labels with %(folds)s or more rows each are needed."), field="csv", folds=folds
        )
    texts = [text for text, _ in kept]
    labels = [label for _, label in kept]
    truth: list[str] = []
    predicted: list[str] = []
    chosen = algorithm
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for index, (train_index, test_index) in enumerate(splitter.split(texts, labels)):
        fold_train = [kept[i] for i in train_index]
        if chosen == "auto":
            classifier, report = train(fold_train, seed=seed)
            chosen = report.algorithm
        else:
            classifier = fit([t for t, _ in fold_train], [y for _, y in fold_train], chosen)
        fold_texts = [texts[i] for i in test_index]
        probabilities = classifier.probabilities(fold_texts)
        predicted.extend(classifier.classes[i] for i in probabilities.argmax(axis=1))
        truth.extend(labels[i] for i in test_index)
        if progress is not None:
            progress(index + 1)
    return EvalResult(
        algorithm=chosen,
        folds=folds,
        samples=len(kept),
        classes=len(set(labels)),
        dropped_classes=dropped,
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, average="macro", zero_division=0)),
        report=classification_report(truth, predicted, digits=3, zero_division=0),
    )
