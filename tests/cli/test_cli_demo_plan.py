"""The demo plan is deterministic, covers every status, type, language and priority, keeps time in
order, and every scenario's texts render with its own values in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random

import pytest

from ticketwise.cli.demo_data import plan as demo_plan
from ticketwise.cli.demo_data.files import attachments_for, png
from ticketwise.cli.demo_data.people import CUSTOMERS, STAFF, TEAMS, TYPE_REQUESTERS, TYPE_TEAMS
from ticketwise.cli.demo_data.story import Storyteller
from ticketwise.tickets.enums import Channel, Priority, Status
from ticketwise.tickets.types.builtin import BUILTIN_TYPES

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
DEFAULTS = {t.slug: t.default_priority for t in BUILTIN_TYPES}


def make(count: int = 60, seed: int = 42) -> list[demo_plan.TicketPlan]:
    return demo_plan.build_plan(count, seed, NOW, DEFAULTS, auto_close_days=7)


def fingerprint(plans: list[demo_plan.TicketPlan]) -> list[tuple]:
    return [
        (
            p.scenario.key,
            p.language,
            p.customer.key,
            p.channel,
            p.priority,
            p.status,
            p.agent,
            str(p.values),
            tuple((s.kind, s.at) for s in p.steps),
        )
        for p in plans
    ]


def test_the_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    assert fingerprint(make(seed=7)) == fingerprint(make(seed=7))
    assert fingerprint(make(seed=7)) != fingerprint(make(seed=8))


@pytest.mark.parametrize("count", [30, 300])
def test_every_status_type_language_and_priority_is_represented(count: int) -> None:
    plans = make(count)

    assert len(plans) == count
    assert {p.status for p in plans} == set(Status) - {Status.MERGED}
    assert {p.scenario.type for p in plans} == {t.slug for t in BUILTIN_TYPES}
    assert {p.priority for p in plans} == set(Priority)
    chinese = sum(p.language == "zh" for p in plans)
    assert chinese / count == pytest.approx(0.6, abs=0.02)


def test_quota_gives_each_key_its_share_and_at_least_one() -> None:
    items = demo_plan.quota(Random(1), 10, {"a": 90, "b": 5, "c": 5})
    assert sorted(items) == ["a"] * 8 + ["b", "c"]
    assert len(demo_plan.quota(Random(1), 2, {"a": 1, "b": 1, "c": 1})) == 2


def test_timelines_are_ordered_in_the_past_and_within_history() -> None:
    plans = make(300)

    created = [p.created_at for p in plans]
    assert created == sorted(created)
    for p in plans:
        times = [s.at for s in p.steps]
        assert times == sorted(times), p.scenario.key
        assert times[-1] < NOW
        assert times[0] > NOW - timedelta(days=demo_plan.HISTORY_DAYS + 1)
        assert p.steps[0].kind == demo_plan.CREATE


def test_story_shapes_match_the_final_status() -> None:
    final_step = {
        Status.PENDING: {demo_plan.ASK},
        Status.RESOLVED: {demo_plan.RESOLVE, demo_plan.RESOLVE_AGAIN},
        Status.CLOSED: {demo_plan.CONFIRM, demo_plan.AUTO_CLOSE, demo_plan.STAFF_CLOSE},
        Status.CANCELLED: {demo_plan.CUSTOMER_CANCEL, demo_plan.STAFF_CANCEL},
    }
    for p in make(300):
        kinds = [s.kind for s in p.steps]
        if p.status in final_step:
            assert kinds[-1] in final_step[p.status], (p.status, kinds)
        if p.status is Status.RESOLVED:
            resolved_at = [s.at for s in p.steps if s.kind in (demo_plan.RESOLVE, demo_plan.RESOLVE_AGAIN)][
                -1
            ]
            assert resolved_at > NOW - timedelta(days=7), "the auto-close job would have closed it"
        if demo_plan.AUTO_CLOSE in kinds:
            resolved_at = [s.at for s in p.steps if s.kind in (demo_plan.RESOLVE, demo_plan.RESOLVE_AGAIN)][
                -1
            ]
            assert p.steps[-1].at - resolved_at >= timedelta(days=7)
        if demo_plan.CONFIRM in kinds or demo_plan.CUSTOMER_CANCEL in kinds:
            assert p.channel is Channel.PORTAL and p.customer.portal
        if p.status is Status.NEW and p.channel is not Channel.PHONE:
            assert p.priority.value == DEFAULTS[p.scenario.type], "nobody triaged it yet"


@pytest.mark.parametrize("type_slug", list(demo_plan.SCENARIOS))
def test_every_scenario_renders_in_both_languages_with_its_values(type_slug: str) -> None:
    builtin = next(t for t in BUILTIN_TYPES if t.slug == type_slug)
    field_names = {f["name"] for f in builtin.fields}
    category_keys = set()
    stack = list(builtin.categories)
    while stack:
        category = stack.pop()
        category_keys.add(category.key)
        stack.extend(category.children)
    for scenario in demo_plan.SCENARIOS[type_slug]:
        assert scenario.category in category_keys, scenario.key
        assert scenario.team == TYPE_TEAMS[type_slug]
        for language in ("zh", "en"):
            for seed in range(3):
                values = scenario.values(Random(seed), NOW.date(), language)
                context = {
                    **{k: str(v) for k, v in values.items()},
                    "customer": "C",
                    "agent": "A",
                    "team": "T",
                }
                lines = scenario.lines(language)
                for text in (
                    lines.title,
                    lines.description,
                    lines.question,
                    lines.answer,
                    lines.resolution,
                    lines.note,
                ):
                    assert text.format_map(context).strip()
                assert len(lines.title.format_map(context)) <= 300
                for required in (f["name"] for f in builtin.fields if f.get("required")):
                    assert values.get(required), (scenario.key, required)
                select_options = {
                    f["name"]: {o["value"] for o in f["options"]} for f in builtin.fields if f.get("options")
                }
                for name, value in values.items():
                    if name in select_options:
                        assert value in select_options[name], (scenario.key, name, value)
            assert set(values) & field_names or not field_names


def test_people_are_consistent() -> None:
    staff = {member.key: member for member in STAFF}
    for team in TEAMS:
        assert team.lead in team.members
        assert set(team.members) <= set(staff)
    organizations = {c.organization for c in CUSTOMERS}
    for type_slug, requesters in TYPE_REQUESTERS.items():
        for language in ("zh", "en"):
            assert any(c.language == language and c.organization in requesters for c in CUSTOMERS), type_slug
        assert set(requesters) <= organizations | {None}
    assert len({c.email for c in CUSTOMERS if c.email}) == len([c for c in CUSTOMERS if c.email])


def test_generated_files_are_valid() -> None:
    image = png(40, 30, (10, 20, 30))
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and image.endswith(b"IEND\xaeB`\x82")
    for kind in ("screenshot", "photo", "log"):
        files = attachments_for(kind, "zh", Random(3), {"error_code": "0x1"})
        assert files and all(name and content for name, _type, content in files)


def test_every_step_kind_has_a_storyteller_method() -> None:
    kinds = {step.kind for plan in make(300) for step in plan.steps}
    assert kinds >= {demo_plan.CREATE, demo_plan.TRIAGE, demo_plan.RESOLVE, demo_plan.AUTO_CLOSE}
    for kind in kinds:
        assert callable(getattr(Storyteller, kind, None)), kind


def test_scenario_keys_are_unique_and_match_their_type() -> None:
    keys = [s.key for scenarios in demo_plan.SCENARIOS.values() for s in scenarios]
    assert len(keys) == len(set(keys))
    for type_slug, scenarios in demo_plan.SCENARIOS.items():
        assert all(s.type == type_slug for s in scenarios)
