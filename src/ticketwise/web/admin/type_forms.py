"""Between the admin form of a ticket type and the shapes the types service takes.

The form is plain text inputs: one language per input, AI keywords and examples one per line,
extractors as ``field=regex`` lines. These functions turn it into :class:`TicketTypeIn` /
:class:`TicketTypePatch` and back, and turn the Pydantic errors of those shapes into translated
messages beside the input concerned (Pydantic's own messages are English only). The helpers
:func:`localized` and :func:`place` serve the field form too (:mod:`.field_forms`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydantic

from ticketwise.core.i18n import N_, gettext
from ticketwise.tickets.types.models import TicketType
from ticketwise.tickets.types.schemas import TicketTypeIn, TicketTypePatch
from ticketwise.web.admin.forms import GENERAL, FormState, is_on, optional_int, split_lines

TYPE_INPUTS = (
    "slug",
    "name_zh",
    "name_en",
    "description_zh",
    "description_en",
    "icon",
    "default_team_id",
    "default_priority",
    "public_form",
    "is_active",
    "ai_keywords",
    "ai_examples",
    "extractors",
)
SERVICE_ALIASES = {
    "names": "name_zh",
    "descriptions": "description_zh",
    "label": "label_zh",
    "help": "help_zh",
    "validation.regex": "validation_regex",
    "validation.min": "validation_min",
    "validation.min_length": "validation_min",
    "validation.max": "validation_max",
    "validation.max_length": "validation_max",
}

_TYPE_MESSAGES = {
    "slug": (
        "slug",
        N_("Use 2 to 39 characters: lower-case letters, digits and underscores, starting with a letter."),
    ),
    "names": ("name_zh", N_("Give a name in Chinese or English, at most 200 characters.")),
    "descriptions": ("description_zh", N_("Use at most %(count)d characters per language."), {"count": 2000}),
    "icon": ("icon", N_("Use a Bootstrap icon name such as bi-printer.")),
    "default_team_id": ("default_team_id", N_("Choose one of the allowed values.")),
    "default_priority": ("default_priority", N_("Choose one of the allowed values.")),
    "public_form": ("public_form", N_("Choose one of the allowed values.")),
    "is_active": ("is_active", N_("Choose one of the allowed values.")),
}
_KEYWORDS_MESSAGE = N_("One keyword per line: at most 100 characters each and 200 keywords.")
_EXAMPLES_MESSAGE = N_("One example per line: at most 1000 characters each and 50 examples.")
_EXTRACTOR_MESSAGE = N_(
    "Line %(line)d: write field_name=regular expression, with exactly one group or a group named value."
)


def localized(values: dict[str, Any], prefix: str) -> dict[str, str]:
    """``{"zh": ..., "en": ...}`` from the inputs ``<prefix>_zh`` and ``<prefix>_en``, blanks left out."""
    return {
        lang: values.get(f"{prefix}_{lang}", "")
        for lang in ("zh", "en")
        if values.get(f"{prefix}_{lang}", "")
    }


def _message(msgid: str, params: dict[str, Any] | None = None) -> str:
    text = gettext(msgid)
    return text % params if params else text


def place(state: FormState, input_name: str, msgid: str, params: dict[str, Any] | None = None) -> None:
    """Show the translated ``msgid`` beside ``input_name``, unless an earlier error is already there."""
    state.errors.setdefault(input_name, _message(msgid, params))


def type_values(ticket_type: TicketType) -> dict[str, Any]:
    """The edit form of an existing type."""
    hints = ticket_type.ai_hints or {}
    return {
        "slug": ticket_type.slug,
        "name_zh": ticket_type.names.get("zh", ""),
        "name_en": ticket_type.names.get("en", ""),
        "description_zh": (ticket_type.descriptions or {}).get("zh", ""),
        "description_en": (ticket_type.descriptions or {}).get("en", ""),
        "icon": ticket_type.icon,
        "default_team_id": ticket_type.default_team_id or "",
        "default_priority": ticket_type.default_priority,
        "public_form": ticket_type.public_form,
        "is_active": ticket_type.is_active,
        "ai_keywords": "\n".join(hints.get("keywords", [])),
        "ai_examples": "\n".join(hints.get("examples", [])),
        "extractors": "\n".join(f"{e['field']}={e['pattern']}" for e in ticket_type.extractors or []),
    }


def _extractor_lines(text: str | None) -> Iterator[tuple[int, dict[str, str]]]:
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        field, _, pattern = line.strip().partition("=")
        yield number, {"field": field.strip(), "pattern": pattern.strip()}


def _type_payload(values: dict[str, Any]) -> tuple[dict[str, Any], list[int]]:
    """The shape's keys from the form, and the form line number of each extractor."""
    extractors = list(_extractor_lines(values.get("extractors")))
    payload: dict[str, Any] = {
        "names": localized(values, "name"),
        "descriptions": localized(values, "description"),
        "icon": values.get("icon") or "bi-ticket",
        "default_team_id": optional_int(values.get("default_team_id"), field_name="default_team_id"),
        "default_priority": values.get("default_priority") or "P2",
        "public_form": is_on(values.get("public_form")),
        "ai_hints": {
            "keywords": split_lines(values.get("ai_keywords")),
            "examples": split_lines(values.get("ai_examples")),
        },
        "extractors": [extractor for _, extractor in extractors],
    }
    return payload, [number for number, _ in extractors]


def _type_errors(state: FormState, exc: pydantic.ValidationError, extractor_lines: list[int]) -> None:
    for error in exc.errors():
        loc = error["loc"]
        key = str(loc[0]) if loc else ""
        if key == "ai_hints":
            which = str(loc[1]) if len(loc) > 1 else "keywords"
            place(
                state,
                "ai_examples" if which == "examples" else "ai_keywords",
                _EXAMPLES_MESSAGE if which == "examples" else _KEYWORDS_MESSAGE,
            )
        elif key == "extractors":
            index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
            line = extractor_lines[index] if index < len(extractor_lines) else len(extractor_lines)
            place(state, "extractors", _EXTRACTOR_MESSAGE, {"line": line})
        elif key in _TYPE_MESSAGES:
            place(state, *_TYPE_MESSAGES[key])
        else:
            place(state, GENERAL, N_("Please check the form."))


def new_type(state: FormState) -> TicketTypeIn | None:
    """The new type the form describes, or None with the errors placed in ``state``."""
    payload, lines = _type_payload(state.values)
    payload["slug"] = state.get("slug")
    try:
        return TicketTypeIn.model_validate(payload)
    except pydantic.ValidationError as exc:
        _type_errors(state, exc, lines)
        return None


def type_patch(state: FormState) -> TicketTypePatch | None:
    """Every editable attribute of the type from its edit form, or None with the errors in ``state``."""
    payload, lines = _type_payload(state.values)
    payload["is_active"] = is_on(state.get("is_active"))
    try:
        return TicketTypePatch.model_validate(payload)
    except pydantic.ValidationError as exc:
        _type_errors(state, exc, lines)
        return None
