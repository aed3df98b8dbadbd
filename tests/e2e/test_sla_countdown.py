"""The SLA countdowns tick in a real browser: rendered by the real macro, driven by countdown.js,
they count down every second, turn red with the overage at the deadline, and stand still when paused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ticketwise.core import i18n
from ticketwise.web.agent.sla_countdown import Countdown, duration_labels
from ticketwise.web.templating import environment

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).resolve().parents[2] / "src" / "ticketwise" / "web" / "static" / "js" / "countdown.js"
DUE = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def page_html() -> str:
    template = environment.from_string(
        '{% from "macros/sla.html" import countdown %}'
        '<script type="application/json" id="sla-countdown-labels">{{ labels|tojson }}</script>'
        '<div id="near">{{ countdown(near) }}</div><div id="calm">{{ countdown(calm) }}</div>'
        '<div id="paused">{{ countdown(paused) }}</div>'
    )
    with i18n.use_locale("en"):
        return template.render(
            labels=duration_labels(),
            near=Countdown(tone="warning", seconds=2, warn_below=60, due_at=DUE),
            calm=Countdown(tone="neutral", seconds=3605, warn_below=60, due_at=DUE),
            paused=Countdown(tone="neutral", seconds=500, warn_below=60, paused=True, due_at=DUE),
        )


def test_countdowns_tick_turn_red_and_pause_in_the_browser(new_context):
    page = new_context(locale="en").new_page()
    page.set_content(f"<!doctype html><html><body>{page_html()}</body></html>")
    page.add_script_tag(path=str(SCRIPT))
    near = page.locator("#near [data-sla-countdown]")
    assert "sla-warning" in (near.get_attribute("class") or "")
    # Two seconds after the page opened the deadline passes: red, counting the overage up.
    page.wait_for_function(
        "document.querySelector('#near [data-sla-countdown]').classList.contains('sla-breached')",
        timeout=8000,
    )
    page.wait_for_function(
        "/^\\d+s over$/.test(document.querySelector('#near [data-sla-text]').textContent)", timeout=8000
    )
    assert "text-bg-danger" in (near.get_attribute("class") or "")
    calm = page.locator("#calm [data-sla-text]").text_content()
    assert calm in ("1h 0m", "59m 59s", "59m 58s", "59m 57s", "59m 56s", "59m 55s")
    page.wait_for_function(
        "document.querySelector('#calm [data-sla-text]').textContent.startsWith('59m')", timeout=8000
    )
    assert "sla-neutral" in (page.locator("#calm [data-sla-countdown]").get_attribute("class") or "")
    assert page.locator("#paused [data-sla-text]").text_content() == "8m 20s"
