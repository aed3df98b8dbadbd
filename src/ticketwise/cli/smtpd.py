"""`ticketwise smtpd`: the optional inbound SMTP listener (stub until built)."""

from __future__ import annotations


def smtpd() -> None:
    """Receive mail over SMTP and feed it to the intake pipeline."""
