"""The SLA report page and its CSV export, over clocks made by the real ticket services.

Monday 2026-03-02 in Shanghai, office hours 09–12 / 13–18, P2 first response 2 h: ticket "quick" is
answered at 11:00 (met), ticket "slow" at 14:00 (due 12:00: 3 business hours, 1 h late). Measured on
Tuesday 10:00.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

import ticketwise.sla.handlers  # noqa: F401 - subscribes the sla reactions in this process
from ticketwise.sla.apply import replay_ticket
from ticketwise.sla.models import SlaCalendar, SlaPolicy
from ticketwise.tickets.enums import Channel
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketCreate
from ticketwise.tickets.service import create_ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEK = "from=2026-03-01&to=2026-03-07"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.fixture
def report_data(session, seeded_types, agent, make_user):
    calendar = SlaCalendar(
        name="Office",
        timezone="Asia/Shanghai",
        weekly_hours={str(day): [["09:00", "12:00"], ["13:00", "18:00"]] for day in range(5)},
        holiday_country="CN",
    )
    session.add(
        SlaPolicy(
            name="Office hours",
            position=1,
            calendar=calendar,
            conditions={},
            targets={"first_response": {"P2": 120}, "resolution": {"P2": 480}},
            pause_rules={"pending": ["resolution"]},
        )
    )
    session.commit()
    customer = make_user("customer", email="carol@customer.example", name="Carol")
    tickets = {}
    with time_machine.travel(local(2026, 3, 2, 10, 0), tick=False) as traveller:
        for name, title in (("quick", "打印机卡纸"), ("slow", "Outlook crashes")):
            tickets[name] = create_ticket(
                session, customer, TicketCreate(type="it_support", title=title), channel=Channel.PORTAL
            ).id
            session.commit()
        for name, hour in (("quick", 11), ("slow", 14)):
            traveller.move_to(local(2026, 3, 2, hour, 0))
            add_message(session, agent, session.get(Ticket, tickets[name]), body="On it.")
            session.commit()
        traveller.move_to(local(2026, 3, 3, 10, 0))
        for ticket_id in tickets.values():
            replay_ticket(session, ticket_id, at=local(2026, 3, 3, 10, 0))
        session.commit()
    return {name: session.get(Ticket, ticket_id).number for name, ticket_id in tickets.items()}


@pytest.fixture
def tuesday():
    with time_machine.travel(local(2026, 3, 3, 10, 0), tick=False):
        yield


def test_page_shows_totals_tables_breaches_and_chart_data(agent_client, report_data, tuesday) -> None:
    page = agent_client.get(f"/agent/reports/sla?{WEEK}")
    assert page.status_code == 200
    html = page.text
    assert "SLA reports" in html
    assert 'data-total="response">50.0 %' in html
    assert "/static/vendor/echarts/dist/echarts.min.js" in html
    assert 'id="sla-report-data"' in html and '"response": [null, null, 50.0, null]' in html
    assert report_data["slow"] in html and report_data["quick"] not in html.split('id="breach-table"')[1]
    assert ">1:00" in html  # one business hour late
    assert 'data-durations="response"' in html


def test_page_defaults_and_reports_bad_dates(agent_client, report_data, tuesday) -> None:
    default = agent_client.get("/agent/reports/sla")
    assert default.status_code == 200
    assert 'value="2026-02-02"' in default.text and 'value="2026-03-03"' in default.text  # last 30 days
    bad = agent_client.get("/agent/reports/sla?from=yesterday")
    assert bad.status_code == 200 and "Enter dates as YYYY-MM-DD." in bad.text
    backwards = agent_client.get("/agent/reports/sla?from=2026-03-07&to=2026-03-01")
    assert "The end of the period must be after its start." in backwards.text
    grouped = agent_client.get(f"/agent/reports/sla?{WEEK}&group=period&period=day&group=nonsense")
    assert grouped.status_code == 200


def test_chinese_page_renders(agent_client, report_data, tuesday) -> None:
    page = agent_client.get(f"/agent/reports/sla?{WEEK}&group=type", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and 'lang="zh' in page.text


def test_csv_compliance_has_bom_and_one_row_per_priority(agent_client, report_data, tuesday) -> None:
    response = agent_client.get(f"/agent/reports/sla.csv?{WEEK}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Priority", "Response met", "Response breached", "Response compliance %"]
    assert [row[0] for row in rows[1:]] == ["P0", "P1", "P2", "P3"]
    assert rows[3] == ["P2", "1", "1", "50.0", "0", "0", ""]


def test_csv_breaches_keep_chinese_titles(agent_client, report_data, tuesday) -> None:
    response = agent_client.get(f"/agent/reports/sla.csv?{WEEK}&table=breaches")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Ticket" and len(rows) == 2
    assert rows[1][0] == report_data["slow"] and rows[1][3] == "First response" and rows[1][9] == "1:00"
    everything = agent_client.get("/agent/reports/sla.csv?from=2026-03-01&to=2026-03-07&group=type")
    assert "IT support" in everything.content.decode("utf-8-sig")


def test_customers_and_visitors_are_kept_out(client, make_user, root) -> None:
    assert client.get("/agent/reports/sla").status_code in (302, 303)
    customer = make_user("customer", email="cathy@customer.example")
    root.web_login(client, customer.email)
    assert client.get("/agent/reports/sla").status_code == 403
    assert client.get("/agent/reports/sla.csv").status_code == 403
    assert 'href="/agent/reports/sla"' not in client.get("/portal").text


def test_staff_reach_the_reports_from_the_main_navigation(agent_client) -> None:
    assert 'href="/agent/reports/sla">SLA reports</a>' in agent_client.get("/agent/queue").text
