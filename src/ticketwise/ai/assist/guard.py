"""The guard before a public reply is sent: sensitive data (offline, :mod:`.sensitive`) and tone (the
LLM, Feature.REPLY_GUARD, when a provider is configured and ``ai_settings().guard_tone`` is on).

``ai_settings().guard_mode`` decides what findings do: ``off`` checks nothing, ``warn`` lets the
agent send anyway after seeing them, ``block`` refuses the reply. Internal notes are never checked
(callers check public replies only).

Contract §3.8: the tone judgement is an AI decision, recorded on the ticket (attribute
``reply_guard``) when it finds something. Sensitive data is never stored or logged in clear: the
decision, the audit event of a reply sent despite findings and every API answer carry kinds and
masked excerpts only, and the text sent to the LLM for the tone check has the findings masked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pydantic
from sqlalchemy.orm import Session

from ticketwise.ai import decisions, llm
from ticketwise.ai.assist.sensitive import KIND_LABELS, redact, scan
from ticketwise.ai.assist.thread import Language
from ticketwise.ai.features import Feature
from ticketwise.ai.settings import ai_settings
from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets import audit
from ticketwise.tickets.models import Ticket
from ticketwise.users.models import User

TONE = "tone"
TONE_LABEL = N_("Tone")
MAX_ISSUES = 5


@dataclass(frozen=True)
class GuardFinding:
    """One finding: a sensitive-data kind with its masked ``excerpt`` and span, or ``tone`` with the
    LLM's ``message`` (span ``-1``)."""

    kind: str
    excerpt: str
    message: str = ""
    start: int = -1
    end: int = -1

    @property
    def label(self) -> str:
        return gettext(TONE_LABEL if self.kind == TONE else KIND_LABELS[self.kind])


@dataclass(frozen=True)
class GuardResult:
    mode: str
    findings: tuple[GuardFinding, ...] = ()
    acknowledged: bool = False
    tone_checked: bool = False
    provider: str = "builtin"
    model: str = "rules"
    latency_ms: int = 0

    @property
    def blocks(self) -> bool:
        return self.mode == "block" and bool(self.findings)

    @property
    def warns(self) -> bool:
        return self.mode == "warn" and bool(self.findings)

    @property
    def needs_confirmation(self) -> bool:
        """Warnings the agent has not yet chosen to send anyway."""
        return self.warns and not self.acknowledged

    @property
    def kinds(self) -> list[str]:
        return sorted({finding.kind for finding in self.findings})


class ToneOutput(pydantic.BaseModel):
    """What the LLM must answer: ``ok``, or the issues to fix, one short sentence each."""

    ok: bool
    issues: list[str] = pydantic.Field(default_factory=list, max_length=20)


def _tone(
    session: Session, text: str, ticket: Ticket | None, language: Language
) -> tuple[list[GuardFinding], llm.LlmAnswer[ToneOutput] | None]:
    answer = llm.ask(
        session,
        Feature.REPLY_GUARD,
        "reply_guard",
        {"text": redact(text), "language": language},
        ToneOutput,
        language=language,
    )
    if answer is None:
        return [], None
    issues = [issue.strip() for issue in answer.output.issues if issue.strip()][:MAX_ISSUES]
    if answer.output.ok and not issues:
        return [], answer
    issues = issues or [gettext(N_("The AI found the tone of this reply inappropriate."))]
    if ticket is not None:
        decisions.record(
            session,
            ticket_id=ticket.id,
            feature=Feature.REPLY_GUARD,
            attribute="reply_guard",
            value="tone",
            confidence=None,
            reasons=[decisions.reason(N_("Tone: %(issue)s"), issue=issue) for issue in issues],
            provider=answer.provider,
            model=answer.model,
            input_text=text,
            output={"ok": False, "issues": issues},
            latency_ms=answer.latency_ms,
            applied=False,
        )
    return [GuardFinding(TONE, excerpt="", message=issue) for issue in issues], answer


def check_reply(
    session: Session,
    text: str,
    *,
    ticket: Ticket | None,
    language: Language,
    acknowledged: bool = False,
) -> GuardResult:
    """The findings on ``text`` under the site's guard mode (nothing when it is ``off``).

    The tone check runs only with a provider configured for REPLY_GUARD and ``guard_tone`` on; a
    failed call just leaves the tone unchecked (``tone_checked`` False). ``language`` is the one tone
    issues are written in (the agent's). ``acknowledged``: the agent saw the warnings and chose to
    send anyway; in ``warn`` mode the (paid) tone check is then skipped, in ``block`` mode it is not.
    """
    settings = ai_settings(session)
    if settings.guard_mode == "off":
        return GuardResult(mode="off")
    findings = [
        GuardFinding(found.kind, found.excerpt, start=found.start, end=found.end) for found in scan(text)
    ]
    answer = None
    skip_tone = acknowledged and settings.guard_mode == "warn"
    if not skip_tone and settings.guard_tone and llm.llm_enabled(session, Feature.REPLY_GUARD):
        tone, answer = _tone(session, text, ticket, language)
        findings += tone
    return GuardResult(
        mode=settings.guard_mode,
        findings=tuple(findings),
        acknowledged=acknowledged,
        tone_checked=answer is not None,
        provider=answer.provider if answer else "builtin",
        model=answer.model if answer else "rules",
        latency_ms=answer.latency_ms if answer else 0,
    )


KNOWN_KINDS = frozenset({*KIND_LABELS, TONE})


def record_sent_anyway(session: Session, user: User, ticket: Ticket, kinds: set[str]) -> None:
    """Audit that ``user`` sent a public reply despite the guard's warnings of ``kinds`` (kinds only,
    never an excerpt; unknown kinds are ignored)."""
    known = sorted(kinds & KNOWN_KINDS)
    audit.record(
        session,
        ticket,
        actor=user,
        action="reply_guard_overridden",
        field="reply_guard",
        new=",".join(known),
        data={"kinds": known},
    )
