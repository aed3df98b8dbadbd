"""Tickets: the core table, conversation, attachments, audit, links and merge, transitions, and the runtime ticket types."""
