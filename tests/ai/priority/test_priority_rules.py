"""The priority rules on their own: matrix, keywords, VIP, history and how they combine."""

from __future__ import annotations

import pytest

from ticketwise.ai.decisions import render_reasons
from ticketwise.ai.priority.config import DEFAULT_KEYWORD_RULES, DEFAULT_MATRIX, KeywordRule, PriorityConfig
from ticketwise.ai.priority.history import HistoryView
from ticketwise.ai.priority.rules import PriorityFacts, decide
from ticketwise.tickets.enums import Level, Priority

DEFAULTS = PriorityConfig(DEFAULT_MATRIX, DEFAULT_KEYWORD_RULES, vip_raise=True, use_history=True)
H, M, L = Level.HIGH, Level.MEDIUM, Level.LOW


@pytest.mark.parametrize(
    ("impact", "urgency", "expected"),
    [
        (H, H, "P0"),
        (H, M, "P1"),
        (M, H, "P1"),
        (M, M, "P2"),
        (H, L, "P2"),
        (L, H, "P2"),
        (M, L, "P3"),
        (L, L, "P3"),
    ],
)
def test_the_default_matrix_is_itil_like(impact, urgency, expected):
    outcome = decide(DEFAULTS, PriorityFacts(impact=impact, urgency=urgency, text="printer"))
    assert outcome.priority == expected
    assert render_reasons(outcome.reasons) == [
        f"impact {impact.value.title()} × urgency {urgency.value.title()} → {expected}"
    ]


def test_unknown_axes_are_assumed_medium_and_say_so():
    outcome = decide(DEFAULTS, PriorityFacts(impact=None, urgency=None, text="printer"))
    assert outcome.priority is Priority.P2
    assert render_reasons(outcome.reasons) == [
        "impact not known: medium assumed",
        "urgency not known: medium assumed",
        "impact Medium × urgency Medium → P2",
    ]


def test_keywords_raise_urgency_and_set_a_floor():
    outcome = decide(DEFAULTS, PriorityFacts(impact=L, urgency=L, text="邮件服务器宕机了"))
    assert outcome.priority is Priority.P1
    texts = render_reasons(outcome.reasons)
    assert "keyword 宕机: urgency High" in texts
    assert "impact Low × urgency High → P2" in texts
    assert "keyword 宕机: at least P1" in texts


def test_latin_keywords_match_whole_words_only():
    assert (
        decide(DEFAULTS, PriorityFacts(impact=M, urgency=M, text="The download is slow")).priority
        is Priority.P2
    )
    assert decide(DEFAULTS, PriorityFacts(impact=M, urgency=M, text="Site is DOWN!")).priority is Priority.P1


def test_a_vip_organization_raises_one_step_last():
    outcome = decide(DEFAULTS, PriorityFacts(impact=H, urgency=M, text="x", vip_organization="Acme"))
    assert outcome.priority is Priority.P0
    assert render_reasons(outcome.reasons)[-1] == "VIP organization Acme: raised to P0"
    off = PriorityConfig(DEFAULT_MATRIX, (), vip_raise=False, use_history=True)
    assert (
        decide(off, PriorityFacts(impact=H, urgency=M, text="x", vip_organization="Acme")).priority
        is Priority.P1
    )


def test_history_is_listed_and_moves_an_assumed_result_one_step():
    history = HistoryView(Priority.P0, share=0.7, count=40, narrowed_by=("category",))
    outcome = decide(DEFAULTS, PriorityFacts(impact=None, urgency=M, text="x", history=history))
    assert outcome.priority is Priority.P1  # P2 from the matrix, one step towards P0
    texts = render_reasons(outcome.reasons)
    assert "history: 70% of 40 similar tickets were P0" in texts
    assert "history moved the priority one step to P1" in texts

    # With both axes known the matrix stands; history is still listed.
    known = decide(DEFAULTS, PriorityFacts(impact=M, urgency=M, text="x", history=history))
    assert known.priority is Priority.P2
    assert "history: 70% of 40 similar tickets were P0" in render_reasons(known.reasons)

    # Without a clear majority, history does not count.
    vague = HistoryView(Priority.P0, share=0.4, count=40, narrowed_by=())
    unclear = decide(DEFAULTS, PriorityFacts(impact=None, urgency=M, text="x", history=vague))
    assert unclear.priority is Priority.P2 and not any(
        "history" in t for t in render_reasons(unclear.reasons)
    )


def test_a_custom_matrix_and_rules_are_used():
    matrix = {impact: dict(row) for impact, row in DEFAULT_MATRIX.items()}
    matrix[M][M] = Priority.P3
    config = PriorityConfig(matrix, (KeywordRule("发票", Priority.P1),), vip_raise=True, use_history=False)
    assert decide(config, PriorityFacts(impact=M, urgency=M, text="x")).priority is Priority.P3
    assert decide(config, PriorityFacts(impact=M, urgency=M, text="发票开错了")).priority is Priority.P1


def test_levels_in_reasons_are_shown_in_the_readers_language():
    from ticketwise.core.i18n import use_locale  # noqa: PLC0415

    outcome = decide(DEFAULTS, PriorityFacts(impact=Level.HIGH, urgency=Level.LOW, text="printer"))
    with use_locale("zh_CN"):
        [text] = render_reasons(outcome.reasons)
    assert "high" not in text and "low" not in text and "P2" in text
