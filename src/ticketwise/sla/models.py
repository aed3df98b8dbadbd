"""ORM models of the sla domain."""

from __future__ import annotations
