"""Reading the SLA policy editor's form into the values of ``sla.schemas.PolicyIn``, every error at once.

Inputs (all optional unless said):

* ``name`` (required), ``description``, ``is_active``, ``calendar_id`` (required);
* conditions: ``type_ids``, ``category_ids``, ``organization_ids``, ``channels``, ``priorities``
  (multi-selects; nothing chosen means any);
* targets: ``clock_<clock>`` ticked to run that clock, ``target_<clock>_<P>`` a number and
  ``unit_<clock>_<P>`` minutes | hours | days;
* pause rules: ``pause_<status>`` repeated with the clocks that status pauses;
* escalation levels: ``levels`` repeated with one key per row, then per key ``level_<field>_<key>``
  (name, clock, kind, timing, amount, wait, notify, users, priority, team, user, tag, webhook, secret).

Errors are ``{input name: translated message}``; a level's errors are keyed by its own inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from ticketwise.core.i18n import N_, gettext
from ticketwise.sla.models import Clock, LevelKind, OffsetKind
from ticketwise.tickets.enums import OPEN_STATUSES, Channel, Priority, Status
from ticketwise.web.admin.forms import is_on

CLOCKS = tuple(Clock)
PRIORITIES = tuple(Priority)
PAUSABLE_STATUSES = tuple(s for s in Status if s in OPEN_STATUSES)
"""Statuses a pause rule may name (a resolved ticket pauses every clock anyway)."""

UNITS = {"minutes": 1, "hours": 60, "days": 1440}
NOTIFY_TARGETS = ("assignee", "team_lead", "manager")
# Timing of a level: before or after the deadline (minutes), or a share of the target elapsed.
TIMINGS = ("before", "after", "percent")
MAX_TARGET_MINUTES = 5_256_000

DEFAULT_TARGETS = {
    Clock.FIRST_RESPONSE.value: {"P0": 15, "P1": 60, "P2": 240, "P3": 480},
    Clock.NEXT_RESPONSE.value: {"P0": 15, "P1": 60, "P2": 240, "P3": 480},
    Clock.RESOLUTION.value: {"P0": 120, "P1": 480, "P2": 1440, "P3": 4320},
}
DEFAULT_PAUSES = {Status.PENDING.value: [Clock.RESOLUTION.value, Clock.PERIODIC_UPDATE.value]}


@dataclass
class PolicyValues:
    """A policy as the form describes it, in the shape ``PolicyIn`` takes (levels as plain dicts)."""

    name: str = ""
    description: str = ""
    is_active: bool = True
    calendar_id: int | None = None
    conditions: dict[str, list[Any]] = field(default_factory=dict)
    targets: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict(v) for k, v in DEFAULT_TARGETS.items()}
    )
    pause_rules: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_PAUSES.items()}
    )
    levels: list[dict[str, Any]] = field(default_factory=list)

    def as_fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "is_active": self.is_active,
            "calendar_id": self.calendar_id,
            "conditions": self.conditions,
            "targets": self.targets,
            "pause_rules": self.pause_rules,
            "levels": self.levels,
        }


def values_of(policy: Any) -> PolicyValues:
    """The editable values of a stored ``SlaPolicy`` (levels in their order)."""
    return PolicyValues(
        name=policy.name,
        description=policy.description or "",
        is_active=policy.is_active,
        calendar_id=policy.calendar_id,
        conditions={k: list(v) for k, v in (policy.conditions or {}).items()},
        targets={k: dict(v) for k, v in (policy.targets or {}).items()},
        pause_rules={k: list(v) for k, v in (policy.pause_rules or {}).items()},
        levels=[
            {
                "name": level.name,
                "clock": level.clock,
                "kind": level.kind.value,
                "offset_kind": level.offset_kind.value,
                "offset_value": level.offset_value,
                "actions": [dict(action) for action in level.actions or []],
                "wait_for_business_hours": level.wait_for_business_hours,
            }
            for level in policy.levels
        ],
    )


def target_input(minutes: int | None) -> tuple[str, str]:
    """``(amount, unit)`` to show for a target: the largest unit that divides it exactly."""
    if not minutes:
        return "", "minutes"
    for unit in ("days", "hours"):
        if minutes % UNITS[unit] == 0:
            return str(minutes // UNITS[unit]), unit
    return str(minutes), "minutes"


def level_view(level: dict[str, Any]) -> dict[str, Any]:
    """A level's values as the editor's inputs show them: ``{part: value}`` for the inputs
    ``level_<part>_<key>`` (timing, amount, and one input per action)."""
    offset = int(level.get("offset_value") or 0)
    if level.get("offset_kind") == OffsetKind.PERCENT.value:
        timing, amount = "percent", offset
    else:
        timing, amount = ("before", -offset) if offset < 0 else ("after", offset)
    view: dict[str, Any] = {
        "name": level.get("name", ""),
        "clock": level.get("clock", "any"),
        "kind": level.get("kind", LevelKind.WARNING.value),
        "timing": timing,
        "amount": amount,
        "wait": bool(level.get("wait_for_business_hours")),
        "notify": [],
        "users": [],
        "priority": "",
        "team": "",
        "user": "",
        "tag": "",
        "webhook": "",
        "secret": "",
    }
    for action in level.get("actions", []):
        kind = action.get("type")
        if kind == "notify":
            view["notify"] = [t for t in action.get("to", []) if t != "users"]
            view["users"] = [str(i) for i in action.get("user_ids", [])]
        elif kind == "raise_priority":
            view["priority"] = "raise"
        elif kind == "set_priority":
            view["priority"] = action.get("priority", "")
        elif kind == "reassign":
            view["team"] = str(action.get("team_id") or "")
            view["user"] = str(action.get("user_id") or "")
        elif kind == "add_tag":
            view["tag"] = action.get("tag", "")
        elif kind == "webhook":
            view["webhook"] = action.get("url", "")
            view["secret"] = action.get("secret", "")
    return view


def _ids(form: FormData, name: str, errors: dict[str, str]) -> list[int]:
    found: list[int] = []
    for raw in form.getlist(name):
        text = str(raw).strip()
        if not text:
            continue
        if not text.isdigit():
            errors[name] = gettext(N_("Choose from the list."))
            return []
        found.append(int(text))
    return sorted(set(found))


def _choices(form: FormData, name: str, allowed: tuple[str, ...], errors: dict[str, str]) -> list[str]:
    chosen = [str(v) for v in form.getlist(name) if str(v).strip()]
    if any(value not in allowed for value in chosen):
        errors[name] = gettext(N_("Choose from the list."))
        return []
    return [value for value in allowed if value in chosen]


def _number(raw: Any, name: str, errors: dict[str, str], *, low: int, high: int) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        errors[name] = gettext(N_("Enter a whole number."))
        return None
    if not low <= number <= high:
        errors[name] = gettext(N_("Enter a number from %(low)s to %(high)s.")) % {"low": low, "high": high}
        return None
    return number


def _targets(form: FormData, errors: dict[str, str]) -> dict[str, dict[str, int]]:
    targets: dict[str, dict[str, int]] = {}
    for clock in CLOCKS:
        if not is_on(form.get(f"clock_{clock.value}")):
            continue
        per_priority: dict[str, int] = {}
        for priority in PRIORITIES:
            name = f"target_{clock.value}_{priority.value}"
            amount = _number(form.get(name), name, errors, low=1, high=MAX_TARGET_MINUTES)
            unit = str(form.get(f"unit_{clock.value}_{priority.value}") or "minutes")
            if amount is None:
                if name not in errors:
                    errors[name] = gettext(N_("Enter a target for each priority."))
                continue
            minutes = amount * UNITS.get(unit, 1)
            if minutes > MAX_TARGET_MINUTES:
                errors[name] = gettext(N_("This target is too long."))
                continue
            per_priority[priority.value] = minutes
        targets[clock.value] = per_priority
    if not targets:
        errors["targets"] = gettext(N_("Turn on at least one clock."))
    return targets


def _pause_rules(form: FormData, errors: dict[str, str]) -> dict[str, list[str]]:
    clocks = tuple(c.value for c in CLOCKS)
    rules: dict[str, list[str]] = {}
    for status in PAUSABLE_STATUSES:
        chosen = _choices(form, f"pause_{status.value}", clocks, errors)
        if chosen:
            rules[status.value] = chosen
    return rules


def _level(form: FormData, key: str, errors: dict[str, str]) -> dict[str, Any]:
    def get(part: str) -> str:
        return str(form.get(f"level_{part}_{key}") or "").strip()

    def fail(part: str, message: str, **params: Any) -> None:
        text = gettext(message)
        errors.setdefault(f"level_{part}_{key}", text % params if params else text)

    clock = get("clock") or "any"
    if clock != "any" and clock not in {c.value for c in CLOCKS}:
        fail("clock", N_("Choose from the list."))
    kind = get("kind") or LevelKind.WARNING.value
    if kind not in {k.value for k in LevelKind}:
        fail("kind", N_("Choose from the list."))
    timing = get("timing") or "before"
    if timing not in TIMINGS:
        fail("timing", N_("Choose from the list."))
    high = 100 if timing == "percent" else 525_600
    amount = _number(get("amount"), f"level_amount_{key}", errors, low=0, high=high)
    if amount is None:
        fail("amount", N_("Enter when this level fires."))
        amount = 0
    if timing == "percent":
        offset_kind, offset_value = OffsetKind.PERCENT.value, amount
    else:
        offset_kind, offset_value = OffsetKind.MINUTES.value, -amount if timing == "before" else amount

    actions: list[dict[str, Any]] = []
    notify = _choices(form, f"level_notify_{key}", NOTIFY_TARGETS, errors)
    users = _ids(form, f"level_users_{key}", errors)
    if notify or users:
        actions.append({"type": "notify", "to": notify + (["users"] if users else []), "user_ids": users})
    priority = get("priority")
    if priority == "raise":
        actions.append({"type": "raise_priority"})
    elif priority in {p.value for p in PRIORITIES}:
        actions.append({"type": "set_priority", "priority": priority})
    elif priority:
        fail("priority", N_("Choose from the list."))
    team = _number(get("team"), f"level_team_{key}", errors, low=1, high=2_147_483_647)
    user = _number(get("user"), f"level_user_{key}", errors, low=1, high=2_147_483_647)
    if team is not None or user is not None:
        actions.append({"type": "reassign", "team_id": team, "user_id": user})
    tag = get("tag")
    if tag:
        if len(tag) > 60:
            fail("tag", N_("Use at most %(n)s characters."), n=60)
        actions.append({"type": "add_tag", "tag": tag[:60]})
    url = get("webhook")
    if url:
        if not (url.startswith("https://") or url.startswith("http://")) or len(url) > 2000:
            fail("webhook", N_("Enter a web address starting with https://."))
        actions.append({"type": "webhook", "url": url, "secret": get("secret")[:200]})
    if not actions:
        fail("name", N_("Choose at least one action for this level."))
    return {
        "name": get("name")[:120],
        "clock": clock,
        "kind": kind,
        "offset_kind": offset_kind,
        "offset_value": offset_value,
        "actions": actions,
        "wait_for_business_hours": is_on(form.get(f"level_wait_{key}")),
    }


def read_policy_form(form: FormData) -> tuple[PolicyValues, dict[str, str], list[str]]:
    """The policy the form describes, ``{input name: translated message}`` for what is wrong, and
    the level row keys in the order posted (to show the rows again)."""
    errors: dict[str, str] = {}
    name = str(form.get("name") or "").strip()
    if not name:
        errors["name"] = gettext(N_("This field is required."))
    elif len(name) > 120:
        errors["name"] = gettext(N_("Use at most %(n)s characters.")) % {"n": 120}
    calendar_id = _number(form.get("calendar_id"), "calendar_id", errors, low=1, high=2_147_483_647)
    if calendar_id is None and "calendar_id" not in errors:
        errors["calendar_id"] = gettext(N_("This field is required."))
    conditions = {
        "type_ids": _ids(form, "type_ids", errors),
        "category_ids": _ids(form, "category_ids", errors),
        "organization_ids": _ids(form, "organization_ids", errors),
        "channels": _choices(form, "channels", tuple(c.value for c in Channel), errors),
        "priorities": _choices(form, "priorities", tuple(p.value for p in PRIORITIES), errors),
    }
    keys = [str(k) for k in form.getlist("levels") if str(k).strip()]
    values = PolicyValues(
        name=name,
        description=str(form.get("description") or "").strip()[:2000],
        is_active=is_on(form.get("is_active")),
        calendar_id=calendar_id,
        conditions={k: v for k, v in conditions.items() if v},
        targets=_targets(form, errors),
        pause_rules=_pause_rules(form, errors),
        levels=[_level(form, key, errors) for key in keys],
    )
    return values, errors, keys


MULTI_INPUTS = ("type_ids", "category_ids", "organization_ids", "channels", "priorities", "levels")
MULTI_PREFIXES = ("pause_", "level_notify_", "level_users_")


def posted_inputs(form: FormData) -> dict[str, Any]:
    """The posted form as ``{input name: text}``, multi-value inputs as lists: what the editor shows
    again, exactly as typed, when the policy is refused."""
    inputs: dict[str, Any] = {}
    for name in form:
        if name == "csrf_token":
            continue
        if name in MULTI_INPUTS or name.startswith(MULTI_PREFIXES):
            inputs[name] = [str(v) for v in form.getlist(name)]
        else:
            inputs[name] = str(form.get(name) or "").strip()
    return inputs


def policy_inputs(values: PolicyValues) -> dict[str, Any]:
    """The editor's inputs for ``values`` (a stored policy or the defaults of a new one)."""
    inputs: dict[str, Any] = {
        "name": values.name,
        "description": values.description,
        "is_active": values.is_active,
        "calendar_id": str(values.calendar_id or ""),
        **{key: [str(v) for v in values.conditions.get(key, [])] for key in MULTI_INPUTS if key != "levels"},
    }
    for clock in CLOCKS:
        per_priority = values.targets.get(clock.value)
        inputs[f"clock_{clock.value}"] = per_priority is not None
        for priority in PRIORITIES:
            amount, unit = target_input((per_priority or {}).get(priority.value))
            inputs[f"target_{clock.value}_{priority.value}"] = amount
            inputs[f"unit_{clock.value}_{priority.value}"] = unit
    for status in PAUSABLE_STATUSES:
        inputs[f"pause_{status.value}"] = list(values.pause_rules.get(status.value, []))
    keys = [str(index) for index in range(len(values.levels))]
    inputs["levels"] = keys
    for key, level in zip(keys, values.levels, strict=True):
        for part, value in level_view(level).items():
            inputs[f"level_{part}_{key}"] = value
    return inputs
