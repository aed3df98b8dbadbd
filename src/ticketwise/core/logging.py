"""Structured logs with structlog: console text by default, JSON lines in production."""

from __future__ import annotations

import logging

import structlog

from ticketwise.config import get_settings

_configured = False


def _drop_secrets(_logger: object, _name: str, event: dict) -> dict:
    # Secrets are never logged (DESIGN §9), even if a caller passes one by mistake.
    for key in ("password", "token", "secret", "api_key", "authorization"):
        if key in event:
            event[key] = "***"
    return event


def configure_logging() -> None:
    global _configured
    if _configured:
        return
    settings = get_settings()
    level = getattr(logging, settings.log_level.upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(message)s")
    renderer = structlog.processors.JSONRenderer() if settings.log_json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _drop_secrets,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )
    _configured = True
