"""ai assist: no schema of its own

Agent assist stores nothing new: the reply guard's mode and tone switch are columns of ai_settings
(0007), its tone findings are ai_decisions rows (attribute "reply_guard"), a reply sent despite its
warnings is a ticket_events row ("reply_guard_overridden"), and drafts, summaries and translations
are proposals that are never stored. The revision stays so the chain 0010 -> 0011 is stable.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
