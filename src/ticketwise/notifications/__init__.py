"""The notifications domain (DESIGN §2)."""
