"""Training from the site's history: which values count as labels, the model registry, reloading a
newer version, and the nightly job."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.ai import decisions
from ticketwise.ai.features import Feature
from ticketwise.ai.tasks import retrain_if_needed
from ticketwise.ai.triage import store
from ticketwise.ai.triage.dataset import hint_samples, history_samples
from ticketwise.ai.triage.models import TrainedModel
from ticketwise.ai.triage.predict import guess
from ticketwise.ai.triage.service import triage_new_ticket
from ticketwise.ai.triage.training import train_models
from ticketwise.config import get_settings
from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import Level
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket

LEAKS = [
    "卫生间水龙头漏水",
    "茶水间水管漏水",
    "三楼厕所漏水严重",
    "Water leaking from the ceiling",
    "Pipe leaking in kitchen",
]
PRINTERS = ["打印机卡纸", "打印机无法打印", "Printer out of toner", "printer jams every page", "打印机脱机"]


@pytest.fixture
def labelled(session, agent, agent_ticket):
    """``labelled(title, type, urgency=None) -> Ticket``: a ticket whose type (and urgency) a person set."""

    def factory(title: str, type: str, urgency: Level | None = None):
        fields = {"location": "3F"} if type == "equipment_repair" else {}
        ticket = agent_ticket(title, type=type, fields=fields)
        if urgency is not None:
            update_ticket(session, agent, ticket, TicketPatch(urgency=urgency))
        return ticket

    return factory


def test_hints_cover_every_active_type_and_category(session, seeded_types):
    hints = hint_samples(session)
    assert {label for _, label in hints["type"]} == set(seeded_types)
    categories = {str(c.id) for t in seeded_types.values() for c in t.categories if c.is_active}
    assert {label for _, label in hints["category"]} == categories
    assert {label for _, label in hints["urgency"]} == {"high", "medium", "low"}


def test_labels_come_from_people_not_from_machines(session, agent, labelled, email_ticket):
    chosen = labelled("水管漏水", "equipment_repair")
    chosen.intent = "report_leak"
    email_ticket("打印机无法打印")  # generic type nobody chose: not a type label
    triaged = email_ticket("Printer out of toner")
    triage_new_ticket(session, triaged)  # the AI set its type and category
    overridden = email_ticket("门禁卡坏了")
    decision = decisions.record(
        session, ticket_id=overridden.id, feature=Feature.TRIAGE, attribute="type", value="it_support",
        confidence=0.7, reasons=[decisions.reason(N_("Type"))], model="m", input_text="x", output={},
        latency_ms=0, applied=False,
    )  # fmt: skip
    decisions.override(session, agent, decision, "internal_admin")

    samples = history_samples(session)
    types = {text.split("\n")[0]: label for text, label in samples["type"]}
    assert types.get("水管漏水") == "equipment_repair"
    assert "打印机无法打印" not in types and "Printer out of toner" not in types
    assert types.get("门禁卡坏了") == "internal_admin", "an override is a label"
    assert ("水管漏水\n", "report_leak") in samples["intent"]
    assert "Printer out of toner" not in {text.split("\n")[0] for text, _ in samples.get("category", [])}


def test_training_registers_versions_and_predictions_use_the_newest(session, labelled):
    for text in LEAKS:
        labelled(text, "equipment_repair", Level.HIGH)
    for text in PRINTERS:
        labelled(text, "it_support", Level.LOW)

    first = {r.target: r for r in train_models(session)}
    assert first["type"].row.version == 1 and first["type"].report.samples == 10
    assert first["intent"].row is None and first["intent"].skipped_reason
    row = session.scalars(sa.select(TrainedModel).where(TrainedModel.target == "type")).one()
    path = get_settings().data_dir / row.path
    assert path.is_file() and row.size_bytes == path.stat().st_size and row.hint_count > 0
    result = guess(session, "type", "洗手间漏水了")
    assert result.value == "equipment_repair" and result.model.startswith("triage-type v1")

    second = {r.target: r for r in train_models(session, targets=["type"])}
    assert second["type"].row.version == 2
    assert guess(session, "type", "洗手间漏水了").model.startswith("triage-type v2"), (
        "the newer model is loaded"
    )
    urgency = guess(session, "urgency", "厨房水管漏水")
    assert urgency.value == "high"


def test_a_missing_model_file_degrades_to_no_model_not_an_error(session, labelled):
    for text in LEAKS[:3]:
        labelled(text, "equipment_repair")
    train_models(session, targets=["type"])
    row = store.latest_row(session, "type")
    (get_settings().data_dir / row.path).unlink()
    store.forget_loaded_models()
    assert store.current_model(session, "type") is None


def test_the_nightly_job_retrains_only_when_people_labelled_something(session, labelled):
    labelled("水管漏水", "equipment_repair")
    assert retrain_if_needed(session) is True
    assert retrain_if_needed(session) is False
    labelled("打印机卡纸", "it_support")
    assert retrain_if_needed(session) is True
