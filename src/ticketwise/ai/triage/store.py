"""Trained triage models on disk and in memory.

A model is written with joblib to ``<data_dir>/ai/triage/<target>-v<version>-<token>.joblib`` (written
to a temporary name, then renamed: a reader never sees half a file) and registered in
``ai_trained_models``. Each process keeps the models it loaded, keyed by file; every use asks the
database for the newest row of the target (one indexed query) and loads the newer file when another
process trained one. The random token keeps two files apart even when a rolled-back registration
lets a version number be used again.
"""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import joblib
import structlog
from sqlalchemy.orm import Session

from ticketwise.ai.triage import repository
from ticketwise.ai.triage.classifier import TextClassifier, TrainingReport
from ticketwise.ai.triage.models import TrainedModel
from ticketwise.config import get_settings
from ticketwise.core.clock import now

log = structlog.get_logger(__name__)

MODEL_FOLDER = Path("ai") / "triage"
KEEP_VERSIONS = 3  # older files of a target are deleted after a newer one is saved


def _data_dir() -> Path:
    return get_settings().data_dir


def latest_row(session: Session, target: str) -> TrainedModel | None:
    newest = repository.newest_models(session, target, 1)
    return newest[0] if newest else None


def save_model(
    session: Session,
    target: str,
    classifier: TextClassifier,
    report: TrainingReport,
    *,
    training_seconds: float,
) -> TrainedModel:
    """Write the model file and register it as the target's newest version (flushes, no commit)."""
    newest = latest_row(session, target)
    version = (newest.version if newest else 0) + 1
    relative = MODEL_FOLDER / f"{target}-v{version}-{uuid.uuid4().hex[:8]}.joblib"
    path = _data_dir() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    joblib.dump(classifier, temporary, compress=3)
    os.replace(temporary, path)
    row = TrainedModel(
        target=target,
        version=version,
        path=relative.as_posix(),
        algorithm=classifier.algorithm,
        metrics=report.as_metrics(),
        sample_count=report.samples,
        hint_count=report.extra_samples,
        class_count=report.classes,
        size_bytes=path.stat().st_size,
        training_seconds=round(training_seconds, 3),
        trained_at=now(),
    )
    session.add(row)
    session.flush()
    _delete_old_files(
        target, keep={row.path, *(r.path for r in repository.newest_models(session, target, KEEP_VERSIONS))}
    )
    return row


def _delete_old_files(target: str, keep: set[str]) -> None:
    folder = _data_dir() / MODEL_FOLDER
    for file in folder.glob(f"{target}-v*.joblib"):
        if (MODEL_FOLDER / file.name).as_posix() not in keep:
            file.unlink(missing_ok=True)


class _LoadedModels:
    """The classifiers this process loaded, by file; shared by every thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_path: dict[str, TextClassifier] = {}

    def get(self, relative: str) -> TextClassifier | None:
        with self.lock:
            cached = self.by_path.get(relative)
        if cached is not None:
            return cached
        path = _data_dir() / relative
        try:
            classifier = joblib.load(path)
        except (OSError, EOFError, ValueError) as error:
            log.warning("triage_model_unreadable", path=str(path), error=type(error).__name__)
            return None
        with self.lock:
            # Keep one model per target: a process holds only the versions it currently uses.
            target = Path(relative).name.split("-v", 1)[0]
            for key in [k for k in self.by_path if Path(k).name.split("-v", 1)[0] == target]:
                del self.by_path[key]
            self.by_path[relative] = classifier
        return classifier

    def clear(self) -> None:
        with self.lock:
            self.by_path.clear()


_loaded = _LoadedModels()


def current_model(session: Session, target: str) -> tuple[TrainedModel, TextClassifier] | None:
    """The newest registered model of ``target`` and its classifier (loaded once per process), or
    None before the first training or when its file is missing or unreadable (logged)."""
    row = latest_row(session, target)
    if row is None:
        return None
    classifier = _loaded.get(row.path)
    return None if classifier is None else (row, classifier)


def forget_loaded_models() -> None:
    """Drop every loaded model (tests acting as a freshly started process)."""
    _loaded.clear()
