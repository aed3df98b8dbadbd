"""The intake domain (DESIGN §2)."""
