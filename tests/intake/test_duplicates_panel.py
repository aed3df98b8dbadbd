"""The ticket page's duplicates panel: suggestions with Merge / Link / Dismiss, and what intake filled."""

from __future__ import annotations

import sqlalchemy as sa
from tests.conftest import csrf_of, web_login

from ticketwise.intake.duplicates.models import DuplicateSuggestion, SuggestionState
from ticketwise.reactions import register_all
from ticketwise.tickets import service
from ticketwise.tickets.enums import Channel, LinkKind, Status
from ticketwise.tickets.models import Ticket, TicketLink
from ticketwise.tickets.schemas import TicketCreate

register_all()


def _pair(session, agent):
    made = []
    for _ in range(2):
        made.append(
            service.create_ticket(
                session,
                agent,
                TicketCreate(
                    type="it_support",
                    title="Laptop IT-123456 cannot reach the VPN",
                    description="It fails since this morning.",
                    requester={"email": "carol@example.com"},
                ),
                channel=Channel.AGENT,
            )
        )
        session.commit()
    suggestion = session.scalars(sa.select(DuplicateSuggestion)).one()
    return made[0], made[1], suggestion


def _panel(client, ticket):
    response = client.get(f"/agent/tickets/{ticket.id}/panels/duplicates")
    assert response.status_code == 200
    return response.text


def test_the_panel_shows_the_suggestion_and_the_fields_found(client, session, make_user, seeded_types):
    agent = make_user("agent")
    first, second, suggestion = _pair(session, agent)
    web_login(client, agent.email)
    html = _panel(client, second)
    assert f"Possible duplicate of {first.number} ({round(suggestion.score * 100)}%)" in html
    assert "fields.asset_number" in html and "IT-123456" in html
    assert f"{second.number} may be a duplicate of this ticket" in _panel(client, first)


def test_the_panel_is_empty_without_anything_to_show(client, session, make_user, seeded_types):
    agent = make_user("agent")
    lone = service.create_ticket(
        session,
        agent,
        TicketCreate(type="general_inquiry", title="?", requester={"email": "x@example.com"}),
        channel=Channel.AGENT,
    )
    session.commit()
    web_login(client, agent.email)
    assert _panel(client, lone).strip() == ""


def test_merge_link_and_dismiss_from_the_panel(client, session, make_user, seeded_types):
    agent = make_user("agent")
    first, second, suggestion = _pair(session, agent)
    web_login(client, agent.email)
    url = f"/agent/tickets/{second.id}/duplicates/{suggestion.id}"
    assert client.post(f"{url}/link", data={"csrf_token": csrf_of(client)}).status_code == 303
    session.expire_all()
    assert session.get(DuplicateSuggestion, suggestion.id).state is SuggestionState.LINKED
    assert session.scalars(sa.select(TicketLink).where(TicketLink.kind == LinkKind.DUPLICATE_OF)).one()
    again = client.post(f"{url}/merge", data={"csrf_token": csrf_of(client)})
    assert again.status_code == 303  # already decided: a message, nothing merged
    session.expire_all()
    assert session.get(Ticket, second.id).status is not Status.MERGED


def test_merge_from_the_panel_and_csrf_is_checked(client, session, make_user, seeded_types):
    agent = make_user("agent")
    first, second, suggestion = _pair(session, agent)
    web_login(client, agent.email)
    url = f"/agent/tickets/{second.id}/duplicates/{suggestion.id}/merge"
    assert client.post(url, data={}).status_code in (400, 403)
    assert client.post(url, data={"csrf_token": csrf_of(client)}).status_code == 303
    session.expire_all()
    assert session.get(Ticket, second.id).merged_into_id == first.id


def test_customers_cannot_see_the_panel(client, session, make_user, seeded_types):
    agent = make_user("agent")
    _first, second, _suggestion = _pair(session, agent)
    customer = make_user("customer", email="carol@example.com")
    web_login(client, customer.email)
    assert client.get(f"/agent/tickets/{second.id}/panels/duplicates").status_code == 403


def test_the_history_tells_the_suggestion_and_its_dismissal_in_words(
    client, session, make_user, seeded_types
):
    agent = make_user("agent")
    first, second, suggestion = _pair(session, agent)
    web_login(client, agent.email)
    client.post(
        f"/agent/tickets/{second.id}/duplicates/{suggestion.id}/dismiss",
        data={"csrf_token": csrf_of(client)},
    )
    history = client.get(f"/agent/tickets/{second.number}?tab=history").text
    assert f"Possible duplicate of {first.number} ({round(suggestion.score * 100)}%)" in history
    assert f"dismissed {first.number} as a possible duplicate" in history
    assert "duplicate_suggested" not in history and "duplicate_dismissed" not in history
