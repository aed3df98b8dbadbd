"""The agent queues: views, filters, sorting, paging, counts, htmx fragments, access and languages."""

from __future__ import annotations

import re

from ticketwise.tickets.enums import Priority, Status
from ticketwise.tickets.transitions import transition


def numbers_in(html: str) -> list[str]:
    """Ticket numbers of the result rows, in order."""
    return re.findall(
        r'<td class="d-none d-sm-table-cell"><a class="ticket-number" href="/agent/tickets/(TW-[0-9-]+)">',
        html,
    )


def count_badge(html: str, view: str) -> int:
    match = re.search(rf'data-count="{view}"[^>]*>(\d+)<', html)
    assert match, f"no count for {view}"
    return int(match.group(1))


def test_views_show_mine_unassigned_my_teams_and_all_with_counts(
    agent_client, agent, colleague, make_ticket, make_team, session
):
    make_team("Desk", [agent])
    mine = make_ticket("Mine", assignee_id=agent.id)
    theirs = make_ticket("Theirs", assignee_id=colleague.id)
    nobody = make_ticket("Nobody's")
    team_ticket = make_ticket("Team's", team_id=make_team("Field", [agent, colleague]).id)
    done = make_ticket("Done already", assignee_id=agent.id)
    transition(session, agent, done, Status.RESOLVED)
    session.commit()

    page = agent_client.get("/agent/queue?view=mine").text
    assert numbers_in(page) == [mine.number]
    assert count_badge(page, "mine") == 1
    assert count_badge(page, "unassigned") == 2
    assert count_badge(page, "my_teams") == 1
    assert count_badge(page, "all") == 4

    assert set(numbers_in(agent_client.get("/agent/queue?view=unassigned").text)) == {
        nobody.number,
        team_ticket.number,
    }
    assert numbers_in(agent_client.get("/agent/queue?view=my_teams").text) == [team_ticket.number]
    everything = numbers_in(agent_client.get("/agent/queue?view=all").text)
    assert set(everything) == {mine.number, theirs.number, nobody.number, team_ticket.number}
    # Resolved tickets are out of the default (open) queues but found with a status filter.
    assert numbers_in(agent_client.get("/agent/queue?view=all&status=resolved").text) == [done.number]
    assert done.number in numbers_in(agent_client.get("/agent/queue?view=all&status=any").text)


def test_row_shows_requester_type_badges_assignee_team_and_full_date(
    agent_client, agent, make_ticket, make_team
):
    team = make_team("Service desk", [agent])
    ticket = make_ticket(
        "Laptop will not boot",
        assignee_id=agent.id,
        team_id=team.id,
        priority=Priority.P1,
        requester_name="Dora Requester",
    )
    page = agent_client.get("/agent/queue?view=all", headers={"Accept-Language": "en"}).text
    row = page[page.index(ticket.number) :]
    row = row[: row.index("</tr>")]
    for expected in (
        "Laptop will not boot",
        "Dora Requester",
        "IT support",
        "badge-priority-P1",
        "badge-status-assigned",
        "Alice Agent",
        "Service desk",
    ):
        assert expected in row
    assert re.search(r'<time datetime="[^"]+" title="[^"]+2\d{3}[^"]*">', row)
    assert 'class="col-optional"' in row


def test_filters_by_priority_type_team_assignee_and_text(
    agent_client, agent, colleague, make_ticket, make_team
):
    team = make_team("Field", [colleague])
    urgent = make_ticket(
        "Server room flooding",
        priority=Priority.P0,
        type="equipment_repair",
        fields={"location": "B1"},
        team_id=team.id,
    )
    printer = make_ticket("Printer jam on floor 3", assignee_id=colleague.id)
    vpn = make_ticket("VPN drops every hour", description="Since the update the VPN drops.")

    def shown(query: str) -> set[str]:
        return set(numbers_in(agent_client.get("/agent/queue?view=all&" + query).text))

    assert shown("priority=P0") == {urgent.number}
    assert shown("type=equipment_repair") == {urgent.number}
    assert shown(f"team={team.id}") == {urgent.number}
    assert shown(f"assignee={colleague.id}") == {printer.number}
    assert shown("q=printer") == {printer.number}
    assert shown("q=update") == {vpn.number}  # the description is searched too
    assert shown(f"q={vpn.number.lower()}") == {vpn.number}
    assert shown("priority=P3") == set()
    # Malformed parameters are ignored rather than failing the page.
    assert shown("priority=P9&team=abc&status=nonsense") == {urgent.number, printer.number, vpn.number}


def test_sorting_and_paging(agent_client, make_ticket):
    low = make_ticket("Low", priority=Priority.P3)
    high = make_ticket("High", priority=Priority.P0)
    mid = make_ticket("Mid", priority=Priority.P2)

    assert numbers_in(agent_client.get("/agent/queue?view=all&sort=number").text) == [
        low.number,
        high.number,
        mid.number,
    ]
    assert numbers_in(agent_client.get("/agent/queue?view=all&sort=priority").text) == [
        high.number,
        mid.number,
        low.number,
    ]
    assert numbers_in(agent_client.get("/agent/queue?view=all&sort=created_asc").text) == [
        low.number,
        high.number,
        mid.number,
    ]
    assert numbers_in(agent_client.get("/agent/queue?view=all&sort=created_desc").text) == [
        mid.number,
        high.number,
        low.number,
    ]

    for n in range(25):
        make_ticket(f"Filler {n}")
    first = agent_client.get("/agent/queue?view=all&sort=number").text
    second = agent_client.get("/agent/queue?view=all&sort=number&page=2").text
    assert len(numbers_in(first)) == 25
    assert numbers_in(second)[-1] != numbers_in(first)[-1]
    assert len(numbers_in(second)) == 3
    assert 'href="/agent/queue?view=all&amp;sort=number&amp;page=2"' in first
    assert len(numbers_in(agent_client.get("/agent/queue?view=all&size=50").text)) == 28


def test_htmx_request_gets_only_the_results_fragment(agent_client, make_ticket):
    ticket = make_ticket("Fragment me")
    full = agent_client.get("/agent/queue?view=all")
    fragment = agent_client.get("/agent/queue?view=all", headers={"HX-Request": "true"})
    assert full.status_code == fragment.status_code == 200
    assert "<html" in full.text and 'id="queue-filters"' in full.text
    assert "<html" not in fragment.text
    assert 'id="queue-filters"' not in fragment.text
    assert fragment.text.lstrip().startswith('<div id="results"')
    assert numbers_in(fragment.text) == [ticket.number]
    # A history restore needs the whole page.
    restore = agent_client.get(
        "/agent/queue?view=all", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.text


def test_filter_form_works_without_javascript_and_with_htmx(agent_client):
    page = agent_client.get("/agent/queue?view=unassigned").text
    form = page[page.index('<form id="queue-filters"') :]
    form = form[: form.index(">")]
    assert 'method="get"' in form and 'action="/agent/queue"' in form
    assert 'hx-get="/agent/queue"' in form and 'hx-push-url="true"' in form and 'hx-target="#results"' in form
    assert '<input type="hidden" name="view" value="unassigned">' in page


def test_customers_are_refused_and_visitors_sent_to_sign_in(client, make_user, seeded_types, root):
    assert client.get("/agent/queue").status_code == 303
    assert client.get("/agent/queue").headers["location"].startswith("/login?next=")
    customer = make_user("customer")
    root.web_login(client, customer.email)
    for path in (
        "/agent/queue",
        "/agent/tickets/new",
        "/agent/tickets/TW-20260101-0001",
        "/agent/attachments/1",
    ):
        assert client.get(path).status_code == 403, path


def test_queue_renders_in_english_and_chinese(agent_client, make_ticket):
    make_ticket("Bilingual")
    english = agent_client.get("/agent/queue?view=all", headers={"Accept-Language": "en"}).text
    chinese = agent_client.get("/agent/queue?view=all", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="en"' in english and '<html lang="zh-CN"' in chinese
    assert "IT support" in english and "IT support" not in chinese
    assert "IT 支持" in chinese and "IT 支持" not in english
    assert english != chinese
