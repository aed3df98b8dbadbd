"""The shapes of demo content: one scenario is a kind of request, written in Chinese and English."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Any

# (random generator, day the ticket is opened, language "zh" or "en") -> values
ValueMaker = Callable[[Random, date, str], dict[str, Any]]


@dataclass(frozen=True)
class Lines:
    """The texts of one scenario in one language; ``{placeholders}`` take the scenario's values plus
    ``customer`` (the requester's name) and ``agent`` (the assignee's name)."""

    title: str
    description: str
    question: str  # the agent asks for something; the ticket then waits (pending)
    answer: str  # the requester's answer to the question
    resolution: str  # the agent's public reply that resolves the ticket
    note: str  # an internal note between staff


@dataclass(frozen=True)
class Scenario:
    """A kind of request of one ticket type.

    ``values`` returns the extension-field values (keys are field names of the built-in type) and
    any extra words the texts use; ``priorities`` are weights for P0, P1, P2, P3; ``attachment`` is
    ``"screenshot"``, ``"photo"`` or ``"log"`` when requesters often send one.
    """

    key: str
    type: str
    category: str
    team: str
    skill: str
    tags: tuple[str, ...]
    priorities: tuple[int, int, int, int]
    values: ValueMaker
    zh: Lines
    en: Lines
    attachment: str | None = None

    def lines(self, language: str) -> Lines:
        return self.zh if language == "zh" else self.en
