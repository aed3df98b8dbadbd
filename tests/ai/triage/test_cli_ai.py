"""``ticketwise ai train`` and ``ticketwise ai eval`` through Typer's runner."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ticketwise.cli.main import app

FIXTURE = Path(__file__).parents[2] / "fixtures" / "banking77_slice.csv"
runner = CliRunner()


def test_train_prints_metrics_per_target(database, agent_ticket, session):
    for text in ["打印机卡纸", "打印机无法打印", "Printer out of toner"]:
        agent_ticket(text, type="it_support")
    for text in ["请问营业时间", "How much is the premium plan?"]:
        agent_ticket(text, type="general_inquiry")
    session.commit()
    result = runner.invoke(app, ["ai", "train"])
    assert result.exit_code == 0, result.output
    for target in ("type", "category", "urgency", "intent"):
        assert target in result.output
    assert "skipped" in result.output  # intents: nobody labelled any yet
    assert "logreg" in result.output


def test_eval_cross_validates_a_labelled_csv(tmp_path):
    rows = list(csv.DictReader(FIXTURE.open(encoding="utf-8")))[:200]  # 5 intents x 40
    path = tmp_path / "intents.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["query", "intent"])
        writer.writeheader()
        writer.writerows({"query": r["text"], "intent": r["category"]} for r in rows)
    result = runner.invoke(
        app, ["ai", "eval", "--csv", str(path), "--text", "query", "--label", "intent", "--folds", "3",
              "--algorithm", "logreg"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Accuracy: " in result.output and "Macro-F1: " in result.output
    accuracy = float(result.output.split("Accuracy: ")[1].split()[0])
    assert accuracy >= 0.7
    assert "card_arrival" in result.output and "precision" in result.output  # the per-class report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--csv", "/nonexistent/file.csv", "--text", "text", "--label", "category"], "does not exist"),
        (["--text", "text", "--label", "missing"], "has no column missing"),
        (["--text", "text", "--label", "category", "--folds", "1"], "At least two folds"),
    ],
)
def test_eval_reports_bad_input_clearly(tmp_path, args, message):
    if "--csv" not in args:
        copy = tmp_path / "data.csv"
        shutil.copy(FIXTURE, copy)
        args = ["--csv", str(copy), *args]
    result = runner.invoke(app, ["ai", "eval", *args])
    assert result.exit_code == 1
    assert message in result.output


def test_eval_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("text,label\n打印机坏了,it\n".encode("gbk"))
    result = runner.invoke(app, ["ai", "eval", "--csv", str(path), "--text", "text", "--label", "label"])
    assert result.exit_code == 1 and "UTF-8" in result.output
