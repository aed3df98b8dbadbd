"""``ticketwise ai train``, ``ai eval`` and ``ai reindex``: the builtin models and the similar-case
index from the shell."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ticketwise.ai.retrieval.rebuild import rebuild_index
from ticketwise.ai.triage.classifier import ALGORITHMS
from ticketwise.ai.triage.dataset import TARGETS
from ticketwise.ai.triage.evaluation import cross_validate, read_labelled_csv
from ticketwise.ai.triage.training import train_models_unlocked
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, gettext
from ticketwise.core.uow import unit_of_work

app = typer.Typer(help="Train and evaluate the built-in AI models.", no_args_is_help=True)
console = Console(highlight=False)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _check_algorithm(algorithm: str) -> str:
    if algorithm != "auto" and algorithm not in ALGORITHMS:
        raise ValidationFailed(
            N_("Choose one of: %(choices)s."), field="algorithm", choices=", ".join(("auto", *ALGORITHMS))
        )
    return algorithm


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


@app.command("train")
def train_command(
    target: list[str] = typer.Option(
        list(TARGETS),
        "--target",
        help="Targets to train (repeat the option): type, category, intent, urgency.",
    ),
    algorithm: str = typer.Option(
        "auto", help="auto (best macro-F1 on a held-out split), " + ", ".join(ALGORITHMS)
    ),
) -> None:
    """Retrain the triage models from this site's history and print held-out accuracy and macro-F1."""
    _check_algorithm(algorithm)
    unknown = [name for name in target if name not in TARGETS]
    if unknown:
        raise ValidationFailed(N_("Choose one of: %(choices)s."), field="target", choices=", ".join(TARGETS))
    with _progress() as progress:
        task = progress.add_task(gettext(N_("Training")), total=len(target))
        results = train_models_unlocked(
            targets=target, algorithm=algorithm, progress=lambda _name: progress.advance(task)
        )
    table = Table(title=gettext(N_("Triage models")))
    for header in (N_("Target"), N_("Version"), N_("Algorithm"), N_("Samples"), N_("Hints"), N_("Classes"),
                   N_("Accuracy"), N_("Macro-F1"), N_("Seconds")):  # fmt: skip
        table.add_column(gettext(header))
    skipped = []
    for result in results:
        if result.report is None or result.row is None:
            table.add_row(result.target, *["-"] * 8)
            skipped.append(result)
            continue
        report = result.report
        table.add_row(
            result.target,
            str(result.row.version),
            report.algorithm,
            str(report.samples),
            str(report.extra_samples),
            str(report.classes),
            _percent(report.accuracy),
            _percent(report.macro_f1),
            f"{result.seconds:.1f}",
        )
    console.print(table)
    for result in skipped:
        note = gettext(N_("%(target)s: skipped (%(reason)s)")) % {
            "target": result.target,
            "reason": gettext(result.skipped_reason or ""),
        }
        console.print(f"[yellow]{escape(note)}[/yellow]")
    console.print(escape(gettext(N_("Accuracy and macro-F1 are measured on 20% of the history held out."))))


@app.command("eval")
def eval_command(
    csv_path: Path = typer.Option(..., "--csv", help="CSV file (UTF-8) with a header row."),
    text: str = typer.Option(..., "--text", help="Column holding the text."),
    label: str = typer.Option(..., "--label", help="Column holding the label."),
    folds: int = typer.Option(5, "--folds", help="Folds of the stratified cross-validation (at least 2)."),
    algorithm: str = typer.Option("auto", help="auto, " + ", ".join(ALGORITHMS)),
) -> None:
    """Cross-validate the builtin classifier on a labelled CSV: accuracy, macro-F1, per-class report."""
    _check_algorithm(algorithm)
    rows = read_labelled_csv(csv_path, text, label)
    with _progress() as progress:
        task = progress.add_task(gettext(N_("Cross-validating")), total=max(folds, 0))
        result = cross_validate(
            rows,
            folds=folds,
            algorithm=algorithm,
            progress=lambda done: progress.update(task, completed=done),
        )
    if result.dropped_classes:
        note = gettext(N_("Left out (fewer rows than folds): %(labels)s")) % {
            "labels": ", ".join(result.dropped_classes)
        }
        console.print(f"[yellow]{escape(note)}[/yellow]")
    summary = gettext(
        N_("%(samples)s rows, %(classes)s labels, %(folds)s folds, algorithm %(algorithm)s")
    ) % {
        "samples": result.samples,
        "classes": result.classes,
        "folds": result.folds,
        "algorithm": result.algorithm,
    }
    console.print(escape(summary))
    console.print(f"{escape(gettext(N_('Accuracy')))}: {result.accuracy:.4f}")
    console.print(f"{escape(gettext(N_('Macro-F1')))}: {result.macro_f1:.4f}")
    console.print(escape(result.report))


@app.command("reindex")
def reindex_command() -> None:
    """Rebuild the similar-case index from every resolved ticket (and every other registered source).

    Needed after restoring a backup made elsewhere or changing the embedder; otherwise the index is
    kept current as tickets are resolved and reopened. One transaction: other writers wait meanwhile.
    """
    with _progress() as progress, unit_of_work() as session:
        task = progress.add_task(gettext(N_("Indexing")), total=None)

        def advance(kind: str, done: int) -> None:
            progress.update(task, description=f"{gettext(N_('Indexing'))} {kind}", completed=done)

        counts = rebuild_index(session, advance)
    for kind, count in counts.items():
        console.print(gettext(N_("%(kind)s: %(count)s documents indexed")) % {"kind": kind, "count": count})
