"""similar_to_ticket / similar_to_text: exclusions, the viewer's access, limits, mixed languages."""

from __future__ import annotations

import pytest
from tests.ai.retrieval.conftest import make_ticket, paraphrases, solved_ticket

from ticketwise.ai.retrieval.service import MAX_LIMIT, similar_to_text, similar_to_ticket
from ticketwise.tickets import messages


@pytest.fixture
def solved_zh_en(session, agent):
    """Ten solved tickets, five from each paraphrase set, each with a reply."""
    tickets = {}
    for language in ("zh", "en"):
        for pair in paraphrases(language)[:5]:
            ticket = solved_ticket(
                session, agent, pair["title"], pair["body"], reply=f"Solved: {pair['title']}"
            )
            tickets[pair["query"]] = ticket
    return tickets


def test_paraphrased_queries_find_their_ticket_first_in_both_languages(session, solved_zh_en):
    for query, ticket in solved_zh_en.items():
        hits = similar_to_text(session, query)
        assert hits[0].id == ticket.id, query
        assert hits[0].solution == f"Solved: {ticket.title}"
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_similar_to_ticket_never_returns_the_ticket_itself(session, agent, solved_zh_en):
    solved = next(iter(solved_zh_en.values()))
    assert all(hit.id != solved.id for hit in similar_to_ticket(session, solved))
    # An open ticket asking the same thing finds the solved one.
    asking = make_ticket(session, agent, solved.title, "Same again today.")
    hits = similar_to_ticket(session, asking)
    assert hits[0].id == solved.id and hits[0].kind == "ticket"


def test_the_customers_follow_ups_count_as_part_of_the_question(session, agent, solved_zh_en):
    vpn = solved_zh_en["working from home I can't get onto the company network, VPN rejects my login"]
    asking = make_ticket(session, agent, "Help", "It does not work.")
    assert all(hit.id != vpn.id for hit in similar_to_ticket(session, asking)[:1])
    messages.add_message(
        session,
        None,
        asking,
        body="The VPN client says authentication failed from home",
        contact=asking.requester,
    )
    session.commit()
    assert similar_to_ticket(session, asking)[0].id == vpn.id


def test_limit_kinds_and_empty_queries(session, solved_zh_en):
    query = next(iter(solved_zh_en))
    assert len(similar_to_text(session, query, limit=2, min_score=0)) == 2
    assert len(similar_to_text(session, query, limit=10_000, min_score=0)) <= MAX_LIMIT
    assert similar_to_text(session, query, kinds=("article",)) == []
    assert similar_to_text(session, "") == []
    assert similar_to_text(session, "   的 了 the a ") == []  # stop words only: nothing to match


def test_a_customer_viewer_only_gets_tickets_they_may_open(session, agent, make_user):
    customer = make_user("customer", email="dora@example.com")
    own = solved_ticket(
        session, agent, "VPN login fails", "VPN authentication failed at home", email="dora@example.com"
    )
    other = solved_ticket(
        session, agent, "VPN login fails", "VPN authentication failed at home", email="erin@example.com"
    )
    everyone = {hit.id for hit in similar_to_text(session, "VPN authentication failed")}
    assert everyone == {own.id, other.id}
    assert {hit.id for hit in similar_to_text(session, "VPN authentication failed", viewer=customer)} == {
        own.id
    }
    assert {hit.id for hit in similar_to_text(session, "VPN authentication failed", viewer=agent)} == everyone


def test_excluded_keys_are_skipped(session, solved_zh_en):
    query, ticket = next(iter(solved_zh_en.items()))
    hits = similar_to_text(session, query, exclude=[("ticket", ticket.id)])
    assert ticket.id not in [hit.id for hit in hits]
