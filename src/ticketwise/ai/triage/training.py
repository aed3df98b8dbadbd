"""Training the triage models of every target from the site's history (``ticketwise ai train`` and the
nightly job)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import structlog
from sqlalchemy.orm import Session

from ticketwise.ai.triage import repository, store
from ticketwise.ai.triage.classifier import NotEnoughData, TextClassifier, TrainingReport, train
from ticketwise.ai.triage.dataset import TARGETS, hint_samples, history_samples
from ticketwise.ai.triage.models import TrainedModel
from ticketwise.core.i18n import N_
from ticketwise.core.uow import unit_of_work

log = structlog.get_logger(__name__)

Progress = Callable[[str], None]  # called with a target's name once it is done


@dataclass(frozen=True)
class TargetResult:
    target: str
    report: TrainingReport | None  # None: skipped
    row: TrainedModel | None
    seconds: float
    skipped_reason: str | None = None  # an N_() msgid


SaveModel = Callable[[str, TextClassifier, TrainingReport, float], TrainedModel]


def _fit_targets(
    history: dict[str, list],
    hints: dict[str, list],
    save: SaveModel,
    *,
    targets: Sequence[str],
    algorithm: str,
    progress: Progress | None,
) -> list[TargetResult]:
    results: list[TargetResult] = []
    for target in targets:
        started = time.perf_counter()
        try:
            classifier, report = train(
                history.get(target, []), extra=hints.get(target, []), algorithm=algorithm
            )
        except NotEnoughData:
            results.append(TargetResult(target, None, None, 0.0, N_("fewer than two labels")))
        else:
            seconds = time.perf_counter() - started
            row = save(target, classifier, report, seconds)
            log.info("triage_model_trained", target=target, version=row.version, **report.as_metrics())
            results.append(TargetResult(target, report, row, seconds))
        if progress is not None:
            progress(target)
    return results


def train_models(
    session: Session,
    *,
    targets: Sequence[str] = TARGETS,
    algorithm: str = "auto",
    progress: Progress | None = None,
) -> list[TargetResult]:
    """Train and register one model per target in ``session`` (flushes; the caller commits).

    A target with fewer than two labels (e.g. intents on a new site) is skipped with a reason, and
    its previous model, if any, stays current. Training takes minutes on a large site: outside
    tests use :func:`train_models_unlocked`, which holds no write transaction meanwhile.
    """

    def save(target: str, classifier: TextClassifier, report: TrainingReport, seconds: float) -> TrainedModel:
        return store.save_model(session, target, classifier, report, training_seconds=seconds)

    return _fit_targets(
        history_samples(session),
        hint_samples(session),
        save,
        targets=targets,
        algorithm=algorithm,
        progress=progress,
    )


def train_models_unlocked(
    *,
    targets: Sequence[str] = TARGETS,
    algorithm: str = "auto",
    progress: Progress | None = None,
) -> list[TargetResult]:
    """:func:`train_models` with the history read in a read-only unit of work and each model
    registered in a short one of its own: on SQLite a write transaction locks every other writer,
    and fitting 100,000 tickets takes minutes (docs/benchmarks.md)."""
    with unit_of_work(write=False) as session:
        history, hints = history_samples(session), hint_samples(session)

    def save(target: str, classifier: TextClassifier, report: TrainingReport, seconds: float) -> TrainedModel:
        with unit_of_work() as session:
            return store.save_model(session, target, classifier, report, training_seconds=seconds)

    return _fit_targets(history, hints, save, targets=targets, algorithm=algorithm, progress=progress)


def needs_retraining(session: Session) -> bool:
    """Whether people changed anything since the last training (or nothing was ever trained)."""
    return repository.labelled_since(
        session, repository.last_training(session)
    ) > 0 or not repository.model_rows(session)
