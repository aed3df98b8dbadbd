"""Imports every domain's ``handlers`` module so its event subscriptions exist in this process.

Called once by the web app, the worker and the CLI. A domain that reacts to another's events adds its
handlers module here.
"""

from __future__ import annotations

import importlib

HANDLER_MODULES = (
    "ticketwise.ai.handlers",
    "ticketwise.intake.handlers",
    "ticketwise.notifications.handlers",
    "ticketwise.sla.handlers",
)


def register_all() -> None:
    for name in HANDLER_MODULES:
        importlib.import_module(name)
