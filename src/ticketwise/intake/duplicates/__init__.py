"""Probable duplicates of a new ticket and possible major incidents (DESIGN §5)."""
