"""Which similar-case hits a person may see: each kind's source decides for its own ids (tickets through
``tickets.access.can_see``), so routes never filter hits themselves (DESIGN §3.2)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ticketwise.ai.retrieval.registry import source_for
from ticketwise.users.models import User

if TYPE_CHECKING:
    from ticketwise.ai.retrieval.service import SimilarHit


def visible_hits(session: Session, viewer: User, hits: Sequence[SimilarHit]) -> list[SimilarHit]:
    """``hits`` without those ``viewer`` may not open, order kept. Hits of a kind whose source is no
    longer registered are dropped."""
    ids_by_kind: dict[str, list[int]] = defaultdict(list)
    for hit in hits:
        ids_by_kind[hit.kind].append(hit.id)
    visible: set[tuple[str, int]] = set()
    for kind, ids in ids_by_kind.items():
        source = source_for(kind)
        if source is not None:
            visible.update((kind, source_id) for source_id in source.visible_ids(session, viewer, ids))
    return [hit for hit in hits if (hit.kind, hit.id) in visible]
