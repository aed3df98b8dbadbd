"""SLA reports (DESIGN §6): compliance, business-hour durations and breaches, from ``sla_timers``.

Which timers count: those whose cycle **started** in the report range (``[start, end)``), joined with
their ticket for the filters and groupings, so the compliance table, the durations and the breach list
of one range describe the same population. Response means the first-response and next-response
clocks; resolution the resolution clock; periodic updates are left out.

* **met**: fulfilled and never breached; **breached**: has ``breached_at`` (late fulfilment, live
  overdue, or stopped while overdue). Running clocks not yet due and clocks cancelled unmet are in
  neither; compliance is ``met / (met + breached)``.
* Groupings use the ticket's current priority, type, team and assignee; the breach list names the
  assignee at the moment of the breach, from the ticket's audit trail.
"""

from ticketwise.sla.reports.breaches import BreachRow, breaches
from ticketwise.sla.reports.compliance import (
    GROUPINGS,
    PERIODS,
    ComplianceRow,
    DurationStats,
    Tally,
    compliance,
    durations,
    totals,
)
from ticketwise.sla.reports.filters import FAMILIES, ReportFilter

__all__ = [
    "FAMILIES",
    "GROUPINGS",
    "PERIODS",
    "BreachRow",
    "ComplianceRow",
    "DurationStats",
    "ReportFilter",
    "Tally",
    "breaches",
    "compliance",
    "durations",
    "totals",
]
