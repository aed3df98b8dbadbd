"""Ticketwise: self-hosted, AI-native ticketing."""
