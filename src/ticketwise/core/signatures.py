"""HMAC-SHA256 signatures for webhooks, in and out (DESIGN §5, §9).

The signed text is ``"<unix timestamp>.<raw body>"``; the signature header is ``sha256=<hex>``. The
timestamp bounds replays: a verifier refuses one older or newer than its tolerance.
"""

from __future__ import annotations

import hashlib
import hmac

from ticketwise.core.clock import now

TIMESTAMP_HEADER = "X-Ticketwise-Timestamp"
SIGNATURE_HEADER = "X-Ticketwise-Signature"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_headers(secret: str, body: bytes) -> dict[str, str]:
    """Headers for an outgoing signed POST of ``body`` made now."""
    timestamp = int(now().timestamp())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: sign(secret, body, timestamp)}


def signature_is_valid(
    secret: str, body: bytes, timestamp: str | None, signature: str | None, *, tolerance_seconds: int
) -> bool:
    """True when ``signature`` signs ``body`` at ``timestamp`` and the timestamp is within tolerance."""
    if not timestamp or not signature:
        return False
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs(now().timestamp() - moment) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, body, moment), signature.strip())
