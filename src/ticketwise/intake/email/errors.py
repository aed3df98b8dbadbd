"""The one error e-mail parsing raises: the bytes are not an e-mail at all."""

from __future__ import annotations

from ticketwise.core.i18n import N_, gettext

EMPTY = N_("The message is empty.")
NO_HEADERS = N_("The message has no e-mail headers.")
BINARY = N_("The message is binary data, not an e-mail.")


class UnparseableEmail(ValueError):
    """Raised only when the input cannot be read as an e-mail (empty, no header block, binary garbage).

    ``reason`` is an untranslated message id (one of the constants above); ``translated()`` renders it in
    the current language. Malformed but recognisable e-mails never raise: their defects are recorded on
    the ``InboundMessage`` instead.
    """

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)

    def translated(self) -> str:
        return gettext(self.reason)
