"""Decision records (contract §3.8): recording, reasons in the reader's language, accepting and
overriding through the tickets service with an audit trail, training labels, and who may do it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from ticketwise.ai import decisions
from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiDecision, DecisionStatus
from ticketwise.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticketwise.core.i18n import N_, use_locale
from ticketwise.tickets.enums import ActorType, Channel, Level, Priority
from ticketwise.tickets.models import TicketEvent
from ticketwise.tickets.schemas import RequesterIn, TicketCreate
from ticketwise.tickets.service import create_ticket
from ticketwise.users import teams


@pytest.fixture
def agent(make_user):
    return make_user("agent", name="Wang Wei")


@pytest.fixture
def ticket(session, seeded_types, agent):
    return create_ticket(
        session,
        agent,
        TicketCreate(
            type="general_inquiry",
            title="VPN 连接不上",
            description="Since this morning the VPN drops every minute.",
            requester=RequesterIn(email="carol@example.com", name="Carol"),
        ),
        channel=Channel.AGENT,
    )


def _decide(
    session, ticket, attribute, value, *, applied=False, confidence=0.91, reasons=None, feature=Feature.TRIAGE
):
    return decisions.record(
        session,
        ticket_id=ticket.id,
        feature=feature,
        attribute=attribute,
        value=value,
        confidence=confidence,
        reasons=reasons if reasons is not None else [decisions.reason(N_("Type"))],
        model="tfidf-logreg-v1",
        input_text=f"{ticket.title}\n{ticket.description}",
        output={"label": value, "scores": {value: confidence}},
        latency_ms=4,
        applied=applied,
    )


def _events(session, ticket, action):
    session.flush()
    return list(
        session.scalars(
            sa.select(TicketEvent)
            .where(TicketEvent.ticket_id == ticket.id, TicketEvent.action == action)
            .order_by(TicketEvent.id)
        )
    )


def _updates(session, ticket, field):
    return [e for e in _events(session, ticket, "updated") if e.field == field]


def test_record_stores_everything_but_the_text(session, ticket):
    decision = _decide(session, ticket, "type", "it_support", applied=True, confidence=1.0000001)
    session.expire_all()
    stored = session.get(AiDecision, decision.id)
    assert stored.status is DecisionStatus.APPLIED and stored.applied
    assert (stored.feature, stored.attribute, stored.value, stored.provider) == (
        Feature.TRIAGE,
        "type",
        "it_support",
        "builtin",
    )
    assert stored.confidence == 1.0  # clamped
    assert len(stored.input_hash) == 64 and "VPN" not in stored.input_hash
    assert stored.input_hash == decisions.input_hash(
        "VPN 连接不上\nSince this morning the VPN drops every minute."
    )
    assert stored.output == {"label": "it_support", "scores": {"it_support": 1.0000001}}
    assert _decide(session, ticket, "category", "7").status is DecisionStatus.PROPOSED
    assert [d.attribute for d in decisions.decisions_for(session, ticket.id)] == ["type", "category"]


def test_reasons_are_rendered_in_the_readers_language():
    reasons = [
        decisions.reason(N_("The title may have at most %(max)s characters."), max=300),
        decisions.reason(N_("Matched the keywords %(words)s"), words=["VPN", "断开"]),
        decisions.reason("Free text from an LLM: 100% sure"),
        decisions.reason(N_("The title may have at most %(max)s characters."), wrong=1),
    ]
    with use_locale("en"):
        assert decisions.render_reasons(reasons) == [
            "The title may have at most 300 characters.",
            "Matched the keywords VPN, 断开",
            "Free text from an LLM: 100% sure",
            "The title may have at most %(max)s characters.",
        ]
    with use_locale("zh_CN"):
        assert decisions.render_reasons(reasons)[0] == "标题最多 300 个字符。"
    assert decisions.render_reasons(None) == [] and decisions.render_reasons([{"oops": 1}]) == []


def test_accepting_a_proposed_decision_applies_it_as_the_person(session, ticket, agent):
    decision = _decide(session, ticket, "priority", "P1")
    assert ticket.priority is not Priority.P1

    decisions.accept(session, agent, decision)

    assert ticket.priority is Priority.P1
    assert decision.status is DecisionStatus.ACCEPTED and decision.applied
    assert decision.reviewed_by_id == agent.id and decision.reviewed_at is not None
    [change] = _updates(session, ticket, "priority")
    assert (change.actor_type, change.actor_user_id, change.new_value) == (ActorType.USER, agent.id, "P1")
    [accepted] = _events(session, ticket, "ai_accepted")
    assert accepted.actor_user_id == agent.id and accepted.data["decision_id"] == decision.id
    with pytest.raises(Conflict):
        decisions.accept(session, agent, decision)


def test_accepting_an_applied_decision_changes_nothing_on_the_ticket(session, ticket, agent):
    decision = _decide(session, ticket, "priority", "P0", applied=True)
    before = ticket.priority
    decisions.accept(session, agent, decision)
    assert ticket.priority is before is Priority.P3 and _updates(session, ticket, "priority") == []
    assert decision.status is DecisionStatus.ACCEPTED


def test_override_of_the_type_goes_through_change_type(session, ticket, agent):
    decision = _decide(session, ticket, "type", "general_inquiry", applied=True)

    decisions.override(session, agent, decision, "it_support")

    assert ticket.type.slug == "it_support"
    assert decision.status is DecisionStatus.OVERRIDDEN and decision.override_value == "it_support"
    assert decision.final_value == "it_support"
    [change] = _updates(session, ticket, "type_id")
    assert (change.actor_user_id, change.old_value, change.new_value) == (
        agent.id,
        "general_inquiry",
        "it_support",
    )
    [overridden] = _events(session, ticket, "ai_overridden")
    assert (overridden.field, overridden.old_value, overridden.new_value) == (
        "type",
        "general_inquiry",
        "it_support",
    )
    assert overridden.actor_type is ActorType.USER and overridden.actor_user_id == agent.id


def test_override_category_urgency_team_and_assignee(session, ticket, agent, make_user):
    decisions.override(session, agent, _decide(session, ticket, "type", "general_inquiry"), "it_support")
    category = ticket.type.categories[0]
    decisions.override(session, agent, _decide(session, ticket, "category", None), str(category.id))
    assert ticket.category_id == category.id

    decisions.override(session, agent, _decide(session, ticket, "urgency", "low"), "high")
    assert ticket.urgency is Level.HIGH
    decisions.override(session, agent, _decide(session, ticket, "impact", "high"), "")
    assert ticket.impact is None

    team = teams.create_team(session, make_user("admin"), name="Network")
    decisions.override(session, agent, _decide(session, ticket, "team", None), str(team.id))
    assert ticket.team_id == team.id
    other = make_user("agent", name="Li Na")
    decisions.override(session, agent, _decide(session, ticket, "assignee", str(agent.id)), str(other.id))
    assert ticket.assignee_id == other.id and ticket.status.value == "assigned"
    assert [e.field for e in _events(session, ticket, "ai_overridden")] == [
        "type",
        "category",
        "urgency",
        "impact",
        "team",
        "assignee",
    ]


def test_override_plain_ai_columns_is_audited(session, ticket, agent):
    decisions.override(session, agent, _decide(session, ticket, "intent", "vpn_issue"), "  network   outage ")
    decisions.override(session, agent, _decide(session, ticket, "sentiment", "neutral"), "negative")
    decisions.override(session, agent, _decide(session, ticket, "keywords", "vpn"), "VPN, 断开，VPN, network")
    decisions.override(session, agent, _decide(session, ticket, "language", "en"), "zh")
    assert (ticket.intent, ticket.sentiment, ticket.language) == ("network outage", "negative", "zh")
    assert ticket.keywords == ["vpn", "断开", "network"]
    [intent] = _updates(session, ticket, "intent")
    assert (intent.actor_user_id, intent.old_value, intent.new_value) == (agent.id, None, "network outage")
    [keywords] = _updates(session, ticket, "keywords")
    assert keywords.new_value == '["vpn","断开","network"]'


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("priority", "P9"),
        ("priority", ""),
        ("urgency", "urgent"),
        ("type", "no_such_type"),
        ("category", "abc"),
        ("category", "999999"),
        ("team", "999999"),
        ("assignee", "999999"),
        ("sentiment", "x" * 21),
        ("entities", "anything"),
        ("needs_triage", "false"),
    ],
)
def test_invalid_override_values_name_the_value_field(session, ticket, agent, attribute, value):
    decision = _decide(session, ticket, attribute, "P2")
    with pytest.raises(ValidationFailed) as caught:
        decisions.override(session, agent, decision, value)
    assert caught.value.field == "value"


def test_apply_value_as_the_ai(session, ticket):
    assert decisions.apply_value(session, ticket, "priority", "P1") == "P1"
    [change] = _updates(session, ticket, "priority")
    assert change.actor_type is ActorType.AI and change.actor_user_id is None


def test_overrides_become_training_labels(session, ticket, agent, seeded_types):
    second = create_ticket(
        session,
        agent,
        TicketCreate(type="general_inquiry", title="Refund", requester=RequesterIn(email="d@example.com")),
        channel=Channel.AGENT,
    )
    decisions.override(session, agent, _decide(session, ticket, "type", "general_inquiry"), "it_support")
    decisions.override(
        session, agent, _decide(session, ticket, "type", "it_support"), "equipment_repair"
    )  # later wins
    decisions.accept(session, agent, _decide(session, second, "type", "complaint_suggestion"))
    _decide(session, second, "intent", "refund")  # not reviewed: no label

    assert decisions.training_labels(session, "type") == [(ticket.id, "equipment_repair")]
    assert decisions.training_labels(session, "type", include_accepted=True) == [
        (ticket.id, "equipment_repair"),
        (second.id, "complaint_suggestion"),
    ]
    assert decisions.training_labels(session, "intent") == []


def test_staff_only_and_gated_by_the_ticket(session, ticket, agent, make_user):
    decision = _decide(session, ticket, "priority", "P1")
    customer = make_user("customer", email="carol@example.com")
    with pytest.raises(PermissionDenied):
        decisions.list_decisions(session, customer, ticket)
    with pytest.raises(PermissionDenied):
        decisions.access_decision(session, customer, decision.id)
    with pytest.raises(PermissionDenied):
        decisions.accept(session, customer, decision)
    with pytest.raises(PermissionDenied):
        decisions.override(session, customer, decision, "P0")
    assert ticket.priority is Priority.P3 and decision.status is DecisionStatus.PROPOSED
    with pytest.raises(NotFound):
        decisions.access_decision(session, agent, 999_999)
    assert decisions.access_decision(session, agent, decision.id) is decision
    # Arrival may have recorded decisions of its own when other tests registered the reactions.
    assert decision in decisions.list_decisions(session, agent, ticket)
