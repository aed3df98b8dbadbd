"""Step 2: raw e-mail bytes into an :class:`InboundMessage` (the parser is ``intake.email.parse``)."""

from __future__ import annotations

from ticketwise.intake.message import InboundMessage


class NotProcessable(Exception):
    """The payload cannot go through the pipeline; ``reason`` is kept on the quarantined item."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalise_email(raw: bytes) -> InboundMessage:
    """Parse ``raw``; raises NotProcessable with the parser's reason when it cannot be read."""
    # Imported here: the parser is the heaviest import of the domain, and only e-mail needs it.
    from ticketwise.intake.email import UnparseableEmail, parse_email

    try:
        return parse_email(raw)
    except UnparseableEmail as error:
        raise NotProcessable(f"unparseable e-mail: {error.reason}") from error
