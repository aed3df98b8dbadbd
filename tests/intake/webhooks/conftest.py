"""Fixtures for webhook tests: an admin, a configured source with its secret, a signed POST helper."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ticketwise.core.signatures import signature_headers
from ticketwise.intake.webhooks import sources

MAPPING = {
    "title": "issue.summary",
    "description": "issue.body",
    "priority": "issue.priority",
    "requester_email": "reporter.email",
    "requester_name": "reporter.name",
    "category": "issue.category",
    "tags": "issue.labels",
    "comment": "comment.text",
    "fields.error_code": "issue.error",
}


@pytest.fixture
def admin(make_user):
    return make_user("admin")


@pytest.fixture
def make_source(session, admin, seeded_types):
    """``make_source(**overrides) -> (WebhookSource, secret)``, committed."""

    def factory(**overrides: Any):
        data = sources.SourceInput(
            name=overrides.pop("name", "Monitoring"),
            slug=overrides.pop("slug", "monitoring"),
            default_type_slug=overrides.pop("default_type_slug", "it_support"),
            mapping=overrides.pop("mapping", dict(MAPPING)),
            external_ref_path=overrides.pop("external_ref_path", "issue.id"),
            **overrides,
        )
        source, secret = sources.create_source(session, admin, data)
        session.commit()
        return source, secret

    return factory


def payload(ref: str = "INC-1", **issue: Any) -> dict[str, Any]:
    body = {
        "issue": {
            "id": ref,
            "summary": "Mail server is down",
            "body": "Nobody can send mail since 9:00.",
            "priority": "P1",
            "category": "email",
            "labels": ["mail", "Monitoring"],
            "error": "0x8004010F",
        },
        "reporter": {"email": "ops@example.com", "name": "Ops Bot"},
    }
    body["issue"].update(issue)
    return body


def signed_post(client, slug: str, secret: str, body: Any, *, headers: dict[str, str] | None = None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"Content-Type": "application/json", **signature_headers(secret, raw), **(headers or {})}
    return client.post(f"/api/v1/webhooks/{slug}", content=raw, headers=sent)
