"""The optional inbound SMTP listener (DESIGN §5): an aiosmtpd handler feeding the intake pipeline.

Each DATA becomes one ``receive_email(..., source="smtp")`` in its own unit of work, run in a thread
so the event loop keeps serving other connections. Replies follow what a sending MTA needs to know:

* ``250`` once the message is stored, whatever the pipeline decided (a quarantined message is
  stored too: the sender must not send it again);
* ``451`` when it could not be stored (the database is down, the disk is full): the MTA retries later,
  so nothing is lost;
* ``552`` when it is larger than the limit (aiosmtpd also refuses it while it is still arriving);
* ``550`` at RCPT time for a recipient outside the accepted domains and addresses, when configured.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from ticketwise.core.uow import unit_of_work
from ticketwise.intake.pipeline import receive_email

log = structlog.get_logger(__name__)

SOURCE = "smtp"
DEFAULT_MAX_BYTES = 25 * 1024 * 1024


def _accepts(address: str, accepted: Iterable[str]) -> bool:
    """Whether ``address`` is one of ``accepted``: full addresses, or domains (``example.com`` or
    ``@example.com``), all case-insensitive."""
    wanted = address.strip().strip("<>").lower()
    domain = wanted.rpartition("@")[2]
    for entry in accepted:
        rule = entry.strip().lower()
        if "@" in rule and not rule.startswith("@"):
            if rule == wanted:
                return True
        elif rule.lstrip("@") == domain:
            return True
    return False


def _store(raw: bytes) -> str:
    """Run the pipeline on one message and commit; the outcome (raises when nothing was stored)."""
    with unit_of_work() as session:
        result = receive_email(session, raw, source=SOURCE)
    return str(result.outcome)


@dataclass
class IntakeHandler:
    """aiosmtpd handler. ``accept`` lists the recipient domains/addresses taken (empty: any).

    ``store`` is the blocking function that stores one message (the pipeline by default).
    """

    accept: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    store: Any = field(default=_store)

    async def handle_RCPT(  # noqa: N802 - the name aiosmtpd calls
        self, server: SMTP, session: SmtpSession, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if self.accept and not _accepts(address, self.accept):
            return "550 5.1.1 Recipient not accepted here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - the name aiosmtpd calls
        self, server: SMTP, session: SmtpSession, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or b""
        if len(raw) > self.max_bytes:
            return "552 5.3.4 Message too big"
        loop = asyncio.get_running_loop()
        try:
            outcome = await loop.run_in_executor(None, self.store, raw)
        except Exception:  # not stored: the sending MTA keeps it and retries
            log.exception("smtp_message_not_stored", peer=str(session.peer), size=len(raw))
            return "451 4.3.0 Could not store the message; try again later"
        log.info("smtp_message_stored", outcome=outcome, size=len(raw))
        return "250 2.0.0 Message accepted"
