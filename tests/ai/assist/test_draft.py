"""Reply drafts: offline from a similar solved ticket (adapted to the new requester, the old one's name
and ticket number removed, the source cited), the acknowledgement template when nothing fits, and the
LLM path (the prompt carries the retrieved cases; citations of anything not given are dropped; a
timeout gives the offline draft)."""

from __future__ import annotations

import pytest

from ticketwise.ai.assist import adapt
from ticketwise.ai.assist.draft import draft_reply
from ticketwise.ai.features import Feature
from ticketwise.tickets import messages

VPN_SOLUTION = (
    "Hi Bob,\n\n"
    "About ticket {number}: please update the VPN client to version 5.2 from the software portal, "
    "then restart the laptop. Bob, if it still drops, switch the VPN profile to TCP.\n\n"
    "Best regards,\nDave Support"
)


@pytest.fixture
def solved_vpn(make_ticket, solve):
    ticket = make_ticket(
        "VPN disconnects every few minutes",
        description="Since the update the VPN client disconnects every few minutes when I work from home.",
        requester_name="Bob Smith",
        requester_email="bob.smith@example.com",
        language="en",
    )
    return solve(ticket, VPN_SOLUTION)


@pytest.fixture
def new_vpn(make_ticket):
    return make_ticket(
        "VPN keeps disconnecting",
        description="My VPN client disconnects every few minutes when working from home. What can I do?",
        requester_name="Carol Customer",
        language="en",
    )


def test_offline_draft_adapts_the_solution_of_a_similar_solved_ticket(session, solved_vpn, new_vpn, agent):
    draft = draft_reply(session, new_vpn, author=agent)

    assert draft.offline and draft.source == "case" and not draft.is_template and not draft.fallback
    assert [(c.kind, c.id, c.ref) for c in draft.citations] == [("ticket", solved_vpn.id, solved_vpn.number)]
    body = draft.body
    assert body.startswith("Hello Carol Customer,\n\n")
    assert "Please update the VPN client to version 5.2" in body
    assert "restart the laptop. If it still drops, switch the VPN profile to TCP." in body
    # Nothing of the other case's identity: its requester's name, its number, its old sign-off.
    assert "Bob" not in body and "Smith" not in body and solved_vpn.number not in body
    assert "Dave Support" not in body
    assert body.endswith("Best regards,\nAlice Agent")


def test_offline_draft_in_chinese(session, make_ticket, solve, agent):
    solved = make_ticket(
        "打印机卡纸",
        description="三楼的打印机一直卡纸，清理后还是卡纸。",
        requester_name="王小明",
        language="zh_CN",
    )
    solve(
        solved,
        "王先生，您好！\n关于工单 {number}，请更换纸盒中受潮的纸张，并清理进纸轮。王先生如仍有问题请告诉我们。\n祝好！\n客服小李",
    )
    new = make_ticket(
        "打印机总是卡纸", description="二楼打印机总是卡纸，怎么办？", requester_name="李雷", language="zh_CN"
    )

    draft = draft_reply(session, new, author=agent)

    assert draft.source == "case" and draft.language == "zh"
    assert draft.body.startswith("李雷，您好！")
    assert "请更换纸盒中受潮的纸张，并清理进纸轮" in draft.body
    assert "王" not in draft.body and solved.number not in draft.body and "客服小李" not in draft.body
    assert draft.body.endswith("祝好！\nAlice Agent")


def test_no_similar_case_gives_a_labelled_acknowledgement(session, make_ticket, agent, solved_vpn):
    ticket = make_ticket(
        "Invoice address wrong", description="The invoice shows our old street address.", language="en"
    )

    draft = draft_reply(session, ticket, author=agent)

    assert draft.is_template and draft.source == "template" and draft.citations == ()
    assert draft.model == "template"
    assert draft.body == adapt.acknowledgement(
        "en", requester="Carol Customer", agent="Alice Agent", title=ticket.title, number=ticket.number
    )
    assert ticket.number in draft.body and "VPN" not in draft.body


def test_secrets_of_a_past_solution_are_not_passed_on(session, make_ticket, solve, agent):
    solved = make_ticket(
        "Mailbox locked", description="My mailbox is locked after a password change.", language="en"
    )
    solve(
        solved,
        "Hi,\nI unlocked the mailbox. Your temporary password: Qz7#kLm2x, change it after login.\nRegards",
    )
    new = make_ticket(
        "Mailbox locked again", description="My mailbox is locked after the password change.", language="en"
    )
    draft = draft_reply(session, new, author=agent)
    assert draft.source == "case" and "I unlocked the mailbox." in draft.body
    assert (
        "Qz7#kLm2x" not in draft.body and "Your temporary password: […], change it after login." in draft.body
    )


def test_a_weakly_related_case_is_not_adapted(session, make_ticket, agent, solved_vpn):
    # Shares "laptop", "working from home" with the VPN case, but is another problem.
    ticket = make_ticket(
        "Laptop slow", description="My laptop is slow when working from home.", language="en"
    )
    draft = draft_reply(session, ticket, author=agent)
    assert draft.is_template and "VPN" not in draft.body


def test_llm_draft_is_grounded_in_the_retrieved_cases(
    session, solved_vpn, new_vpn, agent, configure, openai_server, sent_prompt
):
    messages.add_message(session, agent, new_vpn, body="Customer is on the old laptop model.", internal=True)
    session.commit()
    configure(Feature.REPLY_DRAFT)
    openai_server.reply_json(
        {
            "body": "Hello Carol,\n\nPlease update the VPN client to 5.2.\n\nBest regards,\nAlice Agent",
            "citations": [
                {"kind": "ticket", "id": solved_vpn.id, "ref": "TW-made-up"},
                {"kind": "ticket", "id": 999999, "ref": "TW-20990101-0001"},  # not given: dropped
                {"kind": "article", "id": solved_vpn.id},  # right id, wrong kind: dropped
                {"kind": "ticket", "id": solved_vpn.id},  # cited twice: kept once
            ],
        }
    )

    draft = draft_reply(session, new_vpn, author=agent)

    assert (
        not draft.offline
        and draft.source == "llm"
        and (draft.provider, draft.model) == ("Fake", "fake-model")
    )
    assert draft.body.startswith("Hello Carol,")
    # Only the case that was given survives, with its real number and title.
    assert [(c.kind, c.id, c.ref, c.title) for c in draft.citations] == [
        ("ticket", solved_vpn.id, solved_vpn.number, solved_vpn.title)
    ]
    system, user = sent_prompt()
    assert "in English" in system and "Alice Agent" in system
    assert f"[ticket id={solved_vpn.id} ref={solved_vpn.number}" in user
    assert "update the VPN client to version 5.2" in user  # the retrieved solution
    assert "My VPN client disconnects" in user  # the thread
    assert "old laptop model" not in user  # internal notes never reach a draft


def test_llm_timeout_gives_the_offline_draft(session, solved_vpn, new_vpn, agent, configure, openai_server):
    configure(Feature.REPLY_DRAFT, timeout_seconds=1)
    openai_server.reply_json({"body": "too late", "citations": []}, delay=2.5)

    draft = draft_reply(session, new_vpn, author=agent)

    assert draft.offline and draft.fallback and draft.source == "case"
    assert "version 5.2" in draft.body and draft.body != "too late"
    assert len(openai_server.requests) == 1


def test_invalid_llm_output_gives_the_offline_draft(
    session, solved_vpn, new_vpn, agent, configure, openai_server
):
    configure(Feature.REPLY_DRAFT)
    openai_server.reply_json({"citations": []})  # no body
    draft = draft_reply(session, new_vpn, author=agent)
    assert draft.offline and draft.fallback and draft.citations[0].id == solved_vpn.id


def test_name_variants_and_adaptation():
    assert adapt.name_variants("Bob Smith") == ["Bob Smith", "Smith", "Bob"]
    assert set(adapt.name_variants("王小明")) >= {"王小明", "王先生", "王女士", "小明"}
    assert adapt.name_variants("bob.smith@example.com") == ["bob.smith"]
    adapted = adapt.adapt_solution(
        "Dear Bob,\nRegarding your ticket TW-20261120-0042, reset the router (Bob: hold the button 10 s).\nThanks,\nDave",
        old_names=adapt.name_variants("Bob Smith"),
    )
    assert adapted == "Reset the router (hold the button 10 s)."
