"""Bulk actions of the agent queue: selection UI, mixed results in the flash, access, CSRF, limits."""

from __future__ import annotations

import html
import re

from ticketwise.tickets import access
from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.transitions import transition

QUEUE = "/agent/queue?view=all&sort=number"


def _bulk(client, root, ids, headers=None, **data):
    form = {"csrf_token": root.csrf_of(client), "next": QUEUE, "ticket_ids": [str(i) for i in ids], **data}
    return client.post("/agent/queue/bulk", data=form, headers=headers)


def _flash(client, url: str = QUEUE, **kwargs) -> str:
    page = client.get(url, **kwargs).text
    match = re.search(r'<div class="alert alert-(\w+)[^"]*" role="alert">\s*(.*?)\s*<button', page, re.S)
    assert match, "no flash message"
    return f"{match.group(1)}: {html.unescape(match.group(2))}"


def _select(page: str, select_id: str) -> str:
    return page.split(f'id="{select_id}"')[1].split("</select>")[0]


def _closed(session, agent, ticket):
    transition(session, agent, ticket, Status.RESOLVED)
    transition(session, agent, ticket, Status.CLOSED)
    session.commit()
    return ticket


def test_queue_rows_have_checkboxes_and_the_action_bar(
    agent_client, make_ticket, colleague, make_team, agent
):
    team = make_team("Field", [agent])
    ticket = make_ticket("Printer jammed")
    page = agent_client.get(QUEUE).text
    assert f'name="ticket_ids" value="{ticket.id}" form="bulk-form"' in page
    assert "data-select-all" in page
    assert 'x-data="bulkSelection"' in page
    assert '<form id="bulk-form"' in page and 'action="/agent/queue/bulk"' in page
    assert f'<input type="hidden" name="next" value="{html.escape(QUEUE)}"' in page
    assert re.search(
        rf'<option value="{colleague.id}"\s*>Bob Builder</option>', _select(page, "bulk-assignee")
    )
    assert re.search(
        rf'<option value="{agent.id}"\s*selected>Alice Agent</option>', _select(page, "bulk-assignee")
    )
    assert '<option value="">Nobody (unassign)</option>' in _select(page, "bulk-assignee")
    assert f'<option value="{team.id}">Field</option>' in _select(page, "bulk-team")
    statuses = _select(page, "bulk-status")
    assert '<option value="resolved">Resolved</option>' in statuses and 'value="merged"' not in statuses
    # The htmx fragment (filters, paging) keeps the checkboxes inside the swapped results.
    fragment = agent_client.get(QUEUE, headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<div id="results"')
    assert f'name="ticket_ids" value="{ticket.id}"' in fragment and "data-select-all" in fragment


def test_mixed_status_change_reports_refused_numbers(agent_client, root, make_ticket, session, agent):
    first, second = make_ticket("One"), make_ticket("Two")
    closed = _closed(session, agent, make_ticket("Done"))

    response = _bulk(agent_client, root, [first.id, second.id, closed.id], action="status", status="resolved")

    assert response.status_code == 303
    assert response.headers["location"] == QUEUE
    assert _flash(agent_client) == (
        f"warning: 2 tickets changed. Not changed: {closed.number} "
        "(Cannot change status from Closed to Resolved)"
    )
    session.expire_all()
    assert [t.status for t in (first, second, closed)] == [Status.RESOLVED, Status.RESOLVED, Status.CLOSED]
    for ticket in (first, second):
        events = [e for e in access.list_events(session, agent, ticket) if e.action == "status_changed"]
        assert [(e.old_value, e.new_value, e.actor_user_id) for e in events] == [
            ("new", "resolved", agent.id)
        ]


def test_assign_unassign_team_priority_and_tag(
    agent_client, root, make_ticket, session, colleague, make_team, agent
):
    team = make_team("Field", [agent])
    tickets = [make_ticket("One"), make_ticket("Two")]
    ids = [t.id for t in tickets]

    _bulk(agent_client, root, ids, action="assign", assignee_id=str(colleague.id))
    assert _flash(agent_client) == "success: 2 tickets changed."
    session.expire_all()
    assert [(t.assignee_id, t.status) for t in tickets] == [(colleague.id, Status.ASSIGNED)] * 2

    _bulk(agent_client, root, ids[:1], action="assign", assignee_id="")
    assert _flash(agent_client) == "success: 1 ticket changed."
    _bulk(agent_client, root, ids, action="team", team_id=str(team.id))
    _bulk(agent_client, root, ids, action="priority", priority="P0")
    _bulk(agent_client, root, ids, action="tag", tag="Outage")
    _bulk(agent_client, root, ids, action="tag", tag="outage")
    assert _flash(agent_client) == "success: 0 tickets changed. 2 tickets already had this value."
    session.expire_all()
    assert [(t.assignee_id, t.status) for t in tickets] == [
        (None, Status.NEW),
        (colleague.id, Status.ASSIGNED),
    ]
    assert [(t.team_id, t.priority, t.tags) for t in tickets] == [(team.id, Priority.P0, ["outage"])] * 2


def test_requests_that_cannot_apply_change_nothing_and_say_why(agent_client, root, make_ticket, session):
    ticket = make_ticket("One")
    too_many = [ticket.id, *range(ticket.id + 1, ticket.id + 101)]

    _bulk(agent_client, root, too_many, action="priority", priority="P0")
    assert _flash(agent_client) == "danger: At most 100 tickets can be changed at once."
    _bulk(agent_client, root, [], action="priority", priority="P0")
    assert _flash(agent_client) == "danger: Select at least one ticket."
    _bulk(agent_client, root, [ticket.id], action="priority", priority="P9")
    assert _flash(agent_client) == "danger: Choose one change to apply to the selected tickets."
    session.expire_all()
    assert ticket.priority is not Priority.P0


def test_refusals_are_translated(agent_client, root, make_ticket, session, agent):
    closed = _closed(session, agent, make_ticket("Done"))
    _bulk(
        agent_client,
        root,
        [closed.id],
        action="status",
        status="in_progress",
        headers={"Accept-Language": "zh-CN"},
    )
    message = _flash(agent_client, headers={"Accept-Language": "zh-CN"})
    assert message == f"warning: 已修改 0 个工单。 未修改：{closed.number}（无法将状态从 已关闭 改为 处理中）"


def test_next_must_stay_on_this_site(agent_client, root, make_ticket):
    ticket = make_ticket("One")
    response = _bulk(
        agent_client, root, [ticket.id], action="priority", priority="P1", next="//evil.example/"
    )
    assert response.headers["location"] == "/agent/queue"


def test_customers_get_403_and_csrf_is_required(client, agent_client, root, make_ticket, make_user, session):
    ticket = make_ticket("One")
    forged = agent_client.post(
        "/agent/queue/bulk", data={"ticket_ids": [str(ticket.id)], "action": "priority", "priority": "P0"}
    )
    assert forged.status_code == 403
    wrong = _bulk(agent_client, root, [ticket.id], action="priority", priority="P0", csrf_token="forged")
    assert wrong.status_code == 403

    agent_client.post("/logout", data={"csrf_token": root.csrf_of(agent_client)})
    customer = make_user("customer")
    root.web_login(client, customer.email)
    refused = _bulk(client, root, [ticket.id], action="priority", priority="P0")
    assert refused.status_code == 403
    session.expire_all()
    assert ticket.priority is not Priority.P0
