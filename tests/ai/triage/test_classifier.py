"""The builtin classifier on real data (a BANKING77 slice), its explanations and its limits."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ticketwise.ai.triage.classifier import LOGREG, SVC, NotEnoughData, fit, train

FIXTURE = Path(__file__).parents[2] / "fixtures" / "banking77_slice.csv"


def _slice(split: str) -> list[tuple[str, str]]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return [(row["text"], row["category"]) for row in csv.DictReader(handle) if row["split"] == split]


@pytest.fixture(scope="module")
def banking():
    return _slice("train"), _slice("test")


def test_training_on_banking77_reaches_a_sane_accuracy(banking):
    train_rows, test_rows = banking
    classifier, report = train(train_rows)
    predictions = [classifier.predict(text) for text, _ in test_rows]
    correct = sum(
        p is not None and p.label == label for p, (_, label) in zip(predictions, test_rows, strict=True)
    )
    # 10 intents, 30 examples each: a chance level of 10 %; the full data set gives ~90 % (bench/).
    assert correct / len(test_rows) >= 0.8
    assert report.samples == 300 and report.classes == 10
    assert set(report.candidates) == {LOGREG, SVC}  # both were scored on the held-out split
    assert report.algorithm in report.candidates
    assert report.macro_f1 is not None and report.macro_f1 >= 0.6


def test_probabilities_are_calibrated_and_explained(banking):
    classifier, _ = train(banking[0], algorithm=SVC)
    prediction = classifier.predict("I lost my card, someone stole it yesterday")
    assert prediction.label == "lost_or_stolen_card"
    assert 0.3 < prediction.confidence <= 1.0
    assert prediction.evidence, "the words that counted are given"
    assert any(e.feature in ("stole", "lost", "stolen") for e in prediction.evidence)
    assert all(e.weight > 0 for e in prediction.evidence)
    total = classifier.probabilities(["my pin is blocked"])[0].sum()
    assert total == pytest.approx(1.0, abs=1e-6)


def test_allowed_labels_restrict_and_renormalise(banking):
    classifier = fit([t for t, _ in banking[0]], [y for _, y in banking[0]], LOGREG)
    prediction = classifier.predict("I lost my card", allowed={"change_pin", "pin_blocked"})
    assert prediction.label in {"change_pin", "pin_blocked"}
    assert prediction.confidence + sum(p for _, p in prediction.alternatives) == pytest.approx(1.0, abs=1e-3)
    assert classifier.predict("I lost my card", allowed={"not_a_label"}) is None


def test_chinese_text_is_classified_from_few_examples():
    samples = [
        ("电脑蓝屏死机", "it"), ("打印机无法打印", "it"), ("邮箱登录不了", "it"), ("VPN 连接失败", "it"),
        ("空调漏水", "repair"), ("电梯故障停运", "repair"), ("门锁坏了需要维修", "repair"), ("水管爆裂", "repair"),
    ]  # fmt: skip
    classifier, report = train(samples)
    assert report.accuracy is None  # too few samples to hold any out
    assert classifier.predict("我的电脑开机就蓝屏").label == "it"
    assert classifier.predict("会议室空调一直漏水").label == "repair"


def test_a_single_class_cannot_be_trained():
    with pytest.raises(NotEnoughData):
        train([("a", "x"), ("b", "x")])
    with pytest.raises(NotEnoughData):
        train([])
