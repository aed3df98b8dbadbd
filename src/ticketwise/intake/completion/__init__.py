"""Completion of a new ticket: language, fields found in its text, triage rules (DESIGN §5)."""
