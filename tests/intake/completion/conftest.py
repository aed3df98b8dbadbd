"""Completion runs from the intake domain's TicketCreated handler: subscribe it in this process."""

from ticketwise.reactions import register_all

register_all()
