"""See ticketwise.ai."""
