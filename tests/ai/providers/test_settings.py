"""The AI settings: defaults without a row (and no write on reading), saving, validation."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.ai.models import AiSettings
from ticketwise.ai.settings import AiSettingsView, ai_settings, update_ai_settings
from ticketwise.core.errors import PermissionDenied, ValidationFailed


def test_defaults_without_a_row_and_reading_writes_nothing(session):
    assert ai_settings(session) == AiSettingsView(
        triage_min_confidence=0.6, auto_apply_triage=True, guard_mode="warn", guard_tone=True
    )
    session.flush()
    assert session.scalar(sa.select(sa.func.count()).select_from(AiSettings)) == 0


def test_saved_values_are_read_back(session, admin):
    update_ai_settings(session, admin, AiSettingsView(0.75, False, "block", False))
    assert ai_settings(session) == AiSettingsView(0.75, False, "block", False)
    update_ai_settings(session, admin, AiSettingsView(0.5, True, "off", True))
    assert ai_settings(session).guard_mode == "off"
    assert session.scalar(sa.select(sa.func.count()).select_from(AiSettings)) == 1


@pytest.mark.parametrize(
    ("view", "field"),
    [
        (AiSettingsView(triage_min_confidence=1.5), "triage_min_confidence"),
        (AiSettingsView(guard_mode="loud"), "guard_mode"),
    ],  # type: ignore[arg-type]
)
def test_invalid_values(session, admin, view, field):
    with pytest.raises(ValidationFailed) as caught:
        update_ai_settings(session, admin, view)
    assert caught.value.field == field


def test_only_administrators_save(session, make_user):
    with pytest.raises(PermissionDenied):
        update_ai_settings(session, make_user("supervisor"), AiSettingsView())
