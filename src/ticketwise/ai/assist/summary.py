"""Thread summary for the agent: from the LLM (Feature.SUMMARY), or offline an extract of the thread.

The offline summary keeps 3–5 sentences (about half of them, within those bounds), in thread
order, each with who said it. Sentences are split after 。！？； (Chinese) and after . ! ? followed
by white space (English), and at line breaks; greetings and thanks are left out. Each sentence is
scored by its TF-IDF centrality (mean cosine similarity to the other sentences, over
:func:`ticketwise.ai.text.tokenize.words`) plus a bonus for where it stands: the opening of the
request says what is wrong, the latest message says where things are. The best sentence of the
request is kept first, then the best sentence of each other message (so the summary follows the
turns of the conversation), then the best of the rest; a near-duplicate of a kept sentence never.

The thread sent to the LLM has sensitive data redacted (:func:`.sensitive.redact`).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import numpy as np
import pydantic
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy.orm import Session

from ticketwise.ai import llm
from ticketwise.ai.assist.sensitive import redact
from ticketwise.ai.assist.thread import Language, Role, Utterance, requester_name, thread_of
from ticketwise.ai.features import Feature
from ticketwise.ai.text.tokenize import words
from ticketwise.tickets.models import Ticket

MIN_SENTENCES = 3
MAX_SENTENCES = 5
KEEP_SHARE = 0.5  # of the candidate sentences, before the 3..5 bounds
NEAR_DUPLICATE = 0.8
# Weights of the position bonus against centrality (which lies in 0..1).
OPENING_BONUS = 0.3
REQUEST_BONUS = 0.1
LATEST_BONUS = 0.15

# A sentence ends after 。！？； (with any closing quotes), after . ! ? followed by white space, or at
# a line break; "1.5", "e.g.x" and URLs stay whole.
_SENTENCE_END = re.compile(r"[。！？；]+[”’」』)）]*|[.!?]+[\"')\]]*(?=\s|$)|\n")
_SALUTATION = re.compile(
    r"^(hi|hello|hey|dear|thanks?|thank you|many thanks|regards|best( regards)?|kind regards|cheers|"
    r"sincerely|您好|你好|谢谢|多谢|感谢|此致|祝好|敬礼)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SummaryLine:
    """One kept sentence with who said it."""

    message_id: int | None
    author: str
    role: Role
    text: str


@dataclass(frozen=True)
class Summary:
    """A summary: ``text`` from the LLM, or ``lines`` extracted offline (``provider == "builtin"``);
    ``fallback`` when a provider is configured but did not answer."""

    text: str
    lines: tuple[SummaryLine, ...]
    provider: str
    model: str
    latency_ms: int
    fallback: bool = False

    @property
    def offline(self) -> bool:
        return self.provider == "builtin"


class SummaryOutput(pydantic.BaseModel):
    """What the LLM must answer."""

    summary: str = pydantic.Field(min_length=1, max_length=4000)


@dataclass(frozen=True)
class _Sentence:
    utterance: int  # index in the thread
    position: int  # index within its utterance
    text: str


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see the module docstring), stripped, empty ones dropped."""
    text = text or ""
    parts, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        parts.append(text[start : boundary.end()])
        start = boundary.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def _sentences(thread: list[Utterance]) -> list[_Sentence]:
    found: list[_Sentence] = []
    for index, utterance in enumerate(thread):
        for position, text in enumerate(split_sentences(utterance.text)):
            tokens = words(text)
            if len(tokens) < 2 or (_SALUTATION.match(text) and len(tokens) < 6):
                continue  # "Hi Bob,", "Thanks!", "此致 敬礼" say nothing about the case
            found.append(_Sentence(index, position, text))
    return found


def _keep_count(total: int) -> int:
    return min(total, max(MIN_SENTENCES, min(MAX_SENTENCES, round(total * KEEP_SHARE))))


def _scores(sentences: list[_Sentence], thread_length: int) -> tuple[np.ndarray, np.ndarray]:
    """(score per sentence, cosine similarity matrix)."""
    vectorizer = TfidfVectorizer(analyzer=words, norm="l2", sublinear_tf=True)
    matrix = vectorizer.fit_transform([sentence.text for sentence in sentences])
    similarity = (matrix @ matrix.T).toarray()
    count = len(sentences)
    centrality = (similarity.sum(axis=1) - similarity.diagonal()) / max(count - 1, 1)
    latest = {thread_length - 1, thread_length - 2}
    bonus = np.array(
        [
            (
                OPENING_BONUS
                if s.utterance == 0 and s.position <= 1
                else REQUEST_BONUS
                if s.utterance == 0
                else 0
            )
            + (LATEST_BONUS if s.utterance in latest and s.utterance != 0 else 0)
            for s in sentences
        ]
    )
    return centrality + bonus, similarity


def _select(sentences: list[_Sentence], scores: np.ndarray, similarity: np.ndarray) -> list[int]:
    """The best sentence of the request, then the best sentence of each other message by score
    (so the summary follows the turns of the conversation), then the best remaining sentences;
    never a near-duplicate of a kept one."""
    wanted = _keep_count(len(sentences))
    leads: dict[int, int] = {}
    for index, sentence in enumerate(sentences):
        current = leads.get(sentence.utterance)
        if current is None or scores[index] > scores[current]:
            leads[sentence.utterance] = index
    request_lead = [leads.pop(0)] if 0 in leads else []
    by_score = sorted(leads.values(), key=lambda i: (-scores[i], i))
    rest = sorted(
        (i for i in range(len(sentences)) if i not in leads.values() and i not in request_lead),
        key=lambda i: (-scores[i], i),
    )
    chosen: list[int] = []
    for index in [*request_lead, *by_score, *rest]:
        if len(chosen) >= wanted:
            break
        if all(similarity[index, other] < NEAR_DUPLICATE for other in chosen):
            chosen.append(index)
    return chosen


def extract(thread: list[Utterance]) -> list[SummaryLine]:
    """The offline summary of ``thread`` (see the module docstring); empty for an empty thread."""
    sentences = _sentences(thread)
    if not sentences:
        return []
    try:
        scores, similarity = _scores(sentences, len(thread))
    except ValueError:  # no sentence has a word left (all stop words): keep the opening ones
        chosen = list(range(min(len(sentences), MIN_SENTENCES)))
    else:
        chosen = _select(sentences, scores, similarity)
    lines = []
    for index in sorted(chosen):
        sentence = sentences[index]
        utterance = thread[sentence.utterance]
        lines.append(SummaryLine(utterance.message_id, utterance.author, utterance.role, sentence.text))
    return lines


def _thread_variables(ticket: Ticket, thread: list[Utterance]) -> dict[str, object]:
    return {
        "ticket": {"number": ticket.number, "title": ticket.title, "requester": requester_name(ticket)},
        "thread": [
            {"author": u.author, "role": u.role, "at": u.created_at.isoformat(), "text": redact(u.text)}
            for u in thread
        ],
    }


def summarise(session: Session, ticket: Ticket, *, language: Language) -> Summary:
    """A summary of ``ticket``'s thread (internal notes included: it is for agents) written by the LLM
    in ``language``; the offline extract when the feature runs on builtin or the call fails."""
    thread = thread_of(session, ticket, notes=True)
    answer = llm.ask(
        session,
        Feature.SUMMARY,
        "summary",
        _thread_variables(ticket, thread),
        SummaryOutput,
        language=language,
    )
    if answer is not None and answer.output.summary.strip():
        return Summary(
            text=answer.output.summary.strip(),
            lines=(),
            provider=answer.provider,
            model=answer.model,
            latency_ms=answer.latency_ms,
        )
    started = time.perf_counter()
    lines = tuple(extract(thread))
    elapsed = int((time.perf_counter() - started) * 1000)
    return Summary(
        text="",
        lines=lines,
        provider="builtin",
        model="extractive",
        latency_ms=elapsed,
        fallback=llm.llm_enabled(session, Feature.SUMMARY),
    )
