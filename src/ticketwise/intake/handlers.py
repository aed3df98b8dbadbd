"""Reactions of the intake domain to other domains' events (DESIGN §3.3)."""

from __future__ import annotations
