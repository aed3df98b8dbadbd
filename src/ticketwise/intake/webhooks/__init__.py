"""Signed inbound webhooks per configured source, and status callbacks to those sources (DESIGN §5)."""
