"""The ticket page: header, fields, thread, reply and note, status, assignment, field edits, links,
merge, watching, history, attachments, CSRF and languages."""

from __future__ import annotations

import re

import pytest

from ticketwise.tickets import access as ticket_access
from ticketwise.tickets.enums import LinkKind, MessageKind, Status
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.types import extension


@pytest.fixture
def ticket(make_ticket):
    return make_ticket(
        "Blue screen on boot",
        description="My laptop shows error code 0x0000007B since this morning.",
        requester_name="Carol Customer",
        requester_email="carol@example.org",
        fields={"asset_number": "IT-000123", "affected_users": 3},
    )


def post(client, root, url, data=None, files=None, **kwargs):
    return client.post(url, data={"csrf_token": root.csrf_of(client), **(data or {})}, files=files, **kwargs)


def test_detail_shows_header_requester_fields_and_thread(agent_client, ticket, session, agent):
    customer_message = add_message(session, None, ticket, body="Any news?", contact=ticket.requester)
    add_message(session, agent, ticket, body="Looking into it.", internal=True)
    session.commit()
    page = agent_client.get(f"/agent/tickets/{ticket.number}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.text
    for expected in (
        ticket.number,
        "Blue screen on boot",
        "badge-status-new",
        "badge-priority-P2",
        "IT support",
        "Carol Customer",
        "carol@example.org",
        "0x0000007B",
        "Asset number",
        "IT-000123",
        "Affected users",
        'value="3"',
    ):
        assert expected in html, expected
    assert f'id="message-{customer_message.id}"' in html
    assert 'class="card mb-3 message-reply-inbound"' in html
    assert 'class="card mb-3 message-note"' in html
    assert "Internal note" in html
    # The type's fields are editable through the shared macro.
    assert 'name="f_asset_number"' in html and 'name="f_affected_users"' in html


def test_public_reply_and_internal_note(agent_client, ticket, session, root, agent):
    reply = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/reply",
        {"kind": "reply", "body": "We will call you."},
    )
    assert reply.status_code == 303
    assert reply.headers["location"].startswith(f"/agent/tickets/{ticket.number}#message-")
    note = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/reply",
        {"kind": "note", "body": "Probably the SSD."},
    )
    assert note.status_code == 303

    session.expire_all()
    messages = ticket_access.list_messages(session, agent, ticket)
    kinds = [(m.kind, m.body_text) for m in messages]
    assert (MessageKind.REPLY, "We will call you.") in kinds
    assert (MessageKind.NOTE, "Probably the SSD.") in kinds
    # A public reply from staff starts the work on a new ticket.
    assert session.get(type(ticket), ticket.id).status is Status.IN_PROGRESS

    html = agent_client.get(f"/agent/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
    assert "message-reply-outbound" in html and "message-note" in html
    assert "Alice Agent wrote a reply" in html and "Alice Agent added an internal note" in html
    assert "Alice Agent created the ticket (Phone)" in html


def test_empty_reply_is_shown_beside_the_box_and_keeps_the_kind(agent_client, ticket, root):
    response = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/reply",
        {"kind": "note", "body": "   "},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    html = response.text
    box = html[html.index('id="reply-body"') :]
    assert "is-invalid" in html[html.index("<textarea") : html.index('id="reply-body"')]
    assert "Write a message first." in box[: box.index("</form>")]
    assert re.search(r'id="kind-note" value="note" x-model="kind"\s+checked', html)


def test_reply_with_attachment_and_download_headers(agent_client, ticket, session, root, agent):
    response = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/reply",
        {"kind": "reply", "body": "See the log."},
        files=[("attachments", ("crash <1>.html", b"<script>alert(1)</script>", "text/html"))],
    )
    assert response.status_code == 303
    session.expire_all()
    attachments = ticket_access.list_attachments(session, agent, ticket)
    assert len(attachments) == 1
    attachment = attachments[0]
    html = agent_client.get(f"/agent/tickets/{ticket.number}").text
    assert f'href="/agent/attachments/{attachment.id}"' in html

    download = agent_client.get(f"/agent/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.content == b"<script>alert(1)</script>"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert agent_client.get("/agent/attachments/999999").status_code == 404


def test_status_change_offers_only_allowed_transitions(agent_client, ticket, session, root):
    html = agent_client.get(f"/agent/tickets/{ticket.number}").text
    select = html[html.index('id="status-to"') :]
    select = select[: select.index("</select>")]
    offered = set(re.findall(r'<option value="([a-z_]+)"', select))
    assert offered == {"assigned", "in_progress", "resolved", "cancelled"}

    response = post(
        agent_client, root, f"/agent/tickets/{ticket.number}/status", {"to": "resolved", "reason": "Fixed"}
    )
    assert response.status_code == 303
    session.expire_all()
    assert session.get(type(ticket), ticket.id).status is Status.RESOLVED

    # Not allowed any more from resolved: the page says so beside the select.
    refused = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/status",
        {"to": "pending"},
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 422
    assert "Cannot change status from Resolved to Pending." in refused.text


def test_assignment_team_priority_category_and_tags(
    agent_client, ticket, colleague, make_team, session, root, agent
):
    team = make_team("Second line", [colleague])
    category = next(c for c in ticket.type.categories if c.names.get("en") == "Network")
    response = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/properties",
        {
            "priority": "P1",
            "assignee_id": str(colleague.id),
            "team_id": str(team.id),
            "category_id": str(category.id),
            "tags": "vip, Laptop，boot",
        },
    )
    assert response.status_code == 303
    session.expire_all()
    saved = session.get(type(ticket), ticket.id)
    assert (saved.priority.value, saved.assignee_id, saved.team_id, saved.category_id) == (
        "P1",
        colleague.id,
        team.id,
        category.id,
    )
    assert saved.tags == ["boot", "laptop", "vip"]
    assert saved.status is Status.ASSIGNED

    history = agent_client.get(
        f"/agent/tickets/{ticket.number}?tab=history", headers={"Accept-Language": "en"}
    ).text
    assert "Alice Agent changed priority from P2 · Normal to P1 · High" in history
    assert "Alice Agent set assignee to Bob Builder" in history
    assert "Alice Agent set team to Second line" in history
    assert "Alice Agent changed status from New to Assigned" in history
    assert 'id="pane-history" role="tabpanel"' in history
    assert re.search(r'class="tab-pane fade show active" id="pane-history"', history)


def test_invalid_assignee_is_shown_beside_the_field_and_nothing_is_saved(
    agent_client, ticket, make_user, session, root
):
    customer = make_user("customer")
    response = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/properties",
        {
            "priority": "P0",
            "assignee_id": str(customer.id),
            "team_id": "",
            "category_id": "",
            "tags": "",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    html = response.text
    after_select = html[html.index('id="prop-assignee"') :]
    assert "Choose an active staff member." in after_select[: after_select.index("prop-team")]
    # What was chosen is kept in the form, but the priority change was rolled back.
    assert re.search(r'<option value="P0" selected>', html)
    session.expire_all()
    assert session.get(type(ticket), ticket.id).priority.value == "P2"


def test_field_edit_saves_and_validation_error_is_shown_beside_the_field(agent_client, ticket, session, root):
    url = f"/agent/tickets/{ticket.number}/fields"
    bad = post(
        agent_client,
        root,
        url,
        {"f_asset_number": "IT-000999", "f_affected_users": "0"},
        headers={"Accept-Language": "en"},
    )
    assert bad.status_code == 422
    html = bad.text
    field = html[html.index('id="f_affected_users"') :]
    assert (
        "Affected users must be at least 1."
        in field[: field.index("</div>", field.index("invalid-feedback"))]
    )
    assert 'value="IT-000999"' in html  # the typed value is kept
    assert '<details class="mt-2" open>' in html
    session.expire_all()
    assert extension.read_fields(session, session.get(type(ticket), ticket.id))["asset_number"] == "IT-000123"

    good = post(
        agent_client,
        root,
        url,
        {"f_asset_number": "IT-000999", "f_affected_users": "12", "f_os_version": "Windows 11"},
    )
    assert good.status_code == 303
    session.expire_all()
    values = extension.read_fields(session, session.get(type(ticket), ticket.id))
    assert (values["asset_number"], values["affected_users"], values["os_version"]) == (
        "IT-000999",
        12,
        "Windows 11",
    )
    history = agent_client.get(
        f"/agent/tickets/{ticket.number}?tab=history", headers={"Accept-Language": "en"}
    ).text
    assert "Alice Agent changed Asset number from IT-000123 to IT-000999" in history


def test_links_are_listed_with_their_kind_and_can_be_removed(
    agent_client, ticket, make_ticket, session, root, agent
):
    other = make_ticket("Same problem on another laptop")
    response = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/links",
        {"target": other.number.lower(), "kind": "related"},
    )
    assert response.status_code == 303
    html = agent_client.get(f"/agent/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
    links = html[html.index('id="links"') :]
    assert other.number in links and "Related" in links
    link_id = re.search(r"/links/(\d+)/delete", links).group(1)

    missing = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/links",
        {"target": "TW-19990101-0001", "kind": "related"},
        headers={"Accept-Language": "en"},
    )
    assert missing.status_code == 422
    assert "This ticket does not exist or you cannot see it." in missing.text
    twice = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/links",
        {"target": other.number, "kind": "related"},
        headers={"Accept-Language": "en"},
    )
    assert twice.status_code == 422 and "These tickets are already linked." in twice.text

    removed = post(agent_client, root, f"/agent/tickets/{ticket.number}/links/{link_id}/delete")
    assert removed.status_code == 303
    session.expire_all()
    assert ticket_access.list_links(session, agent, ticket) == []


def test_merge_asks_for_confirmation_then_redirects_to_the_target(
    agent_client, ticket, make_ticket, session, root, agent
):
    target = make_ticket("Original report")
    confirm = agent_client.get(f"/agent/tickets/{ticket.number}/merge", params={"target": target.number})
    assert confirm.status_code == 200
    assert f'<input type="hidden" name="target" value="{target.number}">' in confirm.text
    session.expire_all()
    assert session.get(type(ticket), ticket.id).status is Status.NEW  # nothing happened yet

    merged = post(agent_client, root, f"/agent/tickets/{ticket.number}/merge", {"target": target.number})
    assert merged.status_code == 303
    assert merged.headers["location"] == f"/agent/tickets/{target.number}"
    session.expire_all()
    assert session.get(type(ticket), ticket.id).status is Status.MERGED

    # The merged ticket now redirects to its target with a flash message.
    again = agent_client.get(f"/agent/tickets/{ticket.number}", headers={"Accept-Language": "en"})
    assert again.status_code == 303
    assert again.headers["location"] == f"/agent/tickets/{target.number}"
    landing = agent_client.get(again.headers["location"], headers={"Accept-Language": "en"})
    assert f"Ticket {ticket.number} was merged into {target.number}." in landing.text
    links = ticket_access.list_links(session, agent, target)
    assert [link.kind for link in links] == [LinkKind.MERGED_INTO]
    assert f"Alice Agent merged {ticket.number} into this ticket" in landing.text


def test_merge_into_unknown_ticket_is_refused_beside_the_field(agent_client, ticket, root):
    response = agent_client.get(
        f"/agent/tickets/{ticket.number}/merge",
        params={"target": "TW-19990101-0009"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    merge = response.text[response.text.index('id="merge"') :]
    assert "This ticket does not exist or you cannot see it." in merge
    itself = post(
        agent_client,
        root,
        f"/agent/tickets/{ticket.number}/merge",
        {"target": ticket.number},
        headers={"Accept-Language": "en"},
    )
    assert itself.status_code == 422 and "A ticket cannot be merged into itself." in itself.text


def test_watch_and_unwatch(agent_client, ticket, session, root, agent):
    assert post(agent_client, root, f"/agent/tickets/{ticket.number}/watch").status_code == 303
    html = agent_client.get(f"/agent/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
    watchers = html[html.index('id="watchers"') :]
    assert "Alice Agent" in watchers
    assert f'action="/agent/tickets/{ticket.number}/unwatch"' in html
    assert "Alice Agent added Alice Agent as a watcher" in html
    assert post(agent_client, root, f"/agent/tickets/{ticket.number}/unwatch").status_code == 303
    session.expire_all()
    assert ticket_access.list_watchers(session, agent, ticket) == []


def test_post_without_csrf_token_is_rejected(agent_client, ticket, session, agent):
    response = agent_client.post(
        f"/agent/tickets/{ticket.number}/reply", data={"kind": "reply", "body": "Sneaky"}
    )
    assert response.status_code == 403
    wrong = agent_client.post(
        f"/agent/tickets/{ticket.number}/reply", data={"body": "Sneaky", "csrf_token": "forged"}
    )
    assert wrong.status_code == 403
    session.expire_all()
    assert ticket_access.list_messages(session, agent, ticket) == []


def test_unknown_ticket_is_404(agent_client):
    assert agent_client.get("/agent/tickets/TW-19990101-0001").status_code == 404


def test_ticket_page_in_english_and_chinese(agent_client, ticket):
    english = agent_client.get(f"/agent/tickets/{ticket.number}", headers={"Accept-Language": "en"}).text
    chinese = agent_client.get(f"/agent/tickets/{ticket.number}", headers={"Accept-Language": "zh-CN"}).text
    assert "Asset number" in english and "资产编号" in chinese
    assert "资产编号" not in english and "Asset number" not in chinese


def test_an_email_ticket_shows_its_opening_mail_once(agent_client, session):
    from email.message import EmailMessage  # noqa: PLC0415 - only this test writes mail

    from ticketwise.intake.pipeline import receive_email  # noqa: PLC0415
    from ticketwise.tickets.models import Ticket  # noqa: PLC0415

    mail = EmailMessage()
    mail["From"] = "Dave <dave@customer.example>"
    mail["To"] = "help@support.example"
    mail["Subject"] = "Badge reader broken"
    mail.set_content("The badge reader at gate 3 rejects every card.")
    mail.add_alternative("<p>The badge reader at <b>gate 3</b> rejects every card.</p>", subtype="html")
    result = receive_email(session, mail.as_bytes(), source="api")
    session.commit()
    ticket = session.get(Ticket, result.ticket_id)

    page = agent_client.get(f"/agent/tickets/{ticket.number}").text
    assert page.count("rejects every card") == 1
    assert "<b>gate 3</b>" in page  # the mail's own HTML, not the description rebuilt from text


def test_the_type_is_changed_keeping_the_old_details_and_confirmed_out_of_triage(
    agent_client, ticket, session, root
):
    url = f"/agent/tickets/{ticket.number}"
    changed = post(agent_client, root, f"{url}/type", {"type": "equipment_repair"}, follow_redirects=True)
    assert changed.status_code == 200 and "Type changed." in changed.text
    session.expire_all()
    assert ticket.type.slug == "equipment_repair"
    back = post(agent_client, root, f"{url}/type", {"type": "it_support"}, follow_redirects=True)
    assert back.status_code == 200
    session.expire_all()
    assert extension.read_fields(session, ticket)["asset_number"] == "IT-000123"  # nothing was lost

    ticket.needs_triage = True
    session.commit()
    page = agent_client.get(url).text
    assert "data-needs-triage" in page and "Confirm type" in page
    confirmed = post(agent_client, root, f"{url}/type", {"type": "it_support"}, follow_redirects=True)
    assert "Type confirmed." in confirmed.text and "data-needs-triage" not in confirmed.text
    session.expire_all()
    assert ticket.needs_triage is False

    refused = post(
        agent_client, root, f"{url}/type", {"type": "no_such_type"}, headers={"Accept-Language": "zh-CN"}
    )
    assert refused.status_code == 422 and 'id="ticket-type"' in refused.text
