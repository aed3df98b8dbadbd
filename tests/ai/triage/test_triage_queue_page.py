"""The "Needs triage" queue view on the agent queue page."""

from __future__ import annotations

import re

from tests.conftest import web_login


def test_the_triage_view_lists_flagged_tickets_with_a_count(client, session, make_user, email_ticket):
    agent = make_user("agent")
    flagged = email_ticket("有个问题")
    other = email_ticket("Another one")
    session.commit()  # the arrival triage runs after this commit
    # Set by hand: whatever the arrival triage decided for these texts is not what this test is about.
    session.refresh(flagged)
    session.refresh(other)
    flagged.needs_triage, other.needs_triage = True, False
    session.commit()
    web_login(client, agent.email)

    page = client.get("/agent/queue?view=triage")
    assert page.status_code == 200
    assert "Needs triage" in page.text
    assert flagged.number in page.text and other.number not in page.text
    count = re.search(r'data-count="triage"[^>]*>(\d+)<', page.text)
    assert count and int(count.group(1)) == 1

    chinese = client.get("/agent/queue?view=triage", headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 200 and flagged.number in chinese.text
