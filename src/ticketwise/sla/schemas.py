"""Pydantic shapes of SLA calendars, policies, escalation levels and clock views (DESIGN §6).

Shape rules live here (ranges of numbers, time formats, known clocks and statuses); rules that need
other data (a known time zone or country, an existing calendar, sensible working ranges) are checked
by :mod:`ticketwise.sla.admin` with field names.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ticketwise.sla.models import Clock, LevelKind, OffsetKind
from ticketwise.tickets.enums import Channel, Priority, Status

DbId = Annotated[int, Field(ge=1, le=2_147_483_647)]
HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="Local time HH:MM.")]
WorkingRange = Annotated[list[HHMM], Field(min_length=2, max_length=2)]
Weekday = Literal["0", "1", "2", "3", "4", "5", "6"]
# Ten years of minutes: longer targets are typing mistakes.
TargetMinutes = Annotated[int, Field(ge=1, le=5_256_000)]
Name = Annotated[str, Field(min_length=1, max_length=120)]

DEFAULT_PAUSE_RULES: dict[str, list[str]] = {"pending": [Clock.RESOLUTION.value, Clock.PERIODIC_UPDATE.value]}


class CalendarIn(BaseModel):
    """``weekly_hours``: weekday ("0" = Monday .. "6") → working ranges; an end at or before its start
    runs past midnight. Country holidays come from the ``holidays`` package."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    timezone: str = Field("Asia/Shanghai", max_length=64, description="IANA time zone, e.g. Asia/Shanghai.")
    always_open: bool = Field(False, description="24×7: every instant is working time.")
    weekly_hours: dict[Weekday, Annotated[list[WorkingRange], Field(max_length=12)]] = Field(
        default_factory=dict
    )
    holiday_country: str | None = Field(None, max_length=8, description="ISO 3166 alpha-2, e.g. CN.")
    holiday_subdiv: str | None = Field(None, max_length=16)
    extra_holidays: list[date] = Field(default_factory=list, max_length=1000)
    extra_workdays: list[date] = Field(default_factory=list, max_length=1000)
    removed_holidays: list[date] = Field(default_factory=list, max_length=1000)
    is_default: bool = False


class CalendarPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    timezone: str | None = Field(None, max_length=64)
    always_open: bool | None = None
    weekly_hours: dict[Weekday, Annotated[list[WorkingRange], Field(max_length=12)]] | None = None
    holiday_country: str | None = Field(None, max_length=8)
    holiday_subdiv: str | None = Field(None, max_length=16)
    extra_holidays: list[date] | None = Field(None, max_length=1000)
    extra_workdays: list[date] | None = Field(None, max_length=1000)
    removed_holidays: list[date] | None = Field(None, max_length=1000)
    is_default: bool | None = None


class CalendarOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    timezone: str
    always_open: bool
    weekly_hours: dict[str, list[list[str]]]
    holiday_country: str | None
    holiday_subdiv: str | None
    extra_holidays: list[str]
    extra_workdays: list[str]
    removed_holidays: list[str]
    is_default: bool
    created_at: datetime
    updated_at: datetime


class Conditions(BaseModel):
    """Empty lists match anything; all given lists must match (an OR within each list)."""

    model_config = ConfigDict(extra="forbid")

    type_ids: list[DbId] = Field(default_factory=list, max_length=500)
    category_ids: list[DbId] = Field(default_factory=list, max_length=500)
    organization_ids: list[DbId] = Field(default_factory=list, max_length=500)
    channels: list[Channel] = Field(default_factory=list, max_length=20)
    priorities: list[Priority] = Field(default_factory=list, max_length=4)


class NotifyAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["notify"]
    to: list[Literal["assignee", "team_lead", "manager", "users"]] = Field(default_factory=list, max_length=4)
    user_ids: list[DbId] = Field(default_factory=list, max_length=100)


class SetPriorityAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["set_priority"]
    priority: Priority


class RaisePriorityAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["raise_priority"]


class ReassignAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["reassign"]
    team_id: DbId | None = None
    user_id: DbId | None = None


class AddTagAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["add_tag"]
    tag: str = Field(min_length=1, max_length=60)


class WebhookAction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["webhook"]
    url: str = Field(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=2000)
    secret: str = Field("", max_length=200, description="Signs the body (X-Ticketwise-Signature).")


Action = Annotated[
    NotifyAction | SetPriorityAction | RaisePriorityAction | ReassignAction | AddTagAction | WebhookAction,
    Field(discriminator="type"),
]


class LevelIn(BaseModel):
    """A warning or escalation step. ``offset_kind = minutes``: ``offset_value`` wall-clock minutes
    relative to the due time (negative = before). ``percent``: when that share of the target has
    elapsed in business time (80 = 80 %)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=120)
    clock: Literal["any", "first_response", "next_response", "resolution", "periodic_update"] = "any"
    kind: LevelKind = LevelKind.WARNING
    offset_kind: OffsetKind = OffsetKind.MINUTES
    offset_value: int = Field(0, ge=-525_600, le=525_600)
    actions: list[Action] = Field(default_factory=list, max_length=20)
    wait_for_business_hours: bool = False


class LevelOut(LevelIn):
    model_config = ConfigDict(from_attributes=True)

    id: int
    position: int


class PolicyIn(BaseModel):
    """``targets``: clock → priority → minutes (a clock left out does not run); ``pause_rules``:
    status → the clocks it pauses (resolved always pauses every clock)."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: str = Field("", max_length=2000)
    position: int = Field(0, ge=0, le=100_000)
    is_active: bool = True
    calendar_id: DbId
    conditions: Conditions = Field(default_factory=Conditions)
    targets: dict[Clock, dict[Priority, TargetMinutes]]
    pause_rules: dict[Status, list[Clock]] = Field(default_factory=lambda: dict(DEFAULT_PAUSE_RULES))
    levels: list[LevelIn] = Field(default_factory=list, max_length=20)


class PolicyPatch(BaseModel):
    """Only the fields present change; ``levels`` replaces every level."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: str | None = Field(None, max_length=2000)
    position: int | None = Field(None, ge=0, le=100_000)
    is_active: bool | None = None
    calendar_id: DbId | None = None
    conditions: Conditions | None = None
    targets: dict[Clock, dict[Priority, TargetMinutes]] | None = None
    pause_rules: dict[Status, list[Clock]] | None = None
    levels: list[LevelIn] | None = Field(None, max_length=20)


class PolicyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    position: int
    is_active: bool
    is_default: bool
    calendar_id: int
    conditions: Conditions
    targets: dict[str, dict[str, int]]
    pause_rules: dict[str, list[str]]
    levels: list[LevelOut]
    created_at: datetime
    updated_at: datetime


class PolicyRef(BaseModel):
    id: int
    name: str


class ClockOut(BaseModel):
    """One clock cycle of a ticket at request time. ``remaining_business_seconds`` is never negative;
    once breached, the overage is ``elapsed_business_seconds`` minus the target."""

    name: Clock
    cycle: int
    status: Literal["running", "paused", "fulfilled", "breached"]
    started_at: datetime
    due_at: datetime
    fulfilled_at: datetime | None
    breached_at: datetime | None
    elapsed_business_seconds: int
    remaining_business_seconds: int
    target_seconds: int
    in_business_hours: bool
    policy: PolicyRef | None
