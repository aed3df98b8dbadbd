"""Page requests and pages, shared by the API and the web queues."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    size: int = 25

    def __post_init__(self) -> None:
        object.__setattr__(self, "page", max(1, int(self.page)))
        object.__setattr__(self, "size", min(MAX_PAGE_SIZE, max(1, int(self.size))))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    request: PageRequest

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.size))

    @property
    def has_next(self) -> bool:
        return self.request.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.request.page > 1
