"""The ASGI application: API under /api/v1, web pages elsewhere, one error style for each."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ticketwise.api import errors as api_errors
from ticketwise.api.router import api_router, ops_router
from ticketwise.core.errors import TicketwiseError, ValidationFailed
from ticketwise.core.i18n import N_
from ticketwise.core.logging import configure_logging
from ticketwise.http.metrics import MetricsMiddleware
from ticketwise.http.principal import PrincipalMiddleware
from ticketwise.reactions import register_all
from ticketwise.web import errors as web_errors
from ticketwise.web.deps import LoginRequired
from ticketwise.web.router import web_router

STATIC_DIR = Path(__file__).resolve().parent / "web" / "static"
# Front-end libraries come from npm at setup (package.json at the repository root), never from git.
VENDOR_DIR = Path(__file__).resolve().parents[2] / "node_modules"


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _dispatch(api_handler, web_handler):  # noqa: ANN001, ANN202 - two handlers of one exception type
    async def handler(request: Request, exc: Exception):  # noqa: ANN202
        return await (api_handler if _is_api(request) else web_handler)(request, exc)

    return handler


def _unstorable_input(api_handler, web_handler):  # noqa: ANN001, ANN202
    """The database refused a value (e.g. a NUL character on PostgreSQL): the client's fault, 422."""

    async def handler(request: Request, exc: DataError):  # noqa: ANN202
        error = ValidationFailed(N_("The input contains characters or values that cannot be stored."))
        return await (api_handler if _is_api(request) else web_handler)(request, error)

    return handler


def create_app() -> FastAPI:
    configure_logging()
    register_all()
    app = FastAPI(
        title="Ticketwise API",
        version="1",
        summary="Self-hosted, AI-native ticketing. Every error is RFC 9457 problem+json in your language.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # served below from local files: the default pulls Swagger UI from a CDN
        redoc_url=None,
    )
    app.add_middleware(PrincipalMiddleware)
    app.add_middleware(MetricsMiddleware)

    app.add_exception_handler(
        TicketwiseError, _dispatch(api_errors.on_ticketwise_error, web_errors.on_ticketwise_error)
    )
    app.add_exception_handler(
        RequestValidationError,
        _dispatch(api_errors.on_request_validation_error, web_errors.on_validation_error),
    )
    app.add_exception_handler(
        StarletteHTTPException, _dispatch(api_errors.on_http_error, web_errors.on_http_error)
    )
    app.add_exception_handler(
        DataError, _unstorable_input(api_errors.on_ticketwise_error, web_errors.on_ticketwise_error)
    )
    app.add_exception_handler(LoginRequired, web_errors.on_login_required)
    app.add_exception_handler(
        Exception, _dispatch(api_errors.on_unexpected_error, web_errors.on_unexpected_error)
    )

    app.mount("/static/vendor", StaticFiles(directory=VENDOR_DIR, check_dir=False), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/v1/openapi.json",
            title="Ticketwise API",
            swagger_js_url="/static/vendor/swagger-ui-dist/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui-dist/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui-dist/favicon-32x32.png",
        )

    app.include_router(ops_router)
    app.include_router(api_router)
    app.include_router(web_router)
    return app
