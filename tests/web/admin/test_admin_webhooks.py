"""Admin pages for webhook sources: create (secret shown once), validation per input, edit, rotate,
deliveries with retry and discard, callbacks shown; zh and en; CSRF; admins only."""

from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa
from tests.conftest import csrf_of, web_login

from ticketwise.core.signatures import signature_headers
from ticketwise.intake.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSource

FORM = {
    "name": "Monitoring",
    "slug": "monitoring",
    "default_type_slug": "it_support",
    "default_team_id": "",
    "tolerance_seconds": "300",
    "callback_url": "",
    "is_active": "on",
    "external_ref_path": "alert.id",
    "map_title": "alert.title",
    "map_description": "alert.text",
    "map_requester_email": "alert.owner",
    "map_fields": "error_code = alert.code",
}


@pytest.fixture
def admin_client(client, make_user, seeded_types):
    admin = make_user("admin")
    web_login(client, admin.email)
    return client


def _post(client, url, data):
    return client.post(url, data={**data, "csrf_token": csrf_of(client)})


def _secret(html: str) -> str:
    return re.search(r"(whsec_[A-Za-z0-9_-]+)", html).group(1)


def test_create_shows_the_secret_once_and_the_source_works(admin_client, session):
    page = admin_client.get("/admin/webhooks/new")
    assert page.status_code == 200 and "JMESPath" in page.text
    created = _post(admin_client, "/admin/webhooks/new", FORM)
    assert created.status_code == 201, created.text
    secret = _secret(created.text)
    source = session.scalars(sa.select(WebhookSource)).one()
    assert source.secret == secret and source.mapping["fields.error_code"] == "alert.code"
    again = admin_client.get(f"/admin/webhooks/{source.id}")
    assert again.status_code == 200 and secret not in again.text and "whsec_" not in again.text
    assert "Monitoring" in admin_client.get("/admin/webhooks").text

    body = json.dumps(
        {"alert": {"id": "A1", "title": "Disk full", "owner": "ops@example.com", "code": "E42"}}
    ).encode()
    response = admin_client.post(
        "/api/v1/webhooks/monitoring", content=body, headers=signature_headers(secret, body)
    )
    assert response.status_code == 201 and response.json()["outcome"] == "created"


def test_invalid_expressions_and_values_are_shown_beside_their_input(admin_client, session):
    bad = {**FORM, "map_title": "alert..title", "slug": "Bad Slug!", "map_fields": "no equals sign"}
    response = _post(admin_client, "/admin/webhooks/new", bad)
    assert response.status_code == 422
    assert 'id="map_fields-error"' in response.text  # the first refusal is shown; the input is kept
    assert "Bad Slug!" in response.text
    bad_slug = _post(admin_client, "/admin/webhooks/new", {**FORM, "slug": "Bad Slug!"})
    assert bad_slug.status_code == 422 and 'id="slug-error"' in bad_slug.text
    assert session.scalar(sa.select(sa.func.count()).select_from(WebhookSource)) == 0
    bad_expression = _post(admin_client, "/admin/webhooks/new", {**FORM, "map_title": "alert..title"})
    assert bad_expression.status_code == 422
    assert 'id="map_title-error"' in bad_expression.text and "JMESPath" in bad_expression.text
    unknown_field = _post(
        admin_client, "/admin/webhooks/new", {**FORM, "map_fields": "colour = alert.colour"}
    )
    assert unknown_field.status_code == 422 and 'id="map_fields-error"' in unknown_field.text
    bad_url = _post(admin_client, "/admin/webhooks/new", {**FORM, "callback_url": "ftp://example.com"})
    assert bad_url.status_code == 422 and 'id="callback_url-error"' in bad_url.text


def test_errors_are_in_chinese_for_chinese_readers(admin_client):
    admin_client.cookies.set("tw_lang", "zh_CN")
    response = _post(admin_client, "/admin/webhooks/new", {**FORM, "map_title": ""})
    assert response.status_code == 422
    assert '<html lang="zh' in response.text and 'id="map_title-error"' in response.text


def test_edit_and_rotate(admin_client, session):
    first_secret = _secret(_post(admin_client, "/admin/webhooks/new", FORM).text)
    source = session.scalars(sa.select(WebhookSource)).one()
    saved = _post(admin_client, f"/admin/webhooks/{source.id}", {**FORM, "name": "Zabbix", "is_active": ""})
    assert saved.status_code == 303
    session.expire_all()
    source = session.get(WebhookSource, source.id)
    assert source.name == "Zabbix" and source.is_active is False
    rotated = _post(admin_client, f"/admin/webhooks/{source.id}/rotate", {})
    assert rotated.status_code == 200
    new_secret = _secret(rotated.text)
    session.expire_all()
    assert new_secret != first_secret and session.get(WebhookSource, source.id).secret == new_secret


def test_quarantined_deliveries_can_be_retried_or_discarded(admin_client, session):
    secret = _secret(_post(admin_client, "/admin/webhooks/new", FORM).text)
    source = session.scalars(sa.select(WebhookSource)).one()
    for ref in ("B1", "B2"):
        body = json.dumps(
            {"alert": {"id": ref, "name": "No title here", "owner": "ops@example.com"}}
        ).encode()
        answer = admin_client.post(
            "/api/v1/webhooks/monitoring", content=body, headers=signature_headers(secret, body)
        )
        assert answer.json()["outcome"] == "quarantined"
    page = admin_client.get(f"/admin/webhooks/{source.id}")
    assert "2 quarantined" in page.text and "Retry" in page.text
    # The admin quarantine page (e-mail items) points at the source whose deliveries wait there too.
    quarantine = admin_client.get("/admin/quarantine").text
    box = quarantine[quarantine.index("data-webhook-quarantine") :]
    assert f'href="/admin/webhooks/{source.id}#deliveries">Monitoring</a>: 2 in quarantine' in box
    first, second = session.scalars(sa.select(WebhookDelivery).order_by(WebhookDelivery.id)).all()

    _post(admin_client, f"/admin/webhooks/{source.id}", {**FORM, "map_title": "alert.name"})
    retried = _post(admin_client, f"/admin/webhooks/{source.id}/deliveries/{first.id}/retry", {})
    assert retried.status_code == 303
    discarded = _post(admin_client, f"/admin/webhooks/{source.id}/deliveries/{second.id}/discard", {})
    assert discarded.status_code == 303
    session.expire_all()
    assert session.get(WebhookDelivery, first.id).status is DeliveryStatus.PROCESSED
    assert session.get(WebhookDelivery, second.id).status is DeliveryStatus.DISCARDED
    assert "data-webhook-quarantine" not in admin_client.get("/admin/quarantine").text


def test_forms_need_csrf_and_pages_need_an_admin(client, make_user, seeded_types):
    agent = make_user("agent")
    web_login(client, agent.email)
    assert client.get("/admin/webhooks").status_code == 403
    admin = make_user("admin")
    client.cookies.clear()
    web_login(client, admin.email)
    refused = client.post("/admin/webhooks/new", data=FORM)
    assert refused.status_code in (400, 403)
