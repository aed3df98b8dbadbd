"""The ticket page's similar-cases panel: matches with percentage, link, solution and the insert button."""

from __future__ import annotations

from tests.ai.retrieval.conftest import make_ticket, solved_ticket
from tests.conftest import web_login


def test_the_panel_lists_solved_cases_with_their_match_and_solution(client, session, agent):
    solved = solved_ticket(
        session,
        agent,
        "打印机无法打印",
        "财务部的打印机点击打印后没有反应",
        reply="重启了打印后台服务，恢复正常。",
    )
    asking = make_ticket(session, agent, "财务打印机没反应", "发了文件打印机没有任何反应")
    web_login(client, agent.email)
    response = client.get(f"/agent/tickets/{asking.id}/panels/similar")
    assert response.status_code == 200
    html = response.text
    assert "Similar solved cases" in html
    assert f'href="/agent/tickets/{solved.number}"' in html and "打印机无法打印" in html
    assert "重启了打印后台服务，恢复正常。" in html and "Insert into reply" in html
    assert "getElementById('reply-body')" in html
    percent = html.split('class="badge')[1].split(">")[1].split("%")[0]
    assert 10 <= int(percent) <= 100


def test_the_panel_says_when_there_is_nothing(client, session, agent):
    asking = make_ticket(session, agent, "Nothing like this was ever solved", "x")
    web_login(client, agent.email)
    html = client.get(f"/agent/tickets/{asking.id}/panels/similar").text
    assert "No similar solved cases yet." in html and "similar-hit" not in html


def test_customers_cannot_open_the_panel(client, session, agent, make_user):
    asking = make_ticket(session, agent, "VPN", "x", email="cust@example.com")
    customer = make_user("customer", email="cust@example.com")
    web_login(client, customer.email)
    assert client.get(f"/agent/tickets/{asking.id}/panels/similar").status_code == 403
