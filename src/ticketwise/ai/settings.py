"""The site's AI settings: triage threshold and auto-apply, and the reply guard's mode and tone check.

Reading never writes: without a stored row the defaults apply (:class:`AiSettingsView`'s values), so
GET requests on read-only sessions can call :func:`ai_settings`. An administrator's save creates the
single row (id 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from ticketwise.ai.models import AiSettings, GuardMode
from ticketwise.core.clock import now
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.users.models import User
from ticketwise.users.permissions import require_admin

_ROW_ID = 1

GUARD_MODE_LABELS = {
    GuardMode.OFF: N_("Off"),
    GuardMode.WARN: N_("Warn before sending"),
    GuardMode.BLOCK: N_("Block sending"),
}


@dataclass(frozen=True)
class AiSettingsView:
    triage_min_confidence: float = 0.6
    auto_apply_triage: bool = True
    guard_mode: Literal["off", "warn", "block"] = "warn"
    guard_tone: bool = True


def ai_settings(session: Session) -> AiSettingsView:
    """The stored settings, or the defaults when none were saved."""
    row = session.get(AiSettings, _ROW_ID)
    if row is None:
        return AiSettingsView()
    return AiSettingsView(
        triage_min_confidence=row.triage_min_confidence,
        auto_apply_triage=row.auto_apply_triage,
        guard_mode=row.guard_mode.value,  # type: ignore[arg-type] - GuardMode's values are the Literal's
        guard_tone=row.guard_tone,
    )


def update_ai_settings(session: Session, admin: User | None, values: AiSettingsView) -> AiSettingsView:
    """Store ``values`` (administrators only). Raises ValidationFailed for a threshold outside 0..1
    (field ``triage_min_confidence``) or an unknown guard mode (field ``guard_mode``)."""
    require_admin(admin)
    if not 0.0 <= values.triage_min_confidence <= 1.0:
        raise ValidationFailed(
            N_("Enter a number from %(min)s to %(max)s."), field="triage_min_confidence", min=0, max=1
        )
    if values.guard_mode not in set(GuardMode):
        raise ValidationFailed(N_("Choose one of the allowed values."), field="guard_mode")
    row = session.get(AiSettings, _ROW_ID)
    if row is None:
        row = AiSettings(id=_ROW_ID)
        session.add(row)
    row.triage_min_confidence = float(values.triage_min_confidence)
    row.auto_apply_triage = bool(values.auto_apply_triage)
    row.guard_mode = GuardMode(values.guard_mode)
    row.guard_tone = bool(values.guard_tone)
    row.updated_at = now()
    session.flush()
    return ai_settings(session)
