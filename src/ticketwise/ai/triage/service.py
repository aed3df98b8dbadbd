"""Triage of a new ticket (DESIGN §7): type, category, intent, urgency, sentiment, language, keywords
and entities, each recorded as an AI decision with its confidence and reasons (contract §3.8).

Rules of application:

* the LLM configured for triage answers type, category, urgency, intent and sentiment when it can;
  otherwise (not configured, failed, timed out, invalid answer) the builtin models do;
* a decision is applied only when AI settings allow it (``auto_apply_triage``), its confidence is at
  least ``triage_min_confidence`` (decisions without a confidence measure, keywords and LLM
  sentiment, count as sure), and the ticket's value is empty or a default: a type nobody chose (see
  :func:`type_is_default`), no category, no urgency, no intent ...; a value a person gave is never
  replaced;
* the category is predicted among the categories of the ticket's type (after the type decision);
* a type nobody chose whose prediction is below the threshold puts the ticket in the human triage
  queue (``needs_triage``, itself a recorded decision);
* values are applied through :func:`ticketwise.ai.decisions.apply_value` (the tickets service,
  audited with actor ``ai``). ``ai_confidence``/``ai_reasons`` on the ticket summarise the type
  decision; they are not audited separately because the decision record is their audit.

Entities are recorded for people to see; filling the type's fields from the text is intake's job.
"""

from __future__ import annotations

import json
import time
from typing import Any

import structlog
from sqlalchemy.orm import Session

from ticketwise.ai.decisions import apply_value, reason, record
from ticketwise.ai.features import Feature
from ticketwise.ai.llm import llm_enabled
from ticketwise.ai.models import AiDecision
from ticketwise.ai.settings import ai_settings
from ticketwise.ai.triage import queue
from ticketwise.ai.triage.dataset import ticket_text
from ticketwise.ai.triage.entities import extract_entities
from ticketwise.ai.triage.keywords import keywords
from ticketwise.ai.triage.language import detect
from ticketwise.ai.triage.llm_triage import llm_guesses
from ticketwise.ai.triage.predict import Guess, guess
from ticketwise.ai.triage.sentiment import sentiment
from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import ActorType, Channel, Status
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.repository import list_events

log = structlog.get_logger(__name__)

BUILTIN = "builtin"
LEXICON = "lexicon-zh-en v1"
_UNCHOSEN_TYPE_CHANNELS = {Channel.EMAIL, Channel.WEBHOOK}


def type_is_default(session: Session, ticket: Ticket) -> bool:
    """Whether nobody chose the ticket's type: created without an actor from e-mail or a webhook
    (the mailbox's or the generic type) and not changed by a person since."""
    if ticket.created_by_id is not None or ticket.channel not in _UNCHOSEN_TYPE_CHANNELS:
        return False
    return not any(
        event.field == "type_id" and event.actor_type is ActorType.USER
        for event in list_events(session, ticket.id)
    )


def _timed(fn: Any, *args: Any) -> tuple[Any, int]:
    started = time.perf_counter()
    value = fn(*args)
    return value, int((time.perf_counter() - started) * 1000)


def _lexical_guesses(text: str, ticket: Ticket) -> list[Guess]:
    """Language, sentiment, keywords and entities: rules and lexicons, no trained model."""
    guesses = []
    found, ms = _timed(detect, text)
    if found is not None:
        code, probability = found
        guesses.append(
            Guess("language", code, probability, [reason(N_("Detected from the text (%(detector)s)"),
                  detector="py3langid")], {"language": code, "probability": round(probability, 4)},
                  "py3langid", ms)
        )  # fmt: skip
    mood, ms = _timed(sentiment, text)
    mood_reasons = []
    if mood.negative:
        mood_reasons.append(reason(N_("Negative words: %(words)s"), words=list(mood.negative)))
    if mood.positive:
        mood_reasons.append(reason(N_("Positive words: %(words)s"), words=list(mood.positive)))
    if not mood_reasons:
        mood_reasons.append(reason(N_("No words of feeling found")))
    mood_reasons.append(
        reason(N_("Lexicon with negation handling (no labelled sentiment data on this site)"))
    )
    guesses.append(
        Guess("sentiment", mood.label, mood.confidence, mood_reasons,
              {"label": mood.label, "score": mood.score}, LEXICON, ms)
    )  # fmt: skip
    words, ms = _timed(keywords, text)
    if words:
        guesses.append(
            Guess("keywords", ", ".join(words), None, [reason(N_("Most distinctive words of the text (TF-IDF)"))],
                  {"keywords": words}, "tfidf-jieba", ms)
        )  # fmt: skip
    entities, ms = _timed(extract_entities, text, ticket.type)
    if entities:
        kinds = sorted(entities)
        guesses.append(
            Guess("entities", json.dumps(entities, ensure_ascii=False, sort_keys=True), None,
                  [reason(N_("Found in the text: %(kinds)s"), kinds=kinds)], entities, "regex+phonenumbers", ms)
        )  # fmt: skip
    return guesses


def _builtin_guesses(session: Session, text: str, wanted: set[str]) -> list[Guess]:
    found = []
    for target in ("type", "intent", "urgency"):
        if target in wanted:
            result = guess(session, target, text)
            if result is not None:
                found.append(result)
    return found


def _category_guess(session: Session, ticket: Ticket, text: str) -> Guess | None:
    categories = [c for c in ticket.type.categories if c.is_active]
    if not categories:
        return None
    names = {str(c.id): c.name for c in categories}
    return guess(session, "category", text, allowed=set(names), label_names=names)


def _current(ticket: Ticket, attribute: str) -> Any:
    if attribute == "category":
        return ticket.category_id
    return getattr(ticket, attribute)


def _record(
    session: Session,
    ticket: Ticket,
    item: Guess,
    text: str,
    *,
    applied: bool,
    extra_reasons: list[dict[str, Any]],
) -> AiDecision:
    return record(
        session,
        ticket_id=ticket.id,
        feature=Feature.TRIAGE,
        attribute=item.attribute,
        value=item.value,
        confidence=item.confidence,
        reasons=[*item.reasons, *extra_reasons],
        provider=item.provider,
        model=item.model,
        input_text=text,
        output=item.output,
        latency_ms=item.latency_ms,
        applied=applied,
    )


class _Triage:
    """One ticket's triage: decides, applies and records each guess in turn."""

    def __init__(self, session: Session, ticket: Ticket, text: str) -> None:
        self.session = session
        self.ticket = ticket
        self.text = text
        settings = ai_settings(session)
        self.threshold = settings.triage_min_confidence
        self.auto_apply = settings.auto_apply_triage
        self.decisions: list[AiDecision] = []

    def sure(self, item: Guess) -> bool:
        return item.confidence is None or item.confidence >= self.threshold

    def handle(self, item: Guess, *, replaceable: bool, held: dict[str, Any] | None = None) -> AiDecision:
        """Record ``item``, applied if the rules allow; ``held`` is a reason not to apply it at all."""
        notes: list[dict[str, Any]] = []
        applied = False
        if item.value is None:
            pass
        elif held is not None:
            notes.append(held)
        elif not self.sure(item):
            notes.append(
                reason(N_("Confidence %(confidence)s is below the threshold %(threshold)s: not applied"),
                       confidence=item.confidence, threshold=self.threshold)
            )  # fmt: skip
        elif not replaceable:
            notes.append(reason(N_("Not applied: the ticket already has a value given by a person")))
        elif not self.auto_apply:
            notes.append(reason(N_("Not applied: automatic application of triage is switched off")))
        else:
            apply_value(self.session, self.ticket, item.attribute, item.value)
            applied = True
        decision = _record(self.session, self.ticket, item, self.text, applied=applied, extra_reasons=notes)
        self.decisions.append(decision)
        return decision

    def handle_type(self, item: Guess, *, default_type: bool) -> None:
        if item.value == self.ticket.type.slug:
            decision = _record(
                self.session, self.ticket, item, self.text, applied=False,
                extra_reasons=[reason(N_("Agrees with the ticket's current type"))],
            )  # fmt: skip
            self.decisions.append(decision)
        else:
            decision = self.handle(item, replaceable=default_type)
        self.ticket.ai_confidence = item.confidence
        self.ticket.ai_reasons = decision.reasons
        if default_type and not self.sure(item):
            self.decisions.append(
                queue.flag_for_triage(self.session, self.ticket, decision, self.threshold, self.text)
            )


def triage_new_ticket(session: Session, ticket: Ticket) -> list[AiDecision]:
    """Triage ``ticket`` (rules in the module docstring) and return the decisions recorded, in order.

    Flushes, never commits. Model trouble (a missing or unreadable model file) degrades to fewer
    decisions, never to an error; a closed or merged ticket is left alone (empty list).
    """
    if ticket.status in (Status.CLOSED, Status.CANCELLED, Status.MERGED):
        return []
    text = ticket_text(ticket.title, ticket.description)
    triage = _Triage(session, ticket, text)
    default_type = type_is_default(session, ticket)
    found = _lexical_guesses(text, ticket)
    llm = None
    if llm_enabled(session, Feature.TRIAGE):
        detected = next((g.value for g in found if g.attribute == "language"), None)
        llm = llm_guesses(session, ticket, ticket.language or detected or "en")
    if llm is not None:
        by_llm = {item.attribute for item in llm}
        found = [item for item in found if item.attribute not in by_llm] + llm
        found += _builtin_guesses(session, text, {"type", "intent", "urgency"} - by_llm)
    else:
        found += _builtin_guesses(session, text, {"type", "intent", "urgency"})
    by_attribute = {item.attribute: item for item in found}

    type_guess = by_attribute.pop("type", None)
    if type_guess is not None:
        triage.handle_type(type_guess, default_type=default_type)
    category_guess = by_attribute.pop("category", None)
    if category_guess is None or category_guess.value not in {str(c.id) for c in ticket.type.categories}:
        # The LLM's category belongs to the type it chose, which may not be the ticket's type.
        category_guess = _category_guess(session, ticket, text)
    if category_guess is not None:
        held = None
        if ticket.needs_triage:
            held = reason(N_("Not applied: the type is uncertain, a person triages the ticket first"))
        triage.handle(category_guess, replaceable=ticket.category_id is None, held=held)
    for attribute in ("urgency", "intent", "sentiment", "language", "keywords"):
        item = by_attribute.pop(attribute, None)
        if item is not None:
            triage.handle(item, replaceable=_current(ticket, attribute) in (None, "", []))
    entities = by_attribute.pop("entities", None)
    if entities is not None:
        triage.decisions.append(_record(session, ticket, entities, text, applied=False, extra_reasons=[]))
    session.flush()
    log.debug("ticket_triaged", ticket_id=ticket.id, decisions=len(triage.decisions), llm=llm is not None)
    return triage.decisions
