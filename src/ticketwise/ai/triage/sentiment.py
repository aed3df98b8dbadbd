"""Sentiment of a ticket (negative, neutral, positive) from a small zh+en lexicon with negation.

There is no labelled sentiment data for tickets here, so this is a lexicon, not a trained model: each
polar word counts ±1 (±2 for strong words), a negation up to three words before it flips it ("not
happy", "不满意" is already negative, "不是很好" flips "好"), and the sum decides. Confidence grows with
the margin and stays modest: a lexicon is a hint. Ticket text leans negative by nature (people write
when something is broken), so problem words alone ("error", "故障") do not count; feelings do.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticketwise.ai.text.stopwords import NEGATIONS_EN, NEGATIONS_ZH
from ticketwise.ai.text.tokenize import words

NEGATIVE = "negative"
NEUTRAL = "neutral"
POSITIVE = "positive"
_NEGATION_WINDOW = 3

_POSITIVE = {
    "满意": 1, "谢谢": 1, "感谢": 1, "非常感谢": 2, "好": 1, "很好": 1, "不错": 1, "棒": 1, "赞": 1, "专业": 1,
    "及时": 1, "高兴": 1, "开心": 1, "耐心": 1, "辛苦": 1, "解决": 1, "给力": 1, "完美": 2, "表扬": 2,
    "thanks": 1, "thank": 1, "great": 1, "good": 1, "excellent": 2, "happy": 1, "helpful": 1, "appreciate": 1,
    "perfect": 2, "awesome": 2, "love": 1, "pleased": 1, "resolved": 1, "quick": 1, "fantastic": 2,
}  # fmt: skip
_NEGATIVE = {
    "不满": 2, "不满意": 2, "失望": 2, "生气": 2, "愤怒": 2, "差": 1, "太差": 2, "差劲": 2, "垃圾": 2,
    "投诉": 1, "烦": 1, "无语": 1, "糟糕": 2, "恶心": 2, "骗": 2, "欺骗": 2, "态度": 1, "恶劣": 2, "退款": 1,
    "赔偿": 1, "着急": 1, "急死": 2, "崩溃": 1, "受不了": 2, "忍无可忍": 2, "一直": 1, "再次": 1, "又": 1,
    "angry": 2, "furious": 2, "disappointed": 2, "disappointing": 2, "terrible": 2, "awful": 2, "horrible": 2,
    "worst": 2, "bad": 1, "poor": 1, "unacceptable": 2, "ridiculous": 2, "rude": 2, "frustrated": 2,
    "frustrating": 2, "annoyed": 1, "annoying": 1, "complaint": 1, "complain": 1, "refund": 1, "again": 1,
    "still": 1, "useless": 2, "waste": 1, "upset": 2, "scam": 2, "hate": 2,
}  # fmt: skip
_NEGATIONS = NEGATIONS_EN | NEGATIONS_ZH


@dataclass(frozen=True)
class Sentiment:
    label: str
    confidence: float
    score: int
    positive: tuple[str, ...]  # words that counted towards each side (after negation)
    negative: tuple[str, ...]


def sentiment(text: str) -> Sentiment:
    """The sentiment of ``text``; neutral (confidence 0.5) when nothing polar is found or it balances."""
    tokens = words(text, stop_words=False)
    score = 0
    positive: list[str] = []
    negative: list[str] = []
    for index, token in enumerate(tokens):
        weight = _POSITIVE.get(token, 0) - _NEGATIVE.get(token, 0)
        if not weight:
            continue
        window = tokens[max(0, index - _NEGATION_WINDOW) : index]
        if any(word in _NEGATIONS for word in window):
            weight = -weight
            token = f"{window[-1]}…{token}" if window[-1] in _NEGATIONS else f"¬{token}"
        score += weight
        (positive if weight > 0 else negative).append(token)
    if score == 0:
        return Sentiment(NEUTRAL, 0.5, 0, tuple(positive), tuple(negative))
    label = POSITIVE if score > 0 else NEGATIVE
    confidence = min(0.95, 0.55 + 0.1 * abs(score))
    return Sentiment(label, confidence, score, tuple(positive), tuple(negative))
