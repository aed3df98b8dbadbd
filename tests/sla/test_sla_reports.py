"""SLA reports over real timers: tickets created, answered and reassigned through the ticket services,
clocks stored by the sla handlers and brought up to date with ``replay_ticket`` (what the monitor does).

Scenario (Shanghai office hours Mon–Fri 09–12 / 13–18; policy P1 1 h / 4 h, P2 2 h / 8 h), all on
Monday 2026-03-02, measured on Tuesday 10:00:

* A  P2 created 10:00, agent reply 11:00: first response met after 1 h.
* B  P2 created 10:00, assigned to the agent 11:30, agent reply 14:00 (due 12:00): met late, 3 h
  elapsed, 1 h late; reassigned to the lead on Tuesday 09:30.
* C  P1 created 10:00, never answered: first response due 11:00, resolution due 15:00; on Tuesday 10:00
  8 business hours have run, so 7 h and 4 h late, still open.
* D  P2 created 07:00 (Sunday 23:00 UTC), agent reply 09:30: first response met after 30 min;
  resolution ran 09–12 / 13–18, due Monday 18:00, 1 h late on Tuesday 10:00, still open.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ticketwise.core.errors import ValidationFailed
from ticketwise.sla.apply import replay_ticket
from ticketwise.sla.models import Clock
from ticketwise.sla.reports import ReportFilter, breaches, compliance, durations, totals
from ticketwise.sla.reports.filters import offset_segments
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.models import Ticket
from ticketwise.tickets.schemas import TicketPatch
from ticketwise.tickets.service import update_ticket

from .conftest import local

WEEK = ReportFilter(start=local(2026, 3, 1), end=local(2026, 3, 8), timezone="Asia/Shanghai")
MEASURED_AT = local(2026, 3, 3, 10, 0)


@pytest.fixture
def scenario(session, office_policy, new_ticket, agent, lead, travel):
    def reply(ticket_id: int, moment: datetime) -> None:
        travel(moment)
        add_message(session, agent, session.get(Ticket, ticket_id), body="We are on it.")
        session.commit()

    travel(local(2026, 3, 2, 7, 0))
    d = new_ticket(type="it_support", title="VPN drops")
    travel(local(2026, 3, 2, 10, 0))
    a = new_ticket(type="it_support", title="Printer jammed")
    b = new_ticket(type="it_support", title="Outlook crashes")
    c = new_ticket(type="it_support", title="Server room is hot")
    update_ticket(session, agent, session.get(Ticket, c.id), TicketPatch(priority=Priority.P1))
    session.commit()
    reply(d.id, local(2026, 3, 2, 9, 30))
    reply(a.id, local(2026, 3, 2, 11, 0))
    travel(local(2026, 3, 2, 11, 30))
    update_ticket(session, agent, session.get(Ticket, b.id), TicketPatch(assignee_id=agent.id))
    session.commit()
    reply(b.id, local(2026, 3, 2, 14, 0))
    travel(local(2026, 3, 3, 9, 30))
    update_ticket(session, lead, session.get(Ticket, b.id), TicketPatch(assignee_id=lead.id))
    session.commit()
    travel(MEASURED_AT)
    for ticket in (a, b, c, d):
        replay_ticket(session, ticket.id, at=MEASURED_AT)
    session.commit()
    return {"a": a.id, "b": b.id, "c": c.id, "d": d.id}


def test_totals_count_met_and_breached_only(session, scenario) -> None:
    row = totals(session, WEEK)
    assert (row.response.met, row.response.breached, row.response.percent) == (2, 2, 50.0)
    # A and B resolution are due exactly at Tuesday 10:00, not past it: they count for neither side.
    assert (row.resolution.met, row.resolution.breached, row.resolution.percent) == (0, 2, 0.0)


def test_compliance_by_priority_lists_every_priority(session, scenario) -> None:
    rows = {row.key: row for row in compliance(session, WEEK, "priority")}
    assert list(rows) == ["P0", "P1", "P2", "P3"]
    assert (rows["P2"].response.met, rows["P2"].response.breached, rows["P2"].response.percent) == (
        2,
        1,
        66.7,
    )
    assert (rows["P1"].response.percent, rows["P1"].resolution.percent) == (0.0, 0.0)
    assert rows["P0"].response.percent is None and rows["P0"].response.total == 0


def test_compliance_by_agent_uses_the_current_assignee(session, scenario, lead) -> None:
    rows = {row.label: row for row in compliance(session, WEEK, "agent")}
    assert set(rows) == {"Lee Lead", "Unassigned"}
    assert (rows["Lee Lead"].response.met, rows["Lee Lead"].response.breached) == (0, 1)
    assert (rows["Unassigned"].response.met, rows["Unassigned"].response.breached) == (2, 1)
    assert rows["Lee Lead"].key == str(lead.id) and rows["Unassigned"].key == ""


def test_compliance_by_type_and_team(session, scenario) -> None:
    (by_type,) = compliance(session, WEEK, "type")
    assert by_type.label == "IT support" and by_type.response.total == 4
    teams = compliance(session, WEEK, "team")
    assert sum(row.response.total for row in teams) == 4


def test_periods_split_at_local_midnight(session, scenario) -> None:
    days = compliance(session, WEEK, "period", "day")
    assert [row.key for row in days] == [(date(2026, 3, 1) + timedelta(days=n)).isoformat() for n in range(7)]
    by_day = {row.key: row.response.total for row in days}
    assert by_day["2026-03-02"] == 4 and by_day["2026-03-01"] == 0  # D: Monday 07:00 in Shanghai
    in_utc = ReportFilter(start=WEEK.start, end=WEEK.end, timezone="UTC")
    utc_days = {row.key: row.response.total for row in compliance(session, in_utc, "period", "day")}
    assert utc_days["2026-03-01"] == 1 and utc_days["2026-03-02"] == 3  # D: Sunday 23:00 UTC
    weeks = compliance(session, WEEK, "period", "week")  # Sunday Mar 1 belongs to the week of Feb 23
    assert [(row.key, row.label, row.response.total) for row in weeks] == [
        ("2026-02-23", "2026-W09", 0),
        ("2026-03-02", "2026-W10", 4),
    ]


def test_weeks_and_months_roll_up_days(session, scenario) -> None:
    span = ReportFilter(start=local(2026, 2, 20), end=local(2026, 3, 20), timezone="Asia/Shanghai")
    weeks = compliance(session, span, "period", "week")
    assert [row.label for row in weeks] == ["2026-W08", "2026-W09", "2026-W10", "2026-W11", "2026-W12"]
    assert [row.response.total for row in weeks] == [0, 0, 4, 0, 0]
    months = compliance(session, span, "period", "month")
    assert [(row.label, row.response.met, row.response.breached) for row in months] == [
        ("2026-02", 0, 0),
        ("2026-03", 2, 2),
    ]


def test_filters_narrow_the_population(session, scenario, lead) -> None:
    p1 = ReportFilter(start=WEEK.start, end=WEEK.end, priority="P1")
    assert totals(session, p1).response.total == 1
    mine = ReportFilter(start=WEEK.start, end=WEEK.end, assignee_id=lead.id)
    assert totals(session, mine).response.breached == 1
    later = ReportFilter(start=local(2026, 3, 3), end=local(2026, 3, 10))
    assert totals(session, later).response.total == 0


def test_durations_in_business_hours(session, scenario) -> None:
    stats = {row.family: row for row in durations(session, WEEK)}
    response = stats["response"]
    # A 1 h, B 3 h, D 0.5 h: mean 1.5 h, median 1 h, p90 interpolated 1 h + 0.8 × 2 h = 2.6 h.
    assert (response.count, response.mean_hours, response.median_hours, response.p90_hours) == (
        3,
        1.5,
        1.0,
        2.6,
    )
    assert stats["resolution"].count == 0 and stats["resolution"].mean_hours is None


def test_breach_list_names_clock_lateness_policy_and_assignee_at_the_time(session, scenario, agent) -> None:
    rows = breaches(session, WEEK, MEASURED_AT)
    assert [(row.ticket_id, row.clock) for row in rows] == [
        (scenario["d"], Clock.RESOLUTION),  # breached Monday 18:00
        (scenario["c"], Clock.RESOLUTION),  # 15:00
        (scenario["b"], Clock.FIRST_RESPONSE),  # 12:00
        (scenario["c"], Clock.FIRST_RESPONSE),  # 11:00
    ]
    d_resolution, c_resolution, b_first, c_first = rows
    assert (d_resolution.late_seconds, d_resolution.open) == (3600, True)
    assert (b_first.late_seconds, b_first.open, b_first.assignee_name) == (3600, False, "Alice Agent")
    assert b_first.assignee_id == agent.id  # the lead took it over only after the breach
    assert b_first.breached_at == local(2026, 3, 2, 12, 0) and b_first.policy_name == "Office hours"
    assert (c_first.late_seconds, c_first.open, c_first.priority) == (7 * 3600, True, "P1")
    assert (c_resolution.late_seconds, c_resolution.open) == (4 * 3600, True)
    assert c_first.assignee_id is None and c_first.assignee_name == ""
    assert len(breaches(session, WEEK, MEASURED_AT, limit=1)) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": datetime(2026, 3, 1), "end": local(2026, 3, 8)}, "start"),
        ({"start": local(2026, 3, 8), "end": local(2026, 3, 1)}, "end"),
        ({"start": local(2020, 1, 1), "end": local(2026, 3, 1)}, "end"),
        ({"start": local(2026, 3, 1), "end": local(2026, 3, 8), "priority": "P9"}, "priority"),
        ({"start": local(2026, 3, 1), "end": local(2026, 3, 8), "timezone": "Mars/Base"}, "timezone"),
    ],
)
def test_bad_filters_are_rejected_with_the_field(kwargs, field) -> None:
    with pytest.raises(ValidationFailed) as caught:
        ReportFilter(**kwargs)
    assert caught.value.field == field


def test_offset_segments_find_dst_changes_to_the_minute() -> None:
    zone = ZoneInfo("America/New_York")
    start = datetime(2026, 3, 1, tzinfo=zone)
    segments = offset_segments(zone, start, datetime(2026, 12, 1, tzinfo=zone))
    assert segments == [
        (datetime.fromisoformat("2026-03-08T07:00+00:00"), -300),
        (datetime.fromisoformat("2026-11-01T06:00+00:00"), -240),
        (None, -300),
    ]
    assert offset_segments(ZoneInfo("Asia/Shanghai"), start, start + timedelta(days=400)) == [(None, 480)]
