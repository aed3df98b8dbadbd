"""Small attachments for demo tickets: PNG "screenshots" and "site photos" and plain-text logs.

The images are drawn here (a gradient with a frame) so no binary file ships with the code; a handful
of colour variants keeps the content-addressed store small however many tickets use them.
"""

from __future__ import annotations

import struct
import zlib
from random import Random
from typing import Any

_PALETTE = ((52, 101, 164), (78, 154, 6), (196, 160, 0), (117, 80, 123), (206, 92, 0))


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """An RGB PNG: a vertical gradient of ``colour`` with a light two-pixel frame."""
    rows = []
    for y in range(height):
        fade = 0.55 + 0.45 * y / max(1, height - 1)
        body = bytes(int(c * fade) for c in colour)
        frame = b"\xee\xee\xee"
        if y < 2 or y >= height - 2:
            rows.append(b"\x00" + frame * width)
        else:
            rows.append(b"\x00" + frame * 2 + body * (width - 4) + frame * 2)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def attachments_for(
    kind: str, language: str, rng: Random, values: dict[str, Any]
) -> list[tuple[str, str, bytes]]:
    """``(filename, content type, bytes)`` for a scenario's attachment kind (screenshot, photo, log)."""
    colour = rng.choice(_PALETTE)
    if kind == "screenshot":
        name = "错误截图.png" if language == "zh" else "screenshot.png"
        return [(name, "image/png", png(320, 200, colour))]
    if kind == "photo":
        count = rng.randint(1, 2)
        stem = "现场照片" if language == "zh" else "site-photo"
        return [
            (
                f"{stem}-{n}.png",
                "image/png",
                png(320, 240, _PALETTE[(n + _PALETTE.index(colour)) % len(_PALETTE)]),
            )
            for n in range(1, count + 1)
        ]
    code = values.get("error_code") or "0xc0000005"
    software = values.get("software") or "application"
    log = (
        "Log Name: Application\nSource: Application Error\nEvent ID: 1000\nLevel: Error\n"
        f"Faulting application: {software}\nException code: {code}\n"
        "Faulting module: ucrtbase.dll, version 10.0.22621.2506\n"
    )
    return [("event-log.txt", "text/plain", log.encode())]
