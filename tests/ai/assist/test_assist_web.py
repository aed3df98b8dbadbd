"""The assist panel on the ticket page (draft into the reply form, summary, translation, labels) and
the reply guard on the reply form: warn (page back with the findings, the text kept and "Send anyway"),
block (refused), notes not checked, sending anyway audited; CSRF and staff only."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from ticketwise.ai.features import Feature
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import TicketEvent, TicketMessage

SECRET = "Your temporary password: Xk9#mQ2z, please change it."


@pytest.fixture
def ticket(session, make_ticket, agent):
    ticket = make_ticket(
        "VPN drops every few minutes",
        description="Since Monday the VPN client disconnects every few minutes. I must reconnect many times a day.",
        language="en",
    )
    add_message(session, None, ticket, contact=ticket.requester, body="Now it disconnects every minute.")
    session.commit()
    return ticket


@pytest.fixture
def browser(client, agent, root):
    root.web_login(client, agent.email)
    return client


def htmx_post(client, root, url, data=None):
    headers = {"HX-Request": "true", "X-CSRF-Token": root.csrf_of(client)}
    return client.post(url, data=data or {}, headers=headers)


def reply(client, root, ticket, body, **extra):
    data = {"csrf_token": root.csrf_of(client), "kind": "reply", "body": body, **extra}
    return client.post(f"/agent/tickets/{ticket.number}/reply", data=data)


def _public_bodies(session, ticket):
    session.expire_all()
    rows = session.scalars(sa.select(TicketMessage).where(TicketMessage.ticket_id == ticket.id))
    return [m.body_text for m in rows if m.kind.value == "reply" and m.direction.value == "outbound"]


def test_ticket_page_loads_the_panel_and_the_panel_offers_the_buttons(browser, ticket, session):
    page = browser.get(f"/agent/tickets/{ticket.number}")
    assert f'hx-get="/agent/tickets/{ticket.id}/panels/assist"' in page.text
    panel = browser.get(f"/agent/tickets/{ticket.id}/panels/assist")
    assert panel.status_code == 200
    html = panel.text
    for expected in ("Draft a reply", "Summarise", "Translate", f"/agent/tickets/{ticket.id}/assist/draft"):
        assert expected in html, expected
    latest = session.scalars(sa.select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)).all()[-1]
    # The customer's latest message is preselected for translation.
    assert re.search(rf'<option value="{latest.id}" selected>', html)


def test_panel_and_actions_need_staff_and_csrf(client, customer, ticket, root, browser):
    # CSRF: an htmx post without the header is refused.
    assert browser.post(f"/agent/tickets/{ticket.id}/assist/summary").status_code == 403
    browser.cookies.clear()
    root.web_login(client, customer.email)
    assert client.get(f"/agent/tickets/{ticket.id}/panels/assist").status_code == 403
    assert htmx_post(client, root, f"/agent/tickets/{ticket.id}/assist/draft").status_code == 403


def test_draft_fills_the_reply_form_and_labels_a_template(browser, root, ticket):
    response = htmx_post(browser, root, f"/agent/tickets/{ticket.id}/assist/draft")
    assert response.status_code == 200
    html = response.text
    # The draft replaces the reply form's text area (htmx out-of-band swap) ...
    textarea = re.search(r'<textarea[^>]*id="reply-body"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea and 'hx-swap-oob="true"' in textarea.group(0) and 'name="body"' in textarea.group(0)
    assert textarea.group(1).startswith("Hello Carol Customer,")
    # ... and, with no similar case, says it is a template, made offline.
    assert "Template" in html and "standard acknowledgement" in html
    assert "Offline" in html and " ms" in html


def test_draft_from_the_llm_shows_provider_and_citation_links(
    browser, root, ticket, make_ticket, solve, configure, openai_server
):
    solved = solve(
        make_ticket(
            "VPN disconnects all the time", description="The VPN client disconnects every few minutes."
        ),
        "Please update the VPN client to 5.2.",
    )
    configure(Feature.REPLY_DRAFT)
    openai_server.reply_json(
        {"body": "Hello Carol, please try <b>this</b>.", "citations": [{"kind": "ticket", "id": solved.id}]}
    )
    html = htmx_post(browser, root, f"/agent/tickets/{ticket.id}/assist/draft").text
    assert "Fake · fake-model" in html and "Offline" not in html
    assert "please try &lt;b&gt;this&lt;/b&gt;." in html  # escaped
    assert f'href="/agent/tickets/{solved.number}"' in html and "VPN disconnects all the time" in html


def test_summary_fragment(browser, root, ticket):
    html = htmx_post(browser, root, f"/agent/tickets/{ticket.id}/assist/summary").text
    assert "Summary" in html and "Offline" in html and "Key sentences" in html
    assert "disconnects every few minutes" in html and "Carol Customer:" in html


def test_translation_without_provider_says_so_and_links_admins_to_settings(
    client, browser, root, ticket, admin
):
    html = htmx_post(
        browser, root, f"/agent/tickets/{ticket.id}/assist/translate", {"message": "request", "target": "zh"}
    ).text
    assert "Translation needs an AI provider; none is configured." in html
    assert 'href="/admin/ai"' not in html  # agents cannot configure it
    browser.cookies.clear()
    root.web_login(client, admin.email)
    html = htmx_post(
        client, root, f"/agent/tickets/{ticket.id}/assist/translate", {"message": "request", "target": "zh"}
    ).text
    assert 'href="/admin/ai"' in html


def test_translation_by_the_llm(browser, root, ticket, configure, openai_server, sent_prompt):
    configure(Feature.TRANSLATION)
    openai_server.reply_json({"translation": "VPN 每隔几分钟断开一次。"})
    html = htmx_post(
        browser, root, f"/agent/tickets/{ticket.id}/assist/translate", {"message": "request", "target": "zh"}
    ).text
    assert "VPN 每隔几分钟断开一次。" in html and "Fake · fake-model" in html and "Chinese" in html
    assert "VPN drops every few minutes" in sent_prompt()[1]

    openai_server.reply_json({"translation": "请重启。"})
    html = htmx_post(
        browser,
        root,
        f"/agent/tickets/{ticket.id}/assist/translate",
        {"source": "reply", "body": "Please restart.", "target": "zh"},
    ).text
    assert "请重启。" in html and sent_prompt()[1] == "Please restart."


def test_reply_with_sensitive_data_in_warn_mode_comes_back_with_the_findings(browser, root, ticket, session):
    response = reply(browser, root, ticket, SECRET)
    assert response.status_code == 200
    html = response.text
    assert 'id="reply-guard"' in html and 'data-guard-mode="warn"' in html
    assert "temporary password: ******" in html and "Xk9#mQ2z, please change it.</textarea>" in html
    assert 'name="guard_override"' in html and "Send anyway" in html
    assert 'name="guard_kinds" value="password"' in html and 'name="csrf_token"' in html
    assert _public_bodies(session, ticket) == []

    sent = reply(browser, root, ticket, SECRET, guard_override="1", guard_kinds="password")
    assert sent.status_code == 303
    assert _public_bodies(session, ticket) == [SECRET]
    event = session.scalars(
        sa.select(TicketEvent).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.action == "reply_guard_overridden"
        )
    ).one()
    assert event.new_value == "password" and "Xk9" not in str(event.data)


def test_block_mode_refuses_even_with_send_anyway(browser, root, ticket, session, guard_mode):
    guard_mode("block")
    response = reply(browser, root, ticket, SECRET, guard_override="1")
    assert response.status_code == 422
    html = response.text
    assert 'data-guard-mode="block"' in html and "blocked" in html
    assert 'name="guard_override"' not in html
    assert "Xk9#mQ2z, please change it.</textarea>" in html  # the text is kept to be edited
    assert _public_bodies(session, ticket) == []


def test_clean_replies_and_notes_go_straight_through(browser, root, ticket, session, guard_mode):
    guard_mode("block")
    assert reply(browser, root, ticket, "Please update the client to 5.2.").status_code == 303
    note = browser.post(
        f"/agent/tickets/{ticket.number}/reply",
        data={"csrf_token": root.csrf_of(browser), "kind": "note", "body": SECRET},
    )
    assert note.status_code == 303
    assert _public_bodies(session, ticket) == ["Please update the client to 5.2."]


def test_tone_warning_from_the_llm_on_the_reply_form(
    browser, root, ticket, session, configure, openai_server
):
    configure(Feature.REPLY_GUARD)
    openai_server.reply_json({"ok": False, "issues": ["Do not tell the customer to read the manual."]})
    html = reply(browser, root, ticket, "Read the manual.").text
    assert "Tone" in html and "Do not tell the customer to read the manual." in html
    assert "Tone checked by Fake · fake-model" in html
    assert 'name="guard_kinds" value="tone"' in html


def test_chinese_page(browser, root, ticket):
    response = browser.post(
        f"/agent/tickets/{ticket.number}/reply",
        data={"csrf_token": root.csrf_of(browser), "kind": "reply", "body": "密码：Abc12345"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert response.status_code == 200
    assert "密码：******" in response.text


def test_a_warned_reply_with_files_asks_for_them_again(browser, root, ticket, session):
    response = browser.post(
        f"/agent/tickets/{ticket.number}/reply",
        data={"csrf_token": root.csrf_of(browser), "kind": "reply", "body": SECRET},
        files={"attachments": ("log.txt", b"vpn log", "text/plain")},
    )
    assert response.status_code == 200 and "Attach your files again before sending." in response.text
    assert _public_bodies(session, ticket) == []
