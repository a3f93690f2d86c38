"""Stripe-style ``t=<unix>,v1=<hmac>`` signatures, used by the sandbox provider.

(Stripe itself is verified by the official SDK; this is the sandbox's own scheme, built the
same way so the same verify-store-process path is exercised offline.)
"""

from __future__ import annotations

import hashlib
import hmac

from mathpath.billing.providers.base import InvalidWebhook
from mathpath.kit import clock

TOLERANCE_S = 300


def sign(body: bytes, secret: str, *, timestamp: int | None = None) -> str:
    t = int(clock.utcnow().timestamp()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(body: bytes, header: str | None, secret: str) -> None:
    if not header:
        raise InvalidWebhook("The signature header is missing.")
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    try:
        t = int(parts["t"][0])
    except (KeyError, ValueError) as exc:
        raise InvalidWebhook("The signature header has no timestamp.") from exc
    if abs(clock.utcnow().timestamp() - t) > TOLERANCE_S:
        raise InvalidWebhook("The signature timestamp is outside the tolerance.")
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, v) for v in parts.get("v1", [])):
        raise InvalidWebhook("The signature does not match.")
