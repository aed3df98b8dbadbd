"""Duplicate detection for new tickets, the staff decisions on a suggestion, major-incident alerts."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from ticketwise.config import IntakeSettings
from ticketwise.core import events
from ticketwise.core.clock import now
from ticketwise.core.errors import Conflict, NotFound
from ticketwise.intake.duplicates import review
from ticketwise.intake.duplicates.detection import detect_duplicates
from ticketwise.intake.duplicates.incidents import ALERT_KIND, detect_major_incident
from ticketwise.intake.duplicates.models import DuplicateSuggestion, IncidentClusterMember, SuggestionState
from ticketwise.intake.duplicates.similarity import cached_ticket_features, cosine, features, ticket_features
from ticketwise.reactions import register_all
from ticketwise.tickets import service
from ticketwise.tickets.domain_events import PeopleAlerted
from ticketwise.tickets.enums import Channel, LinkKind, Status
from ticketwise.tickets.models import Ticket, TicketEvent, TicketLink
from ticketwise.tickets.schemas import TicketCreate

register_all()  # detection runs from the intake domain's TicketCreated handler


def _create(
    session, agent, email="carol@example.com", title="VPN disconnects every 5 minutes", description=""
):
    ticket = service.create_ticket(
        session,
        agent,
        TicketCreate(
            type="general_inquiry", title=title, description=description, requester={"email": email}
        ),
        channel=Channel.AGENT,
    )
    session.commit()
    return ticket


def _suggestions(session, ticket):
    session.expire_all()
    return session.scalars(
        sa.select(DuplicateSuggestion).where(DuplicateSuggestion.ticket_id == ticket.id)
    ).all()


@pytest.fixture
def agent(make_user):
    return make_user("agent")


def test_similarity_handles_chinese_and_english():
    same = cosine(
        ticket_features("打印机无法打印", "三楼打印机脱机"),
        ticket_features("打印机无法打印", "三楼的打印机脱机了"),
    )
    other = cosine(ticket_features("打印机无法打印", ""), ticket_features("申请门禁卡", "新员工入职"))
    assert same > 0.8 and other == 0.0
    assert cosine(features("VPN keeps disconnecting"), features("vpn KEEPS disconnecting!")) == pytest.approx(
        1.0
    )
    assert cosine(features(""), features("anything")) == 0.0
    assert 0.0 < cosine(features("email not syncing on phone"), features("email not syncing on laptop")) < 1.0


def test_same_requester_similar_open_ticket_is_suggested_with_score(session, agent, seeded_types):
    first = _create(session, agent)
    second = _create(session, agent, title="VPN disconnects every 5 minutes!")
    (suggestion,) = _suggestions(session, second)
    assert suggestion.candidate_id == first.id and suggestion.state is SuggestionState.OPEN
    assert 0.8 <= suggestion.score <= 1.0
    event = session.scalars(
        sa.select(TicketEvent).where(
            TicketEvent.ticket_id == second.id, TicketEvent.action == "duplicate_suggested"
        )
    ).one()
    assert event.new_value == first.number and event.data["score"] == suggestion.score


def test_other_requesters_dissimilar_text_and_old_tickets_are_not_suggested(session, agent, seeded_types):
    _create(session, agent)
    assert not _suggestions(session, _create(session, agent, email="dave@example.com"))
    assert not _suggestions(session, _create(session, agent, title="Need a new keyboard"))
    with time_machine.travel(now() + timedelta(hours=73)):
        assert not _suggestions(session, _create(session, agent))


def test_detection_is_idempotent_and_respects_the_threshold(session, agent, seeded_types):
    _create(session, agent)
    second = _create(session, agent)
    assert len(_suggestions(session, second)) == 1
    assert detect_duplicates(session, second) == []  # run again: nothing twice
    strict = IntakeSettings(duplicate_threshold=1.01)
    third = _create(session, agent, title="VPN disconnects every five minutes")
    assert detect_duplicates(session, third, strict) == []


def test_staff_merge_a_suggestion(session, agent, seeded_types):
    first = _create(session, agent)
    second = _create(session, agent)
    (suggestion,) = _suggestions(session, second)
    target = review.merge_suggestion(session, agent, second, suggestion.id)
    session.commit()
    session.expire_all()
    assert target.id == first.id
    assert session.get(Ticket, second.id).status is Status.MERGED
    assert session.get(DuplicateSuggestion, suggestion.id).state is SuggestionState.MERGED
    with pytest.raises(Conflict):
        review.dismiss_suggestion(session, agent, second, suggestion.id)


def test_staff_link_or_dismiss_a_suggestion(session, agent, seeded_types):
    first = _create(session, agent)
    second = _create(session, agent)
    (suggestion,) = _suggestions(session, second)
    review.link_suggestion(session, agent, first, suggestion.id)  # from the candidate's page too
    session.commit()
    link = session.scalars(sa.select(TicketLink).where(TicketLink.source_id == second.id)).one()
    assert (
        link.kind is LinkKind.DUPLICATE_OF and link.target_id == first.id and link.score == suggestion.score
    )

    third = _create(session, agent)
    (other,) = [s for s in _suggestions(session, third) if s.candidate_id == first.id]
    review.dismiss_suggestion(session, agent, third, other.id)
    session.commit()
    assert session.get(DuplicateSuggestion, other.id).state is SuggestionState.DISMISSED
    dismissed = session.scalars(
        sa.select(TicketEvent).where(TicketEvent.action == "duplicate_dismissed")
    ).all()
    assert {e.ticket_id for e in dismissed} == {third.id, first.id}
    assert all(e.actor_user_id == agent.id for e in dismissed)


def test_a_suggestion_of_another_ticket_is_not_found(session, agent, seeded_types):
    _create(session, agent)
    second = _create(session, agent)
    unrelated = _create(session, agent, email="erin@example.com", title="Printer out of toner")
    (suggestion,) = _suggestions(session, second)
    with pytest.raises(NotFound):
        review.dismiss_suggestion(session, agent, unrelated, suggestion.id)


@pytest.fixture
def alerts():
    caught: list[PeopleAlerted] = []
    handler = events.subscribe(PeopleAlerted)(caught.append)
    yield caught
    events._handlers[PeopleAlerted].remove(handler)


def test_many_requesters_with_the_same_problem_raise_one_alert(
    session, agent, make_user, seeded_types, alerts
):
    supervisor = make_user("supervisor")
    admin = make_user("admin")
    tickets = [
        _create(session, agent, email=f"user{i}@example.com", title="Email server down, cannot send mail")
        for i in range(6)
    ]
    incident = [a for a in alerts if a.kind == ALERT_KIND]
    assert len(incident) == 1  # raised by the fifth requester, not again by the sixth
    (alert,) = incident
    assert set(alert.user_ids) == {supervisor.id, admin.id}
    numbers = dict(alert.params)["numbers"]
    assert all(t.number in numbers for t in tickets[:5]) and dict(alert.params)["count"] == "5"
    members = session.scalars(sa.select(IncidentClusterMember.ticket_id)).all()
    assert set(members) == {t.id for t in tickets}  # the sixth joined silently
    assert detect_major_incident(session, tickets[-1]) is None


def test_dissimilar_tickets_from_many_requesters_raise_nothing(session, agent, seeded_types, alerts):
    titles = [
        "Printer jam",
        "Need a monitor",
        "Password reset please",
        "Wi-Fi slow",
        "Lunch menu?",
        "VPN error",
    ]
    for i, title in enumerate(titles):
        _create(session, agent, email=f"user{i}@example.com", title=title)
    assert not [a for a in alerts if a.kind == ALERT_KIND]


def test_above_the_auto_threshold_the_system_links_the_duplicate(session, agent, seeded_types):
    first = _create(session, agent)
    second = _create(session, agent, title="VPN keeps dropping", description="")
    settings = IntakeSettings(duplicate_threshold=0.1, auto_merge_threshold=0.1)
    session.execute(sa.delete(DuplicateSuggestion))
    (suggestion,) = detect_duplicates(session, second, settings)
    session.commit()
    assert suggestion.state is SuggestionState.LINKED and suggestion.decided_by_id is None
    link = session.scalars(sa.select(TicketLink).where(TicketLink.source_id == second.id)).one()
    assert link.kind is LinkKind.DUPLICATE_OF and link.target_id == first.id and link.created_by_id is None
    assert session.get(Ticket, second.id).status is not Status.MERGED  # merging stays a staff decision


def test_features_are_cached_but_a_caller_changing_its_bag_changes_no_later_result():
    first = ticket_features("打印机无法打印", "三楼打印机脱机")
    expected = Counter(first)
    first.clear()
    assert ticket_features("打印机无法打印", "三楼打印机脱机") == expected
    assert cached_ticket_features("打印机无法打印", "三楼打印机脱机") == expected
