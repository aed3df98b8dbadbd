"""Rate limits for sign-in, public forms and the API (DESIGN §9), on the ``limits`` library.

Counters live in memory by default (one web process) or in Redis when several processes serve.
"""

from __future__ import annotations

from functools import cache, lru_cache

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ticketwise.config import get_settings
from ticketwise.core.errors import RateLimited
from ticketwise.core.i18n import N_


@cache
def _limiter() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(storage_from_string(get_settings().security.rate_limit_storage))


@lru_cache(maxsize=64)
def _item(rule: str) -> RateLimitItem:
    # Rules come from settings, a handful of strings; parsing one is a regex match per call otherwise.
    return parse(rule)


def hit(rule: str, *keys: str) -> None:
    """Count one hit against ``rule`` (e.g. ``"10/minute"``) for ``keys``.

    Raises RateLimited when the limit is exceeded.
    """
    if not _limiter().hit(_item(rule), *keys):
        raise RateLimited(N_("Too many attempts. Please wait a moment and try again."))


def reset() -> None:
    _limiter().storage.reset()
