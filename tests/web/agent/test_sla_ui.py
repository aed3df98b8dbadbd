"""SLA in the agent workspace: countdown states and texts, the "At risk" and "Breached" queue views,
the SLA column of the queue, and the ticket page's SLA panel."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ticketwise.core import i18n
from ticketwise.tickets.enums import Status
from ticketwise.tickets.messages import add_message
from ticketwise.tickets.transitions import transition
from ticketwise.web.agent import sla_countdown
from ticketwise.web.agent.sla_countdown import for_clock, for_queue_row, short_duration

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # Thursday 16:00 in Shanghai: the default calendar is open


# --- countdown texts and states -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (9, "9s"),
        (250, "4m 10s"),
        (3900, "1h 5m"),
        (-3900, "1h 5m"),
        (2 * 86400 + 3 * 3600 + 59, "2d 3h"),
    ],
)
def test_short_durations_show_the_two_largest_units(seconds, text):
    with i18n.use_locale("en"):
        assert short_duration(seconds) == text


def test_chinese_durations_use_the_translated_patterns(monkeypatch):
    chinese = {
        "%(h)sh %(m)sm": "%(h)s小时%(m)s分",
        "%(duration)s over": "超时 %(duration)s",
    }
    monkeypatch.setattr(sla_countdown, "gettext", lambda message: chinese.get(message, message))
    breached = for_queue_row(NOW - timedelta(hours=1, minutes=5), True, NOW)
    assert breached.text == "超时 1小时5分"
    assert sla_countdown.duration_labels()["over"] == "超时 %(duration)s"


def test_queue_row_tones_follow_the_deadline():
    assert for_queue_row(None, False, NOW).tone == "idle"
    calm = for_queue_row(NOW + timedelta(hours=3), False, NOW)
    assert (calm.tone, calm.css_class, calm.text, calm.ticking) == ("neutral", "sla-neutral", "3h 0m", True)
    near = for_queue_row(NOW + timedelta(minutes=45), False, NOW)
    assert (near.tone, near.text) == ("warning", "45m 0s")
    late = for_queue_row(NOW - timedelta(hours=1, minutes=5), True, NOW)
    assert (late.tone, late.text, late.seconds) == ("breached", "1h 5m over", -3900)
    # Past due before the monitor flagged it: already red.
    assert for_queue_row(NOW - timedelta(minutes=1), False, NOW).tone == "breached"
    # Breached on one clock while the earliest running deadline is still ahead: red, time still shown.
    assert for_queue_row(NOW + timedelta(hours=2), True, NOW).tone == "breached"


def test_clock_tones_turn_amber_after_80_percent_and_pause_outside_business_hours():
    fresh = for_clock(status="running", elapsed_seconds=600, remaining_seconds=3000, paused=False)
    assert (fresh.tone, fresh.warn_below) == ("neutral", 720)
    late = for_clock(status="running", elapsed_seconds=3000, remaining_seconds=600, paused=False)
    assert late.tone == "warning"
    paused = for_clock(status="paused", elapsed_seconds=60, remaining_seconds=3540, paused=True)
    assert (paused.css_class, paused.ticking) == ("sla-neutral sla-paused", False)
    night = for_clock(
        status="running", elapsed_seconds=60, remaining_seconds=3540, paused=False, in_business_hours=False
    )
    assert night.paused and not night.ticking
    over = for_clock(status="breached", elapsed_seconds=4000, remaining_seconds=-400, paused=False)
    assert (over.tone, over.text) == ("breached", "6m 40s over")
    assert (
        for_clock(status="fulfilled", elapsed_seconds=60, remaining_seconds=0, paused=False).tone
        == "fulfilled"
    )
    assert for_clock(status="cancelled", elapsed_seconds=60, remaining_seconds=0, paused=False).tone == "idle"


# --- queue views and the SLA column ---------------------------------------------------------------------


def numbers_in(html: str) -> list[str]:
    return re.findall(
        r'<td class="d-none d-sm-table-cell"><a class="ticket-number" href="/agent/tickets/(TW-[0-9-]+)">',
        html,
    )


def count_badge(html: str, view: str) -> int:
    match = re.search(rf'data-count="{view}"[^>]*>(\d+)<', html)
    assert match, f"no count for {view}"
    return int(match.group(1))


def sla_cell(html: str, number: str) -> str:
    row = html[html.index(f'href="/agent/tickets/{number}"') :]
    row = row[: row.index("</tr>")]
    match = re.search(r'<td class="sla-cell">(.*?)</td>', row, re.S)
    assert match, "no SLA cell"
    return match.group(1)


@pytest.fixture
def deadlines(session, make_ticket, agent):
    """Four open tickets whose summary columns say: calm, near, overdue (not flagged yet), breached;
    plus a resolved breached one and one without a running clock."""

    def set_sla(ticket, due, breached):
        ticket.sla_due_at = due
        ticket.sla_breached = breached

    with time_machine.travel(NOW, tick=False):
        tickets = {
            name: make_ticket(f"{name} ticket")
            for name in ("calm", "near", "overdue", "breached", "closed", "none")
        }
        set_sla(tickets["calm"], NOW + timedelta(hours=5), False)
        set_sla(tickets["near"], NOW + timedelta(minutes=30), False)
        set_sla(tickets["overdue"], NOW - timedelta(minutes=2), False)
        set_sla(tickets["breached"], NOW - timedelta(hours=1, minutes=5), True)
        transition(session, agent, tickets["closed"], Status.RESOLVED)
        session.commit()  # the sla domain recomputes the columns after a status change: set them after
        set_sla(tickets["closed"], NOW - timedelta(hours=3), True)
        set_sla(tickets["none"], None, False)
        session.commit()
    return tickets


def test_at_risk_and_breached_views_list_the_right_tickets_with_counts(agent_client, deadlines):
    with time_machine.travel(NOW, tick=False):
        page = agent_client.get("/agent/queue?view=at_risk").text
        breached = agent_client.get("/agent/queue?view=breached").text
    # Most urgent first by default in the SLA views.
    assert numbers_in(page) == [deadlines["overdue"].number, deadlines["near"].number]
    assert numbers_in(breached) == [deadlines["breached"].number]
    assert count_badge(page, "at_risk") == 2
    assert count_badge(page, "breached") == 1
    assert count_badge(page, "all") == 5
    assert "At risk" in page and "Breached" in page
    # A status filter widens the breached view to resolved tickets too.
    with time_machine.travel(NOW, tick=False):
        everything = agent_client.get("/agent/queue?view=breached&status=any").text
    assert set(numbers_in(everything)) == {deadlines["breached"].number, deadlines["closed"].number}
    with time_machine.travel(NOW, tick=False):
        chinese = agent_client.get("/agent/queue?view=breached", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="zh-CN"' in chinese and numbers_in(chinese) == [deadlines["breached"].number]


def test_queue_rows_show_server_rendered_countdown_states(agent_client, deadlines):
    with time_machine.travel(NOW, tick=False):
        page = agent_client.get("/agent/queue?view=all").text
    assert "sla-neutral" in sla_cell(page, deadlines["calm"].number)
    assert "5h 0m" in sla_cell(page, deadlines["calm"].number)
    assert "sla-warning" in sla_cell(page, deadlines["near"].number)
    late = sla_cell(page, deadlines["breached"].number)
    assert "sla-breached" in late and "1h 5m over" in late
    assert 'data-seconds="-3900"' in late and 'data-ticking="true"' in late
    assert "sla-idle" in sla_cell(page, deadlines["none"].number)
    # The script and its translated patterns come with the results, so htmx swaps keep ticking.
    assert 'id="sla-countdown-labels"' in page and "/static/js/countdown.js" in page
    # Sorting by the earliest deadline: breached, overdue, near, calm, then tickets without a clock.
    with time_machine.travel(NOW, tick=False):
        by_due = agent_client.get("/agent/queue?view=all&sort=sla_due").text
    assert numbers_in(by_due)[:4] == [
        deadlines["breached"].number,
        deadlines["overdue"].number,
        deadlines["near"].number,
        deadlines["calm"].number,
    ]
    assert 'value="sla_due" selected' in by_due


def test_the_countdown_script_is_served(agent_client):
    script = agent_client.get("/static/js/countdown.js")
    assert script.status_code == 200
    assert "data-sla-countdown" in script.text


# --- the ticket page's SLA panel ------------------------------------------------------------------------

# Thursday 26 November 2026, 10:00 in Shanghai (the default calendar: Mon–Fri 09:00–18:00, China).
THURSDAY_10 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)


def clock_item(html: str, clock: str) -> str:
    start = html.index(f'data-clock="{clock}"')
    return html[start : html.index("</li>", start)]


@pytest.fixture
def p1_ticket(session, make_ticket):
    from ticketwise.sla.defaults import ensure_default_policy

    ensure_default_policy(session)
    session.commit()
    with time_machine.travel(THURSDAY_10, tick=False):
        return make_ticket("Mail server down", priority="P1")


def panel(client, ticket, moment, **headers):
    with time_machine.travel(moment, tick=False):
        response = client.get(f"/agent/tickets/{ticket.id}/panels/sla", headers=headers)
    assert response.status_code == 200, response.text
    return response.text


def test_panel_lists_every_clock_with_countdown_due_and_policy(agent_client, p1_ticket):
    html = panel(agent_client, p1_ticket, THURSDAY_10 + timedelta(minutes=20))
    first = clock_item(html, "first_response")
    assert "First response" in first and "sla-neutral" in first
    assert "40m 0s" in first  # 60 business minutes, 20 used
    assert 'data-ticking="true"' in first
    assert "Running" in first and "20m 0s / 1h 0m" in first
    resolution = clock_item(html, "resolution")
    assert "7h 40m" in resolution and "sla-neutral" in resolution
    assert "data-sla-policy" in html and "Default" in html
    assert "First response clock started" in html and 'id="sla-countdown-labels"' in html
    # The card refreshes itself every minute.
    assert 'hx-trigger="every 60s"' in html


def test_panel_turns_amber_then_red_with_the_overage(agent_client, p1_ticket):
    amber = clock_item(panel(agent_client, p1_ticket, THURSDAY_10 + timedelta(minutes=50)), "first_response")
    assert "sla-warning" in amber and "10m 0s" in amber
    red = clock_item(
        panel(agent_client, p1_ticket, THURSDAY_10 + timedelta(hours=2, minutes=5)), "first_response"
    )
    assert "sla-breached" in red and "1h 5m over" in red
    assert "Breached" in red


def test_panel_marks_paused_clocks_and_closed_hours(agent_client, p1_ticket, session, agent):
    night = panel(agent_client, p1_ticket, THURSDAY_10 + timedelta(hours=10))  # 20:00 in Shanghai
    resolution = clock_item(night, "resolution")
    assert "sla-paused" in resolution and 'data-ticking="false"' in resolution
    assert "outside business hours" in resolution
    with time_machine.travel(THURSDAY_10 + timedelta(minutes=30), tick=False):
        transition(session, agent, p1_ticket, Status.IN_PROGRESS)
        transition(session, agent, p1_ticket, Status.PENDING)
        session.commit()
    waiting = panel(agent_client, p1_ticket, THURSDAY_10 + timedelta(hours=1, minutes=30))
    resolution = clock_item(waiting, "resolution")
    assert "sla-paused" in resolution and "Paused" in resolution
    assert "7h 30m" in resolution  # 30 minutes used before the pause, none since
    assert "sla-paused" not in clock_item(waiting, "first_response")  # pending does not pause responses


def test_panel_in_chinese_and_only_for_staff(agent_client, p1_ticket, client, make_user, root):
    chinese = panel(agent_client, p1_ticket, THURSDAY_10, **{"Accept-Language": "zh-CN"})
    assert "data-clock" in chinese
    customer = make_user("customer")
    agent_client.cookies.clear()
    root.web_login(agent_client, customer.email)
    with time_machine.travel(THURSDAY_10, tick=False):
        refused = agent_client.get(f"/agent/tickets/{p1_ticket.id}/panels/sla")
    assert refused.status_code == 403


def test_queue_rows_mark_clocks_held_by_a_pause_rule_or_closed_hours(agent_client, p1_ticket, session, agent):
    # 10:20 in Shanghai: the calendar is open and the clock ticks.
    with time_machine.travel(THURSDAY_10 + timedelta(minutes=20), tick=False):
        day = sla_cell(agent_client.get("/agent/queue?view=all").text, p1_ticket.number)
    assert "sla-paused" not in day and 'data-ticking="true"' in day  # 40 min left: amber
    # 20:00 in Shanghai: same deadline, but it stands still until the calendar opens.
    with time_machine.travel(THURSDAY_10 + timedelta(hours=10), tick=False):
        night = agent_client.get("/agent/queue?view=all").text
        night_zh = agent_client.get("/agent/queue?view=all", headers={"Accept-Language": "zh-CN"}).text
    cell = sla_cell(night, p1_ticket.number)
    assert "sla-paused" in cell and 'data-ticking="false"' in cell and "Outside business hours" in cell
    assert "非工作时间" in sla_cell(night_zh, p1_ticket.number)
    # Pending pauses the resolution clock under the default policy. While the first response still
    # runs the row shows it ticking; once the agent has replied nothing runs and the row says paused.
    with time_machine.travel(THURSDAY_10 + timedelta(minutes=30), tick=False):
        transition(session, agent, p1_ticket, Status.IN_PROGRESS)
        transition(session, agent, p1_ticket, Status.PENDING)
        session.commit()
    with time_machine.travel(THURSDAY_10 + timedelta(minutes=40), tick=False):
        running = sla_cell(agent_client.get("/agent/queue?view=all").text, p1_ticket.number)
        add_message(session, agent, p1_ticket, body="Please restart the mail client and tell us.")
        session.commit()
    assert "sla-paused" not in running and 'data-ticking="true"' in running
    with time_machine.travel(THURSDAY_10 + timedelta(hours=1), tick=False):
        waiting = sla_cell(agent_client.get("/agent/queue?view=all").text, p1_ticket.number)
    assert "sla-paused" in waiting and "Paused" in waiting and "sla-breached" not in waiting
