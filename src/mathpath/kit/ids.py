"""Identifiers: time-ordered UUIDs (v7 layout) as strings."""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> str:
    """A UUIDv7: 48 bits of Unix milliseconds then random bits, so ids sort by creation."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))
