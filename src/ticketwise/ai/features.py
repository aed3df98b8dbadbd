"""The AI features an admin can point at a provider, each with its own fallback to ``builtin``."""

from __future__ import annotations

import enum

from ticketwise.core.i18n import N_


class Feature(enum.StrEnum):
    TRIAGE = "triage"
    PRIORITY = "priority"
    ASSIGNMENT = "assignment"
    SIMILAR = "similar"
    REPLY_DRAFT = "reply_draft"
    SUMMARY = "summary"
    TRANSLATION = "translation"
    REPLY_GUARD = "reply_guard"
    ARTICLE_DRAFT = "article_draft"


FEATURE_LABELS = {
    Feature.TRIAGE: N_("Triage (type, category, intent, urgency, sentiment)"),
    Feature.PRIORITY: N_("Priority"),
    Feature.ASSIGNMENT: N_("Assignment"),
    Feature.SIMILAR: N_("Similar cases"),
    Feature.REPLY_DRAFT: N_("Reply drafts"),
    Feature.SUMMARY: N_("Thread summaries"),
    Feature.TRANSLATION: N_("Translation"),
    Feature.REPLY_GUARD: N_("Reply guard (tone)"),
    Feature.ARTICLE_DRAFT: N_("Knowledge article drafts"),
}

# Features whose offline path is a model or rules here; the others need an LLM to do anything more.
LLM_CAPABLE = frozenset(
    {
        Feature.TRIAGE,
        Feature.REPLY_DRAFT,
        Feature.SUMMARY,
        Feature.TRANSLATION,
        Feature.REPLY_GUARD,
        Feature.ARTICLE_DRAFT,
    }
)
