"""Admin pages for AI (``/admin/ai``): LLM provider configurations (list, create, edit, delete, test
the connection), the provider each feature uses, the triage threshold and reply guard, and the LLM
usage of the last seven days.

The API key is write-only: the form never shows it (not even after a refused submission), the page
says whether one is stored (``••••1234``), and a blank key on edit keeps the stored one. "Test
connection" posts the form as it is (saved or not; blank key: the stored one) and shows the model's
answer and the latency, or why it failed, in the admin's language: into the page with htmx, or as
the whole form page without JavaScript.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from ticketwise.ai.features import FEATURE_LABELS, LLM_CAPABLE, Feature
from ticketwise.ai.models import AiProvider, JsonMode
from ticketwise.ai.providers import service
from ticketwise.ai.providers.connection_test import ConnectionReport, check_connection
from ticketwise.ai.providers.secrets import key_hint
from ticketwise.ai.providers.usage import usage_by_feature
from ticketwise.ai.settings import GUARD_MODE_LABELS, AiSettingsView, ai_settings, update_ai_settings
from ticketwise.core.errors import ValidationFailed
from ticketwise.core.i18n import N_, get_locale, gettext
from ticketwise.core.secrets import SecretUnreadable
from ticketwise.users.models import User
from ticketwise.web.admin.forms import FormState, is_on, posted_values, run
from ticketwise.web.deps import AdminUser, CsrfChecked, DbSession
from ticketwise.web.flash import flash
from ticketwise.web.forms import Posted, is_htmx_fragment
from ticketwise.web.templating import render

router = APIRouter(prefix="/admin/ai")

PROVIDER_INPUTS = (
    "name",
    "base_url",
    "api_key",
    "model",
    "timeout_seconds",
    "temperature",
    "json_mode",
    "enabled",
)
SETTINGS_INPUTS = ("triage_min_confidence", "auto_apply_triage", "guard_mode", "guard_tone")
JSON_MODE_LABELS = {
    JsonMode.JSON_OBJECT: N_("JSON mode (response_format)"),
    JsonMode.TOOL_CALL: N_("Tool call (function parameters)"),
}
NEW_PROVIDER = {
    "base_url": "https://api.openai.com/v1",
    "timeout_seconds": "30",
    "temperature": "0.2",
    "json_mode": JsonMode.JSON_OBJECT.value,
    "enabled": True,
}
USAGE_DAYS = 7
UNREADABLE_KEY = N_(
    "The stored API key cannot be read: the site's secret key has changed. Enter the key again."
)


def _number(value: Any, field: str) -> float:
    text = str(value or "").strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValidationFailed(N_("Enter a number."), field=field) from None


# --- overview: providers, features, settings, usage -------------------------------------------------


def _feature_input(feature: Feature) -> str:
    return f"feature_{feature.value}"


def _settings_values(view: AiSettingsView) -> dict[str, Any]:
    return {
        "triage_min_confidence": f"{view.triage_min_confidence:g}",
        "auto_apply_triage": view.auto_apply_triage,
        "guard_mode": view.guard_mode,
        "guard_tone": view.guard_tone,
    }


def _overview(
    request: Request,
    session: Session,
    admin: User,
    *,
    features: FormState | None = None,
    settings: FormState | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    providers = service.list_providers(session, admin)
    if features is None:
        chosen = service.feature_choices(session, admin)
        features = FormState(values={_feature_input(f): chosen[f] or "" for f in Feature})
    if settings is None:
        settings = FormState(values=_settings_values(ai_settings(session)))
    return render(
        request,
        "admin/ai/index.html",
        {
            "section": "ai_settings",
            "providers": providers,
            "key_hints": {p.id: key_hint(p.api_key_encrypted) for p in providers},
            "json_mode_labels": {k.value: gettext(v) for k, v in JSON_MODE_LABELS.items()},
            "features": features,
            "llm_features": [
                (f, _feature_input(f), gettext(FEATURE_LABELS[f])) for f in Feature if f in LLM_CAPABLE
            ],
            "builtin_features": [gettext(FEATURE_LABELS[f]) for f in Feature if f not in LLM_CAPABLE],
            "provider_choices": [
                (p.id, p.name + ("" if p.enabled else f" ({gettext(N_('disabled'))})")) for p in providers
            ],
            "settings": settings,
            "guard_choices": [(mode.value, gettext(label)) for mode, label in GUARD_MODE_LABELS.items()],
            "usage": usage_by_feature(session, admin, days=USAGE_DAYS),
            "feature_labels": {f: gettext(label) for f, label in FEATURE_LABELS.items()},
            "usage_days": USAGE_DAYS,
        },
        status_code=status_code,
    )


@router.get("", response_class=HTMLResponse)
def overview(request: Request, session: DbSession, admin: AdminUser) -> HTMLResponse:
    return _overview(request, session, admin)


@router.post("/features", response_class=HTMLResponse, dependencies=[CsrfChecked])
def save_features(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    inputs = [_feature_input(f) for f in LLM_CAPABLE]

    def action() -> bool:
        for feature in Feature:
            if feature not in LLM_CAPABLE:
                continue
            name = _feature_input(feature)
            text = str(values.get(name) or "").strip()
            if text and not text.isdigit():
                raise ValidationFailed(N_("Choose one of the allowed values."), field=name)
            try:
                service.set_feature_provider(session, admin, feature, int(text) if text else None)
            except ValidationFailed as error:
                raise ValidationFailed(error.message, field=name, **error.params) from None
        return True

    if run(session, state, inputs, action) is None:
        return _overview(request, session, admin, features=state, status_code=422)
    response = RedirectResponse("/admin/ai", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/settings", response_class=HTMLResponse, dependencies=[CsrfChecked])
def save_settings(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)

    def action() -> AiSettingsView:
        view = AiSettingsView(
            triage_min_confidence=_number(values.get("triage_min_confidence"), "triage_min_confidence"),
            auto_apply_triage=is_on(values.get("auto_apply_triage")),
            guard_mode=str(values.get("guard_mode") or ""),  # type: ignore[arg-type] - checked by the service
            guard_tone=is_on(values.get("guard_tone")),
        )
        return update_ai_settings(session, admin, view)

    if run(session, state, SETTINGS_INPUTS, action) is None:
        return _overview(request, session, admin, settings=state, status_code=422)
    response = RedirectResponse("/admin/ai", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


# --- provider configurations ------------------------------------------------------------------------


def _input_of(values: dict[str, Any]) -> service.ProviderInput:
    """The posted text as the service's input; raises ValidationFailed for a malformed number."""
    return service.ProviderInput(
        name=str(values.get("name") or ""),
        base_url=str(values.get("base_url") or ""),
        model=str(values.get("model") or ""),
        api_key=str(values.get("api_key") or ""),
        timeout_seconds=_number(values.get("timeout_seconds"), "timeout_seconds"),
        temperature=_number(values.get("temperature"), "temperature"),
        json_mode=str(values.get("json_mode") or ""),
        enabled=is_on(values.get("enabled")),
    )


def _values_of(provider: AiProvider) -> dict[str, Any]:
    return {
        "name": provider.name,
        "base_url": provider.base_url,
        "model": provider.model,
        "timeout_seconds": f"{provider.timeout_seconds:g}",
        "temperature": f"{provider.temperature:g}",
        "json_mode": provider.json_mode.value,
        "enabled": provider.enabled,
    }


def _form_page(
    request: Request,
    state: FormState,
    provider: AiProvider | None,
    *,
    status_code: int = 200,
    report: ConnectionReport | None = None,
) -> HTMLResponse:
    # The key is never sent back to the browser, not even the one just typed.
    state.values.pop("api_key", None)
    return render(
        request,
        "admin/ai/provider_form.html",
        {
            "section": "ai_settings",
            "provider": provider,
            "form": state,
            "key_hint": key_hint(provider.api_key_encrypted) if provider else None,
            "json_mode_choices": [(k.value, gettext(v)) for k, v in JSON_MODE_LABELS.items()],
            "report": report,
        },
        status_code=status_code,
    )


@router.get("/providers/new", response_class=HTMLResponse)
def new_provider(request: Request, admin: AdminUser) -> HTMLResponse:
    return _form_page(request, FormState(values=dict(NEW_PROVIDER)), None)


@router.post("/providers/new", response_class=HTMLResponse, dependencies=[CsrfChecked])
def create_provider(request: Request, session: DbSession, admin: AdminUser, posted: Posted) -> Any:
    values = posted_values(posted)
    state = FormState(values=values)
    created = run(
        session, state, PROVIDER_INPUTS, lambda: service.create_provider(session, admin, _input_of(values))
    )
    if created is None:
        return _form_page(request, state, None, status_code=422)
    response = RedirectResponse("/admin/ai", status_code=303)
    flash(response, gettext(N_("AI provider %(name)s created.")) % {"name": created.name})
    return response


def _check(request: Request, posted: FormData, provider: AiProvider | None) -> HTMLResponse:
    """Test the posted settings; htmx gets the result fragment, a plain post the whole form page."""
    values = posted_values(posted)
    state = FormState(values=values)
    try:
        endpoint = service.endpoint_for_input(_input_of(values), provider)
    except ValidationFailed as error:
        if is_htmx_fragment(request):
            report = ConnectionReport(ok=False, message=error.translated())
            return render(request, "admin/ai/connection_result.html", {"report": report})
        state.fail(error, PROVIDER_INPUTS)
        return _form_page(request, state, provider, status_code=422)
    except SecretUnreadable:
        report = ConnectionReport(ok=False, message=gettext(UNREADABLE_KEY))
    else:
        report = check_connection(endpoint, language=get_locale())
    if is_htmx_fragment(request):
        return render(request, "admin/ai/connection_result.html", {"report": report})
    return _form_page(request, state, provider, report=report)


@router.post("/providers/new/test", response_class=HTMLResponse, dependencies=[CsrfChecked])
def test_new_provider(request: Request, admin: AdminUser, posted: Posted) -> HTMLResponse:
    return _check(request, posted, None)


@router.get("/providers/{provider_id}", response_class=HTMLResponse)
def edit_provider(request: Request, session: DbSession, admin: AdminUser, provider_id: int) -> HTMLResponse:
    provider = service.access_provider(session, admin, provider_id)
    return _form_page(request, FormState(values=_values_of(provider)), provider)


@router.post("/providers/{provider_id}", response_class=HTMLResponse, dependencies=[CsrfChecked])
def update_provider(
    request: Request, session: DbSession, admin: AdminUser, provider_id: int, posted: Posted
) -> Any:
    provider = service.access_provider(session, admin, provider_id)
    values = posted_values(posted)
    state = FormState(values=values)
    updated = run(
        session,
        state,
        PROVIDER_INPUTS,
        lambda: service.update_provider(session, admin, provider, _input_of(values)),
    )
    if updated is None:
        return _form_page(request, state, provider, status_code=422)
    response = RedirectResponse("/admin/ai", status_code=303)
    flash(response, gettext(N_("Changes saved.")))
    return response


@router.post("/providers/{provider_id}/test", response_class=HTMLResponse, dependencies=[CsrfChecked])
def test_provider(
    request: Request, session: DbSession, admin: AdminUser, provider_id: int, posted: Posted
) -> HTMLResponse:
    provider = service.access_provider(session, admin, provider_id)
    return _check(request, posted, provider)


@router.post("/providers/{provider_id}/delete", dependencies=[CsrfChecked])
def delete_provider(request: Request, session: DbSession, admin: AdminUser, provider_id: int) -> Any:
    provider = service.access_provider(session, admin, provider_id)
    name = provider.name
    service.delete_provider(session, admin, provider)
    response = RedirectResponse("/admin/ai", status_code=303)
    flash(
        response,
        gettext(N_("AI provider %(name)s deleted. Features that used it run on the built-in models."))
        % {"name": name},
    )
    return response
