"""RFC 9457 problem details for every API error, in the request's language.

Validation errors list each invalid field under ``errors`` as ``{"field": "fields.serial_number",
"message": "..."}`` so a client can show the message beside the right input.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ticketwise.core.errors import NotAuthenticated, TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_, gettext

PROBLEM_JSON = "application/problem+json"
_HTTP_TITLES = {
    400: N_("Bad request"),
    401: N_("Sign-in required"),
    403: N_("Permission denied"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Request too large"),
    415: N_("Unsupported media type"),
    422: N_("Invalid input"),
    429: N_("Too many requests"),
    500: N_("Internal server error"),
}


class FieldError(BaseModel):
    field: str = Field(
        description="Dotted path of the invalid input, e.g. 'title' or 'fields.serial_number'."
    )
    message: str = Field(description="What is wrong, in the request's language.")


class Problem(BaseModel):
    """RFC 9457 problem details, as every API error is answered."""

    type: str = Field(description="URI naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem, in the request's language.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong this time, in the request's language.")
    instance: str = Field(description="The request path.")
    errors: list[FieldError] | None = Field(None, description="Invalid fields (validation problems only).")


_RESPONSE_DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing, invalid or revoked API token",
    403: "The token's user may not do this",
    404: "No such object, or not visible to the token's user",
    409: "Conflicts with the current state",
    413: "Request too large",
    422: "Invalid input; `errors` names each field",
    429: "Rate limit exceeded",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting problem+json answers for ``statuses``."""
    return {
        status: {
            "description": _RESPONSE_DESCRIPTIONS.get(status, "Error"),
            "model": Problem,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in sorted(statuses)
    }


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    *,
    code: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": f"https://ticketwise.dev/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    all_headers = {
        "Content-Language": getattr(request.state, "locale", "zh_CN").replace("_", "-"),
        **(headers or {}),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=all_headers)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


_PYDANTIC_MESSAGES = {
    "missing": N_("This field is required."),
    "string_too_short": N_("This value is too short."),
    "string_too_long": N_("This value is too long."),
    "value_error": N_("This value is not valid."),
    "enum": N_("Choose one of the allowed values."),
    "literal_error": N_("Choose one of the allowed values."),
    "int_parsing": N_("Enter a whole number."),
    "bool_parsing": N_("Enter true or false."),
    "json_invalid": N_("The request body is not valid JSON."),
    "extra_forbidden": N_("This field is not allowed."),
}


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in _PYDANTIC_MESSAGES:
        return gettext(_PYDANTIC_MESSAGES[kind])
    return error.get("msg", gettext(N_("This value is not valid.")))


async def on_ticketwise_error(request: Request, exc: TicketwiseError) -> JSONResponse:
    extra: dict[str, Any] = {}
    if isinstance(exc, ValidationFailed) or exc.field:
        extra["errors"] = [{"field": exc.field or "body", "message": exc.translated()}]
    headers = None
    if isinstance(exc, NotAuthenticated):
        # RFC 6750 §3: say which scheme to use, and whether the token sent was refused.
        refused = getattr(request.state, "auth_method", None) == "invalid-token"
        headers = {"WWW-Authenticate": 'Bearer error="invalid_token"' if refused else "Bearer"}
    return problem(
        request, exc.status, exc.translated_title(), exc.translated(), code=exc.code, headers=headers, **extra
    )


async def on_request_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"field": _field_path(tuple(e.get("loc", ()))), "message": _message(e)} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(
        request, 422, gettext(N_("Invalid input")), detail, code="validation-failed", errors=errors
    )


async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    title = gettext(_HTTP_TITLES.get(exc.status_code, N_("Error")))
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else title
    return problem(request, exc.status_code, title, detail, code=f"http-{exc.status_code}")


async def on_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    title = gettext(N_("Internal server error"))
    return problem(
        request,
        500,
        title,
        gettext(N_("Something went wrong on our side. It has been logged.")),
        code="internal",
    )
