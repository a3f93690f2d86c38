"""Stripe's form encoding of nested parameters (``items[0][price]=...``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def flatten(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            out.extend(flatten(value, name))
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                item_name = f"{name}[{index}]"
                if isinstance(item, Mapping):
                    out.extend(flatten(item, item_name))
                else:
                    out.append((item_name, _scalar(item)))
        else:
            out.append((name, _scalar(value)))
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
