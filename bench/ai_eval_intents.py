"""Intent classification of the builtin triage classifier on BANKING77 and CLINC150 (issue #5 §8).

    .venv/bin/python bench/ai_eval_intents.py [--corpora ../shared/corpora/intents] [--algorithm auto]

BANKING77: train.csv -> test.csv, accuracy and macro-F1. CLINC150 (data_full.json): trained on the
150 in-scope intents of ``train``; out-of-scope queries are handled by abstention: a query whose best
probability is below a threshold is answered "oos". The threshold is the one that maximises in-scope
accuracy + OOS recall... on the *validation* split (val + oos_val), then applied once to the test split.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

from ticketwise.ai.triage.classifier import train  # noqa: E402

DEFAULT_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "intents"
OOS = "oos"


def _banking(folder: Path, algorithm: str) -> dict:
    def load(name: str) -> list[tuple[str, str]]:
        with (folder / "banking_data" / name).open(encoding="utf-8") as handle:
            return [(row["text"], row["category"]) for row in csv.DictReader(handle)]

    train_rows, test_rows = load("train.csv"), load("test.csv")
    started = time.perf_counter()
    classifier, report = train(train_rows, algorithm=algorithm)
    seconds = time.perf_counter() - started
    proba = classifier.probabilities([t for t, _ in test_rows])
    predicted = [classifier.classes[i] for i in proba.argmax(axis=1)]
    truth = [y for _, y in test_rows]
    return {
        "train": len(train_rows),
        "test": len(test_rows),
        "algorithm": report.algorithm,
        "candidates_macro_f1_on_holdout": report.candidates,
        "train_seconds": round(seconds, 1),
        "accuracy": round(accuracy_score(truth, predicted), 4),
        "macro_f1": round(f1_score(truth, predicted, average="macro"), 4),
    }


def _abstain(classifier, rows: list[tuple[str, str]], threshold: float) -> list[str]:
    proba = classifier.probabilities([t for t, _ in rows])
    best = proba.argmax(axis=1)
    return [classifier.classes[i] if proba[k, i] >= threshold else OOS for k, i in enumerate(best)]


def _oos_scores(truth: list[str], predicted: list[str]) -> dict:
    in_scope = [(t, p) for t, p in zip(truth, predicted, strict=True) if t != OOS]
    oos_true = sum(t == OOS for t in truth)
    oos_pred = sum(p == OOS for p in predicted)
    oos_hit = sum(t == OOS and p == OOS for t, p in zip(truth, predicted, strict=True))
    return {
        "in_scope_accuracy": round(sum(t == p for t, p in in_scope) / len(in_scope), 4),
        "oos_recall": round(oos_hit / oos_true, 4) if oos_true else None,
        "oos_precision": round(oos_hit / oos_pred, 4) if oos_pred else None,
    }


def _clinc(folder: Path, algorithm: str) -> dict:
    data = json.loads((folder / "data" / "data_full.json").read_text(encoding="utf-8"))
    train_rows = [(t, y) for t, y in data["train"]]
    started = time.perf_counter()
    classifier, report = train(train_rows, algorithm=algorithm)
    seconds = time.perf_counter() - started
    val = [(t, y) for t, y in data["val"]] + [(t, OOS) for t, _ in data["oos_val"]]
    test = [(t, y) for t, y in data["test"]] + [(t, OOS) for t, _ in data["oos_test"]]
    val_proba = classifier.probabilities([t for t, _ in val])
    best = val_proba.max(axis=1)
    labels = [classifier.classes[i] for i in val_proba.argmax(axis=1)]
    truth = [y for _, y in val]
    choices = []
    for threshold in np.arange(0.0, 0.91, 0.01):
        predicted = [label if p >= threshold else OOS for label, p in zip(labels, best, strict=True)]
        scores = _oos_scores(truth, predicted)
        # Balance both errors: in-scope accuracy and OOS recall count equally.
        choices.append((scores["in_scope_accuracy"] + (scores["oos_recall"] or 0), float(threshold)))
    threshold = max(choices)[1]
    no_abstention = _oos_scores([y for _, y in test], _abstain(classifier, test, 0.0))
    with_abstention = _oos_scores([y for _, y in test], _abstain(classifier, test, threshold))
    return {
        "train": len(train_rows),
        "test_in_scope": len(data["test"]),
        "test_oos": len(data["oos_test"]),
        "algorithm": report.algorithm,
        "train_seconds": round(seconds, 1),
        "threshold_from_validation": round(threshold, 2),
        "without_abstention": no_abstention,
        "with_abstention": with_abstention,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--algorithm", default="auto")
    parser.add_argument("--only", choices=["banking77", "clinc150"], default=None)
    args = parser.parse_args()
    print(machine())
    if args.only in (None, "banking77"):
        print("BANKING77", json.dumps(_banking(args.corpora / "intents-banking77", args.algorithm), indent=2))
    if args.only in (None, "clinc150"):
        print("CLINC150", json.dumps(_clinc(args.corpora / "intents-clinc150", args.algorithm), indent=2))


if __name__ == "__main__":
    main()
