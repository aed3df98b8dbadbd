"""Admin pages for AI: provider configurations with a write-only, encrypted key, the connection test
against the fake OpenAI-compatible server, the provider per feature, thresholds and guard, usage."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from tests.fixtures_openai import openai_server  # noqa: F401  (the fixture)

from ticketwise.ai.features import Feature
from ticketwise.ai.models import AiProvider, CallOutcome, LlmCall
from ticketwise.ai.providers import repository
from ticketwise.ai.settings import ai_settings
from ticketwise.core.clock import now
from ticketwise.core.secrets import open_sealed as decrypt_secret

KEY = "sk-live-abcdef987654"
HTMX = {"HX-Request": "true"}


def _form(url: str = "https://api.deepseek.com/v1", **overrides) -> dict[str, str]:
    form = {
        "name": "DeepSeek",
        "base_url": url,
        "api_key": KEY,
        "model": "fake-model",
        "timeout_seconds": "5",
        "temperature": "0.2",
        "json_mode": "json_object",
        "enabled": "on",
    }
    form.update(overrides)
    return form


@pytest.fixture
def provider(admin_client, session, post) -> AiProvider:
    response = post(admin_client, "/admin/ai/providers/new", _form())
    assert response.status_code == 303, response.text
    found = repository.provider_by_name(session, "DeepSeek")
    assert found is not None
    return found


def test_only_administrators(client, make_user, login):
    login(make_user("supervisor"))
    assert client.get("/admin/ai").status_code == 403
    assert client.get("/admin/ai/providers/new").status_code == 403


def test_create_stores_the_key_encrypted_and_never_shows_it(admin_client, session, provider):
    raw = session.execute(
        sa.text("SELECT api_key_encrypted FROM ai_providers WHERE id = :id"), {"id": provider.id}
    ).scalar()
    assert KEY not in raw and decrypt_secret(raw) == KEY
    listing = admin_client.get("/admin/ai").text
    assert "DeepSeek" in listing and "https://api.deepseek.com/v1" in listing
    assert "••••7654" in listing and KEY not in listing and "abcdef" not in listing
    page = admin_client.get(f"/admin/ai/providers/{provider.id}").text
    assert KEY not in page and "A key is saved (••••7654). Leave empty to keep it." in page
    assert 'name="api_key" value=""' in page


def test_blank_key_keeps_the_stored_one(admin_client, session, post, provider):
    response = post(
        admin_client, f"/admin/ai/providers/{provider.id}", _form(api_key="", model="deepseek-reasoner")
    )
    assert response.status_code == 303
    session.refresh(provider)
    assert provider.model == "deepseek-reasoner" and decrypt_secret(provider.api_key_encrypted) == KEY


def test_errors_beside_their_fields_and_the_typed_key_is_not_echoed(admin_client, post, error_of):
    response = post(admin_client, "/admin/ai/providers/new", _form(timeout_seconds="abc"))
    assert response.status_code == 422
    assert error_of(response.text, "timeout_seconds") == "Enter a number."
    assert KEY not in response.text
    response = post(admin_client, "/admin/ai/providers/new", _form(base_url="not a url"))
    assert (
        error_of(response.text, "base_url")
        == "Enter the address of the API, e.g. https://api.deepseek.com/v1."
    )
    response = post(admin_client, "/admin/ai/providers/new", _form(temperature="3"))
    assert error_of(response.text, "temperature") == "Enter a number from 0 to 2."
    assert 'value="fake-model"' in response.text  # the rest of the input is kept


def test_errors_in_chinese(admin_client, post, error_of):
    admin_client.cookies.set("tw_lang", "zh_CN")
    response = post(admin_client, "/admin/ai/providers/new", _form(name=""))
    assert response.status_code == 422
    assert error_of(response.text, "name") == "此字段为必填项。"


def test_duplicate_name(admin_client, post, provider, error_of):
    response = post(admin_client, "/admin/ai/providers/new", _form())
    assert response.status_code == 422
    assert error_of(response.text, "name") == "Another provider is already called DeepSeek."


def test_connection_test_with_htmx_shows_the_answer_and_latency(admin_client, openai_server):  # noqa: F811
    openai_server.reply_json({"reply": "Hello from the fake model"})
    response = admin_client.post(
        "/admin/ai/providers/new/test",
        data=_form(openai_server.url),
        headers={**HTMX, "X-CSRF-Token": admin_client.cookies["tw_csrf"]},
    )
    assert response.status_code == 200
    assert 'data-check="success"' in response.text and "<form" not in response.text
    assert "Connected: fake-model answered in" in response.text
    assert "Hello from the fake model" in response.text and re.search(r"Latency: \d+ ms", response.text)
    # The key went to the server, not back to the browser.
    assert (
        openai_server.requests[0].headers.get(
            "Authorization", openai_server.requests[0].headers.get("authorization")
        )
        == f"Bearer {KEY}"
    )
    assert KEY not in response.text


def test_connection_test_failure_is_explained(admin_client, post, openai_server):  # noqa: F811
    openai_server.api_key = "sk-the-right-one"
    response = post(admin_client, "/admin/ai/providers/new/test", _form(openai_server.url))
    # Without htmx: the whole form page with the result above it.
    assert response.status_code == 200 and "<form" in response.text
    assert re.search(r'data-check="danger">\s*<div>The provider refused the API key.</div>', response.text)
    assert KEY not in response.text


def test_connection_test_of_a_saved_provider_uses_the_stored_key(admin_client, session, post, openai_server):  # noqa: F811
    openai_server.api_key = KEY
    post(admin_client, "/admin/ai/providers/new", _form(openai_server.url))
    saved = repository.provider_by_name(session, "DeepSeek")
    openai_server.reply_json({"reply": "Hi"})
    response = post(
        admin_client, f"/admin/ai/providers/{saved.id}/test", _form(openai_server.url, api_key="")
    )
    assert 'data-check="success"' in response.text


def test_connection_test_reports_a_timeout(admin_client, post, openai_server):  # noqa: F811
    openai_server.reply_json({"reply": "late"}, delay=2)
    response = post(
        admin_client, "/admin/ai/providers/new/test", _form(openai_server.url, timeout_seconds="1")
    )
    assert "The provider did not answer in time (1 s)." in response.text


def test_provider_per_feature(admin_client, session, post, provider, error_of):
    response = post(
        admin_client, "/admin/ai/features", {"feature_triage": str(provider.id), "feature_summary": ""}
    )
    assert response.status_code == 303
    assert repository.provider_for_feature(session, Feature.TRIAGE).id == provider.id
    assert repository.provider_for_feature(session, Feature.SUMMARY) is None
    page = admin_client.get("/admin/ai").text
    assert re.search(rf'<option value="{provider.id}" selected>DeepSeek</option>', page)
    refused = post(admin_client, "/admin/ai/features", {"feature_triage": "abc"})
    assert (
        refused.status_code == 422
        and error_of(refused.text, "feature_triage") == "Choose one of the allowed values."
    )


def test_deleting_a_provider_returns_its_features_to_builtin(admin_client, session, post, provider):
    provider_id = provider.id
    post(admin_client, "/admin/ai/features", {"feature_triage": str(provider_id)})
    response = post(admin_client, f"/admin/ai/providers/{provider_id}/delete", {})
    assert response.status_code == 303
    session.expire_all()
    assert repository.get_provider(session, provider_id) is None
    assert repository.provider_for_feature(session, Feature.TRIAGE) is None


def test_thresholds_and_guard(admin_client, session, post, error_of):
    page = admin_client.get("/admin/ai").text
    assert 'value="0.6"' in page  # the default, shown without a stored row
    response = post(
        admin_client,
        "/admin/ai/settings",
        {"triage_min_confidence": "0.8", "guard_mode": "block", "guard_tone": "on"},
    )
    assert response.status_code == 303
    settings = ai_settings(session)
    assert (
        settings.triage_min_confidence,
        settings.auto_apply_triage,
        settings.guard_mode,
        settings.guard_tone,
    ) == (
        0.8,
        False,
        "block",
        True,
    )
    refused = post(admin_client, "/admin/ai/settings", {"triage_min_confidence": "1.5", "guard_mode": "warn"})
    assert refused.status_code == 422
    assert error_of(refused.text, "triage_min_confidence") == "Enter a number from 0 to 1."


def test_usage_of_the_last_seven_days(admin_client, session):
    for latency, outcome in ((100, CallOutcome.OK), (300, CallOutcome.OK), (2000, CallOutcome.TIMEOUT)):
        session.add(
            LlmCall(
                feature=Feature.SUMMARY,
                provider="P",
                model="m",
                outcome=outcome,
                tokens_in=40,
                tokens_out=10,
                latency_ms=latency,
                created_at=now() - timedelta(hours=2),
            )
        )
    session.commit()
    page = admin_client.get("/admin/ai").text
    row = re.search(r'<tr data-feature="summary">(.*?)</tr>', page, re.DOTALL).group(1)
    assert re.search(r"data-calls>3<", row) and re.search(r"data-failures>1<", row)
    assert "120 / 30" in row and "300 / 2000 ms" in row
    assert 'data-feature="triage"' not in page
