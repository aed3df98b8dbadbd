"""The navbar bell, the notification centre pages and the notifications API."""

from __future__ import annotations

import sqlalchemy as sa
from tests.conftest import csrf_of, web_login

from ticketwise.notifications import inapp
from ticketwise.notifications.models import Notification


def _notify(session, user, message: str, **params) -> Notification:
    [row] = inapp.notify(session, [user.id], kind="test.kind", message=message, params=params)
    session.commit()
    return row


def test_staff_pages_carry_the_polling_bell(session, client, make_user):
    agent = make_user("agent")
    web_login(client, agent.email)
    page = client.get("/agent/queue")
    assert 'id="tw-bell"' in page.text
    assert 'hx-get="/notifications/bell"' in page.text and "every 20s" in page.text


def test_customers_have_no_bell(session, client, make_user):
    customer = make_user("customer")
    web_login(client, customer.email)
    assert 'id="tw-bell"' not in client.get("/portal").text


def test_the_badge_shows_the_unread_count(session, client, make_user):
    agent = make_user("agent")
    web_login(client, agent.email)
    assert "badge" not in client.get("/notifications/bell").text
    _notify(session, agent, "One")
    _notify(session, agent, "Two")
    badge = client.get("/notifications/bell", headers={"HX-Request": "true"})
    assert badge.status_code == 200
    assert 'data-unread="2"' in badge.text
    assert "<html" not in badge.text  # a fragment, not a page


def test_the_dropdown_lists_the_latest_and_opening_one_marks_it_read(
    session, client, make_user, seeded_types
):
    from ticketwise.tickets.enums import Channel
    from ticketwise.tickets.schemas import TicketCreate
    from ticketwise.tickets.service import create_ticket

    agent = make_user("agent")
    ticket = create_ticket(
        session,
        agent,
        TicketCreate(type="general_inquiry", title="Hi", requester={"email": "a@b.example"}),
        channel=Channel.PHONE,
    )
    [row] = inapp.notify(
        session, [agent.id], kind="k", message="About %(n)s", params={"n": "it"}, ticket_id=ticket.id
    )
    session.commit()
    web_login(client, agent.email)

    menu = client.get("/notifications/dropdown")
    assert "About it" in menu.text and f"/notifications/{row.id}/open" in menu.text

    opened = client.post(f"/notifications/{row.id}/open", data={"csrf_token": csrf_of(client)})
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/agent/tickets/{ticket.number}"
    assert inapp.unread_count(session, agent) == 0


def test_the_centre_lists_and_marks_read(session, client, make_user):
    agent = make_user("agent")
    other = make_user("agent")
    first = _notify(session, agent, "First")
    _notify(session, agent, "Second")
    theirs = _notify(session, other, "Not for you")
    web_login(client, agent.email)

    page = client.get("/notifications")
    assert page.status_code == 200
    assert "First" in page.text and "Second" in page.text and "Not for you" not in page.text

    marked = client.post(
        f"/notifications/{first.id}/read", data={"csrf_token": csrf_of(client), "next": "/notifications"}
    )
    assert marked.status_code == 303
    unread = client.get("/notifications?unread=1").text
    assert "Second" in unread and ">First<" not in unread

    assert (
        client.post(f"/notifications/{theirs.id}/read", data={"csrf_token": csrf_of(client)}).status_code
        == 404
    )
    # An off-site "next" is not followed.
    done = client.post(
        "/notifications/read-all", data={"csrf_token": csrf_of(client), "next": "https://evil.example/"}
    )
    assert done.headers["location"] == "/notifications"
    assert inapp.unread_count(session, agent) == 0
    assert inapp.unread_count(session, other) == 1


def test_the_centre_is_in_chinese_for_chinese_users(session, client, make_user):
    agent = make_user("agent", locale="zh_CN")
    _notify(session, agent, "Hello")
    web_login(client, agent.email)
    assert 'lang="zh-CN"' in client.get("/notifications").text


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/notifications")
    assert response.status_code in (303, 307)
    assert "/login" in response.headers["location"]


def test_the_api_lists_and_marks_the_callers_notifications(session, api_as, make_user):
    agent = make_user("agent")
    other = make_user("agent")
    first = _notify(session, agent, "First %(n)s", n="one")
    _notify(session, agent, "Second")
    theirs = _notify(session, other, "Not yours")
    api = api_as(agent)

    listing = api.get("/api/v1/notifications").json()
    assert listing["total"] == 2
    assert [item["text"] for item in listing["items"]] == ["Second", "First one"]
    assert listing["items"][1]["params"] == {"n": "one"} and listing["items"][1]["read_at"] is None

    read = api.post(f"/api/v1/notifications/{first.id}/read")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert api.get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    assert [i["text"] for i in api.get("/api/v1/notifications", params={"unread": True}).json()["items"]] == [
        "Second"
    ]

    missing = api.post(f"/api/v1/notifications/{theirs.id}/read")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")

    assert api.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    session.expire_all()
    assert (
        session.scalar(
            sa.select(sa.func.count()).select_from(Notification).where(Notification.read_at.is_(None))
        )
        == 1
    )
