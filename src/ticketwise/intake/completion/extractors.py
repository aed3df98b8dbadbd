"""Values of a ticket's empty type fields found in its title and description by the type's extractors.

The type's definitions (``TicketType.extractors``: ``{"field", "pattern"}``) are used; the built-in
types carry extractors for order numbers, asset tags, serial numbers, addresses and error codes. Unlike
:func:`ticketwise.tickets.types.registry.apply_extractors` this keeps which pattern matched which text,
so every fill can be audited with its provenance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ticketwise.core.errors import ValidationFailed
from ticketwise.tickets.types import registry
from ticketwise.tickets.types.kinds import spec_for
from ticketwise.tickets.types.models import TicketType


@dataclass(frozen=True)
class Extraction:
    field: str
    value: Any
    pattern: str
    match: str  # the matched text, as it appears in the request


def extract_fields(ticket_type: TicketType, text: str) -> list[Extraction]:
    """The first valid value per visible field, in the order of the type's extractors.

    A pattern that does not compile or a value that does not validate is skipped, never an error:
    free text must never make intake fail.
    """
    if not ticket_type.extractors:
        return []  # before touching ``fields``, which may still have to be loaded
    fields = {field.name: field for field in ticket_type.visible_fields}
    found: dict[str, Extraction] = {}
    for extractor in ticket_type.extractors or []:
        name = extractor.get("field", "")
        pattern = extractor.get("pattern", "")
        field = fields.get(name)
        if field is None or name in found:
            continue
        try:
            match = re.search(pattern, text or "")
        except re.error:
            continue
        if match is None:
            continue
        if "value" in match.re.groupindex:
            raw = match.group("value")
        else:
            raw = match.group(1) if match.re.groups else match.group(0)
        if not raw:
            continue
        try:
            value = spec_for(field.kind).parse_form(raw)
            clean = registry.validate_fields(ticket_type, {name: value}, audience="agent", partial=True)
        except (ValueError, ValidationFailed):
            continue
        if clean.get(name) is not None:
            found[name] = Extraction(field=name, value=clean[name], pattern=pattern, match=match.group(0))
    return list(found.values())
