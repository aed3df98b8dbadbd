"""Training time of the builtin triage models on 100,000 synthetic zh/en tickets (issue #5 §10).

    .venv/bin/python bench/ai_train.py [--tickets 100000] [--algorithm auto]

Trains the type, category and urgency classifiers exactly as ``ticketwise ai train`` does
(``classifier.train``: both algorithms scored on a 20 % hold-out when ``auto``, then the winner refit
on everything) and reports seconds per target. Reading the history from the database is not included
(it is one streamed query).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402
from _synthetic_tickets import tickets  # noqa: E402

from ticketwise.ai.triage.classifier import train  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--algorithm", default="auto")
    args = parser.parse_args()
    rows = tickets(args.tickets)
    print(machine())
    results = {}
    total = 0.0
    for index, target in ((1, "type"), (2, "category"), (3, "urgency")):
        samples = [(row[0], row[index]) for row in rows]
        started = time.perf_counter()
        _classifier, report = train(samples, algorithm=args.algorithm)
        seconds = time.perf_counter() - started
        total += seconds
        results[target] = {
            "seconds": round(seconds, 1),
            "algorithm": report.algorithm,
            "classes": report.classes,
            "holdout_accuracy": round(report.accuracy or 0, 4),
            "holdout_macro_f1": report.macro_f1,
        }
    print(
        json.dumps({"tickets": args.tickets, "targets": results, "total_seconds": round(total, 1)}, indent=2)
    )


if __name__ == "__main__":
    main()
