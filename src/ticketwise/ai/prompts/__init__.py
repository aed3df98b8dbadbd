"""Prompt files: ``<name>.zh.md`` and ``<name>.en.md`` in this folder (format: README.md here).

Each file holds a system part and a user part, both Jinja2 templates rendered in a sandbox with
``StrictUndefined``: a variable the caller forgot is an error, not an empty string in the prompt.
A missing Chinese file falls back to the English one. Files are read once per process.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ticketwise.core.i18n import normalize

PROMPTS_DIR = Path(__file__).resolve().parent
PromptLanguage = Literal["zh", "en"]

_MARKER = re.compile(r"^=== (system|user) ===[ \t]*$", re.MULTILINE)
_SCHEMA_INSTRUCTION = {
    "en": "Answer with one JSON object and nothing else. It must follow this JSON Schema:\n{schema}",
    "zh": "只输出一个 JSON 对象，不要输出任何其他内容。它必须符合以下 JSON Schema：\n{schema}",
}


class PromptError(Exception):
    """A prompt file is missing or malformed, or a variable it uses was not given (a bug, not a
    provider failure: it is raised, never turned into a fallback)."""


@dataclass(frozen=True)
class RenderedPrompt:
    name: str
    language: PromptLanguage
    system: str
    user: str

    def messages(self) -> list[dict[str, str]]:
        """The chat messages, in the OpenAI format."""
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.user}]


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


_env = _environment()


def prompt_language(language: str | None) -> PromptLanguage:
    """``zh`` for any Chinese spelling (zh, zh_CN, zh-Hans, ...), ``en`` for everything else."""
    return "zh" if normalize(language) == "zh_CN" else "en"


@lru_cache(maxsize=128)
def _parts(name: str, language: PromptLanguage) -> tuple[Any, Any, PromptLanguage]:
    """The compiled system and user templates of ``name`` in ``language`` (else English)."""
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise PromptError(f"invalid prompt name {name!r}")
    path = PROMPTS_DIR / f"{name}.{language}.md"
    if not path.exists():
        path, language = PROMPTS_DIR / f"{name}.en.md", "en"
    if not path.exists():
        raise PromptError(f"no prompt file {name}.en.md in {PROMPTS_DIR}")
    text = path.read_text(encoding="utf-8")
    pieces = _MARKER.split(text)
    # split() gives [preamble, "system", body, "user", body]; the preamble is free-form notes.
    found = dict(zip(pieces[1::2], pieces[2::2], strict=True))
    if list(found) != ["system", "user"] or len(pieces) != 5:
        raise PromptError(f"{path.name}: needs one '=== system ===' part followed by one '=== user ===' part")
    try:
        return _env.from_string(found["system"].strip()), _env.from_string(found["user"].strip()), language
    except TemplateError as error:
        raise PromptError(f"{path.name}: {error}") from error


def render_prompt(name: str, language: str | None, variables: dict[str, Any]) -> RenderedPrompt:
    """The prompt ``name`` rendered with ``variables``; raises PromptError (see the class)."""
    system, user, used = _parts(name, prompt_language(language))
    try:
        return RenderedPrompt(
            name=name, language=used, system=system.render(variables), user=user.render(variables)
        )
    except TemplateError as error:
        raise PromptError(f"{name}.{used}.md: {error}") from error


def schema_instruction(language: PromptLanguage, schema: dict[str, Any]) -> str:
    """The sentence appended to the system part in JSON mode, carrying the output's JSON schema."""
    return _SCHEMA_INSTRUCTION[language].format(schema=json.dumps(schema, ensure_ascii=False))


def chat_messages(
    prompt: RenderedPrompt, schema: dict[str, Any], *, json_object: bool
) -> list[dict[str, str]]:
    """The messages to send: in JSON mode the system part ends with the schema instruction; with a
    tool call the schema travels as the tool's parameters instead."""
    messages = prompt.messages()
    if json_object:
        messages[0]["content"] += "\n\n" + schema_instruction(prompt.language, schema)
    return messages
