"""E-mail parsing: raw RFC 5322 bytes to :class:`ticketwise.intake.message.InboundMessage`.

Pure functions, no database. The pipeline calls :func:`parse_email` on stored raw bytes and
:func:`rewrite_cids` once it has stored the inline attachments.
"""

from ticketwise.intake.email.errors import UnparseableEmail
from ticketwise.intake.email.html import html_to_text, rewrite_cids, sanitize_email_html
from ticketwise.intake.email.parse import parse_email
from ticketwise.intake.email.quotes import split_reply

__all__ = [
    "UnparseableEmail",
    "html_to_text",
    "parse_email",
    "rewrite_cids",
    "sanitize_email_html",
    "split_reply",
]
