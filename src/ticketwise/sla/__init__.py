"""The sla domain (DESIGN §2)."""
