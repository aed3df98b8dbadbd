"""Print the Markdown table of every setting (README.md embeds it; a test keeps the two in sync)."""

from __future__ import annotations

from pydantic import BaseModel

from ticketwise.config import Settings


def _rows(model: type[BaseModel], prefix: str) -> list[tuple[str, str, str]]:
    rows = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows.extend(_rows(annotation, f"{prefix}{name.upper()}__"))
            continue
        default = field.default
        shown = "(unset)" if default is None else f"`{default}`"
        rows.append((f"`{prefix}{name.upper()}`", shown, field.description or ""))
    return rows


def table() -> str:
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [f"| {var} | {default} | {desc} |" for var, default, desc in _rows(Settings, "TICKETWISE_")]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
