"""Text features of the triage models: TF-IDF over jieba words (uni- and bigrams) and char 2–3-grams.

The analyzers are module-level functions so a fitted vectorizer pickles by reference (joblib) and a
model file never embeds code. Bigrams of words help English intents ("top up" vs "top"); character
n-grams catch spelling variants, unknown compounds and the parts of codes.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from ticketwise.ai.text.tokenize import char_ngrams, words

WORDS = "words"
CHARS = "chars"


def word_ngrams(text: str) -> list[str]:
    """Words and adjacent word pairs (joined by a space)."""
    tokens = words(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def text_features(*, max_char_features: int | None = 300_000) -> FeatureUnion:
    """An unfitted union of the two TF-IDF vectorizers (sublinear tf, L2-normalised each)."""
    return FeatureUnion(
        [
            (WORDS, TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True, dtype=np.float32)),
            (
                CHARS,
                TfidfVectorizer(
                    analyzer=char_ngrams, sublinear_tf=True, max_features=max_char_features, dtype=np.float32
                ),
            ),
        ]
    )


def feature_names(features: FeatureUnion) -> list[tuple[str, str]]:
    """``(kind, feature)`` for every column of a fitted union, in column order."""
    names: list[tuple[str, str]] = []
    for kind, vectorizer in features.transformer_list:
        names.extend((kind, name) for name in vectorizer.get_feature_names_out())
    return names
