"""Pydantic shapes of ticket types, fields and categories, in and out (DESIGN §4).

Shape rules live here (patterns, lengths, well-formed regexes); rules that need the database or the
field's kind (reserved and duplicate names, options of a select, a default matching its kind) are
checked by :mod:`ticketwise.tickets.types.service`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field, model_validator

from ticketwise.core.i18n import N_
from ticketwise.tickets.enums import Priority
from ticketwise.tickets.types.kinds import FieldKind

LANGUAGES = ("zh", "en")
SLUG_PATTERN = r"^[a-z][a-z0-9_]{1,38}$"
FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,49}$"
ICON_PATTERN = r"^bi-[a-z0-9-]{1,37}$"
LABEL_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000


def _clean_texts(value: dict[str, str], max_length: int) -> dict[str, str]:
    if set(value) - set(LANGUAGES):
        raise ValueError(N_("Only the languages zh and en are allowed."))
    cleaned = {lang: text.strip() for lang, text in value.items() if text and text.strip()}
    if any(len(text) > max_length for text in cleaned.values()):
        raise ValueError(N_("The text is too long."))
    return cleaned


def _localized_label(value: dict[str, str]) -> dict[str, str]:
    cleaned = _clean_texts(value, LABEL_MAX_LENGTH)
    if not cleaned:
        raise ValueError(N_("Give a text in at least one language (zh or en)."))
    return cleaned


LocalizedText = Annotated[dict[str, str], AfterValidator(_localized_label)]
"""``{"zh": ..., "en": ...}``: only these keys, at least one non-empty, values stripped."""

OptionalLocalizedText = Annotated[
    dict[str, str], AfterValidator(lambda value: _clean_texts(value, TEXT_MAX_LENGTH))
]
"""Like :data:`LocalizedText` for longer texts that may be empty (descriptions, help)."""


def _compiles(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(N_("This is not a valid regular expression.")) from exc


class AiHints(BaseModel):
    """What the classifier and the LLM prompt learn about a type besides its history."""

    model_config = ConfigDict(extra="forbid")

    keywords: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default=[], max_length=200)
    examples: list[Annotated[str, Field(min_length=1, max_length=1000)]] = Field(default=[], max_length=50)


class Extractor(BaseModel):
    """A regex that fills ``field`` from free text: group ``value`` if named, else the only group."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(pattern=FIELD_NAME_PATTERN)
    pattern: str = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _one_group(self) -> Extractor:
        compiled = _compiles(self.pattern)
        if "value" not in compiled.groupindex and compiled.groups != 1:
            raise ValueError(N_("The pattern needs exactly one group, or a group named 'value'."))
        return self


class FieldOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: str = Field(min_length=1, max_length=100, pattern=r"^\S(.*\S)?$")
    labels: LocalizedText


class FieldValidation(BaseModel):
    """Extra rules of a field. ``regex`` must match the whole value; ``min``/``max`` bound numbers
    and dates (dates as ``YYYY-MM-DD``); ``min_length``/``max_length`` bound text."""

    model_config = ConfigDict(extra="forbid")

    regex: str | None = Field(None, max_length=500)
    min: float | int | str | None = None
    max: float | int | str | None = None
    min_length: int | None = Field(None, ge=0)
    max_length: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> FieldValidation:
        if self.regex is not None:
            _compiles(self.regex)
        if self.min_length is not None and self.max_length is not None and self.min_length > self.max_length:
            raise ValueError(N_("The minimum length is greater than the maximum length."))
        return self


def _validation_dict(value: dict[str, Any]) -> dict[str, Any]:
    return FieldValidation.model_validate(value).model_dump(exclude_none=True)


ValidationRules = Annotated[dict[str, Any], AfterValidator(_validation_dict)]
"""A field's ``validation`` as stored: the keys of :class:`FieldValidation` that are set."""


class TicketTypeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(pattern=SLUG_PATTERN)
    names: LocalizedText
    descriptions: OptionalLocalizedText = {}
    icon: str = Field("bi-ticket", pattern=ICON_PATTERN)
    default_team_id: int | None = None
    default_priority: Priority = Priority.P2
    ai_hints: AiHints = AiHints()
    extractors: list[Extractor] = Field(default=[], max_length=100)
    public_form: bool = True


class TicketTypePatch(BaseModel):
    """Only the keys sent are changed; the slug (the table name) never changes."""

    model_config = ConfigDict(extra="forbid")

    names: LocalizedText | None = None
    descriptions: OptionalLocalizedText | None = None
    icon: str | None = Field(None, pattern=ICON_PATTERN)
    default_team_id: int | None = None
    default_priority: Priority | None = None
    ai_hints: AiHints | None = None
    extractors: list[Extractor] | None = Field(None, max_length=100)
    public_form: bool | None = None
    is_active: bool | None = None
    position: int | None = Field(None, ge=0)


class FieldIn(BaseModel):
    """E.g. ``{"name": "warranty_until", "kind": "date", "label": {"zh": "保修截止日期", "en":
    "Warranty until"}, "required": false}``."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=FIELD_NAME_PATTERN)
    kind: FieldKind
    label: LocalizedText
    help: OptionalLocalizedText = {}
    required: bool = False
    default: Any = None
    validation: ValidationRules = {}
    options: list[FieldOption] = Field(default=[], max_length=500)
    customer_visible: bool = True
    indexed: bool = False


class FieldPatch(BaseModel):
    """Only the keys sent are changed; name and kind are immutable. ``indexed`` can only be turned on
    (indexes are never dropped)."""

    model_config = ConfigDict(extra="forbid")

    label: LocalizedText | None = None
    help: OptionalLocalizedText | None = None
    required: bool | None = None
    default: Any = None
    validation: ValidationRules | None = None
    options: list[FieldOption] | None = Field(None, max_length=500)
    customer_visible: bool | None = None
    indexed: bool | None = None


class FieldOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: FieldKind
    label: dict[str, str] = Field(validation_alias=AliasChoices("labels", "label"))
    help: dict[str, str]
    required: bool
    default: Any
    validation: dict[str, Any]
    options: list[dict[str, Any]]
    customer_visible: bool
    position: int
    hidden: bool
    indexed: bool


class CategoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: LocalizedText
    parent_id: int | None = None


class CategoryPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: LocalizedText | None = None
    position: int | None = Field(None, ge=0)
    is_active: bool | None = None


class CategoryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    parent_id: int | None
    names: dict[str, str]
    name: str
    position: int
    is_active: bool


class TicketTypeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    names: dict[str, str]
    name: str
    descriptions: dict[str, str]
    icon: str
    default_priority: Priority
    default_team_id: int | None
    is_active: bool
    public_form: bool
    builtin: bool
    position: int
    ai_hints: dict[str, Any]
    extractors: list[dict[str, str]]
    fields: list[FieldOut]
    categories: list[CategoryOut]
