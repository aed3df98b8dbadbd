"""Fixtures for the pipeline tests: InboundMessage builders and a way to run the pipeline on them.

Pipeline steps are tested on InboundMessage objects built here (the parser has its own tests); the
raw bytes stored for each are a small real e-mail rendering the same headers, so the raw store and
idempotency see distinct payloads. End-to-end tests with parsed mail live in test_pipeline_raw.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ticketwise.intake.message import Address, InboundMessage, IntakeDefaults
from ticketwise.intake.pipeline import receive_email, run
from ticketwise.intake.pipeline.normalise import NotProcessable
from ticketwise.intake.pipeline.result import IntakeResult

_counter = itertools.count(1)


def make_mail(
    *,
    sender: str | None = "carol@customer.example",
    name: str = "Carol Customer",
    subject: str = "Printer on floor 3 is jammed",
    body: str = "It shows error E-22 since this morning.",
    **fields: Any,
) -> InboundMessage:
    """An ordinary message with a fresh Message-ID unless one is given."""
    fields.setdefault("message_id", f"<m{next(_counter)}@customer.example>")
    return InboundMessage(
        channel="email",
        sender=Address(sender, name) if sender else None,
        subject=subject,
        body_text=body,
        reply_text=fields.pop("reply_text", body),
        **fields,
    )


def raw_of(message: InboundMessage) -> bytes:
    """Distinct bytes per message (what the raw store keeps)."""
    return (
        f"Message-ID: {message.message_id or ''}\r\nSubject: {message.subject}\r\n"
        f"X-Test-Serial: {next(_counter)}\r\n\r\n{message.body_text}\r\n"
    ).encode()


@pytest.fixture
def deliver(session: Session, monkeypatch: pytest.MonkeyPatch, seeded_types) -> Callable[..., IntakeResult]:
    """``deliver(message, raw=None, source="test", defaults=None) -> IntakeResult``, flushed and
    committed (a savepoint of the test transaction). The parser is replaced by the given message."""
    parsed: dict[bytes, InboundMessage] = {}

    def fake_parse(raw: bytes) -> InboundMessage:
        if raw not in parsed:
            raise NotProcessable("unparseable e-mail: The message has no e-mail headers.")
        return parsed[raw]

    monkeypatch.setattr(run, "normalise_email", fake_parse)

    def factory(
        message: InboundMessage | None,
        raw: bytes | None = None,
        *,
        source: str = "test",
        defaults: IntakeDefaults | None = None,
    ) -> IntakeResult:
        """``message`` None: ``raw`` is something the parser refuses."""
        data = raw if raw is not None else raw_of(message)
        if message is not None:
            parsed[data] = message
        result = receive_email(session, data, source=source, defaults=defaults)
        session.commit()
        return result

    return factory


@pytest.fixture
def mail():
    return make_mail


@pytest.fixture(autouse=True)
def _without_ai_arrival(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pipeline's own decisions are under test here: the AI's arrival steps (which may re-type a
    generic e-mail ticket or raise its priority) run after it and are tested in tests/ai."""
    from ticketwise.ai import arrival

    monkeypatch.setattr(arrival, "STEPS", ())
