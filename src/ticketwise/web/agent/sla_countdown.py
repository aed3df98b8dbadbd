"""What an SLA countdown shows: its tone, the time left (or over), and whether it is ticking.

The server decides the tone and renders the text, so a page is right without JavaScript; then
``static/js/countdown.js`` keeps the text and the tone current every second from the same numbers
(``data-*`` attributes written by ``macros/sla.html``), without asking the server again.

Tones: ``neutral`` while there is time, ``warning`` (amber) inside the warning window, ``breached``
(red, with the overage) once the deadline has passed, ``fulfilled`` when the clock met its target,
``idle`` when no clock runs. A paused clock, or one outside business hours, keeps its tone, shows a
pause mark and does not tick.

The warning window:

* on the ticket page, where the business time elapsed and left are known, amber starts once
  :data:`WARNING_SHARE` of the target has elapsed (the "80 % elapsed" warning of DESIGN §6);
* in the queue, which reads only the ticket's summary columns (the earliest running deadline and the
  breached flag), amber starts :data:`QUEUE_WARNING_WINDOW` before the deadline; the same window
  defines the "At risk" queue view (``tickets.access.AT_RISK_WINDOW``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.access import AT_RISK_WINDOW

Tone = Literal["neutral", "warning", "breached", "fulfilled", "idle"]

WARNING_SHARE = 0.8
"""Share of the target elapsed from which a clock on the ticket page turns amber."""

QUEUE_WARNING_WINDOW = AT_RISK_WINDOW
"""Time before the deadline from which a queue row turns amber (the "At risk" view's window)."""

# One pattern per magnitude, so each language writes units and spacing its own way
# ("1h 5m" / "1小时5分"). countdown.js receives the same translated patterns.
DURATION_PATTERNS = {
    "d": N_("%(d)sd %(h)sh"),
    "h": N_("%(h)sh %(m)sm"),
    "m": N_("%(m)sm %(s)ss"),
    "s": N_("%(s)ss"),
}
OVER_PATTERN = N_("%(duration)s over")


def short_duration(seconds: float) -> str:
    """``seconds`` (its absolute value) as the two largest units in the current language:
    ``2d 3h``, ``1h 5m``, ``4m 10s``, ``9s`` / ``2天3小时``, ``1小时5分``, ``4分10秒``, ``9秒``."""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = {"d": days, "h": hours, "m": minutes, "s": secs}
    unit = "d" if days else "h" if hours else "m" if minutes else "s"
    return gettext(DURATION_PATTERNS[unit]) % parts


def duration_labels() -> dict[str, str]:
    """The translated patterns countdown.js formats with (same keys as :data:`DURATION_PATTERNS`,
    plus ``over``)."""
    return {
        **{key: gettext(pattern) for key, pattern in DURATION_PATTERNS.items()},
        "over": gettext(OVER_PATTERN),
    }


@dataclass(frozen=True)
class Countdown:
    """One countdown as rendered.

    ``seconds`` is the time left (business seconds on the ticket page, wall-clock seconds in the
    queue) when the page was rendered; negative means that much over the deadline.
    ``warn_below`` is the number of seconds left under which the tone turns amber. ``paused`` stops
    the ticking (a pause rule applies, or it is outside business hours: then ``after_hours`` too).
    An ``idle`` countdown that is ``paused`` has clocks but none running (its status pauses them).
    """

    tone: Tone
    seconds: int = 0
    warn_below: int = 0
    paused: bool = False
    due_at: datetime | None = None
    after_hours: bool = False

    @property
    def ticking(self) -> bool:
        return self.tone in ("neutral", "warning", "breached") and not self.paused

    @property
    def text(self) -> str:
        """``1h 5m`` while time is left, ``1h 5m over`` past the deadline, empty when idle."""
        if self.tone in ("idle", "fulfilled"):
            return ""
        if self.seconds < 0:
            return gettext(OVER_PATTERN) % {"duration": short_duration(self.seconds)}
        return short_duration(self.seconds)

    @property
    def css_class(self) -> str:
        """``sla-<tone>`` plus ``sla-paused`` when paused (the classes the tests and the script read)."""
        return f"sla-{self.tone}" + (" sla-paused" if self.paused else "")


def _tone_for(seconds: int, warn_below: int, breached: bool) -> Tone:
    if breached or seconds < 0:
        return "breached"
    if seconds <= warn_below:
        return "warning"
    return "neutral"


def for_queue_row(
    due_at: datetime | None,
    breached: bool,
    now: datetime,
    *,
    paused: bool = False,
    after_hours: bool = False,
) -> Countdown:
    """The countdown of a queue row from the ticket's summary columns: the earliest deadline of its
    running clocks (``sla_due_at``) and whether any clock is breached (``sla_breached``).

    The marks come from :func:`ticketwise.sla.queue_marks.queue_marks`: ``after_hours`` (the calendar
    is closed now) stops a running countdown; ``paused`` (the ticket's status pauses some clock)
    shows only when no clock runs, since a running deadline is what the row is about."""
    if due_at is None:
        if breached:
            return Countdown(tone="breached", paused=paused or after_hours, after_hours=after_hours)
        return Countdown(tone="idle", paused=paused)
    seconds = int((due_at - now).total_seconds())
    warn_below = int(QUEUE_WARNING_WINDOW.total_seconds())
    return Countdown(
        tone=_tone_for(seconds, warn_below, breached),
        seconds=seconds,
        warn_below=warn_below,
        due_at=due_at,
        paused=after_hours,
        after_hours=after_hours,
    )


def for_clock(
    *,
    status: str,
    elapsed_seconds: float,
    remaining_seconds: float | None,
    paused: bool,
    in_business_hours: bool = True,
    due_at: datetime | None = None,
) -> Countdown:
    """The countdown of one clock on the ticket page.

    ``status`` is the timer's (running, paused, fulfilled, breached, cancelled); ``elapsed_seconds``
    and ``remaining_seconds`` are business seconds (remaining negative once over). A clock outside
    business hours is shown paused: its business time does not move until the calendar opens.
    """
    if status == "fulfilled":
        return Countdown(tone="fulfilled", due_at=due_at)
    if status == "cancelled" or remaining_seconds is None:
        return Countdown(tone="idle", due_at=due_at)
    seconds = int(remaining_seconds)
    target = max(0, int(elapsed_seconds)) + max(0, seconds)
    warn_below = round(target * (1 - WARNING_SHARE))
    return Countdown(
        tone=_tone_for(seconds, warn_below, status == "breached"),
        seconds=seconds,
        warn_below=warn_below,
        paused=paused or status == "paused" or not in_business_hours,
        due_at=due_at,
        after_hours=not in_business_hours,
    )
