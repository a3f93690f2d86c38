"""Units that may follow a number when an item allows them (``5cm``, ``3.2 m/s``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import sympy as sp


@dataclass(frozen=True)
class Unit:
    name: str
    dimension: str
    scale: sp.Rational
    """Multiply a value in this unit by `scale` to get SI base units."""


_BASE: Final = {
    "mm": ("length", sp.Rational(1, 1000)), "cm": ("length", sp.Rational(1, 100)),
    "m": ("length", sp.Integer(1)), "km": ("length", sp.Integer(1000)),
    "mg": ("mass", sp.Rational(1, 1_000_000)), "g": ("mass", sp.Rational(1, 1000)),
    "kg": ("mass", sp.Integer(1)), "t": ("mass", sp.Integer(1000)),
    "ms": ("time", sp.Rational(1, 1000)), "s": ("time", sp.Integer(1)),
    "min": ("time", sp.Integer(60)), "h": ("time", sp.Integer(3600)),
    "hr": ("time", sp.Integer(3600)), "ml": ("volume", sp.Rational(1, 1_000_000)),
    "l": ("volume", sp.Rational(1, 1000)), "cl": ("volume", sp.Rational(1, 100_000)),
    "£": ("money", sp.Integer(1)), "p": ("money", sp.Rational(1, 100)),
    "deg": ("angle", sp.Integer(1)), "°": ("angle", sp.Integer(1)),
}  # fmt: skip
_POWERS: Final = {"": 1, "2": 2, "²": 2, "^2": 2, "3": 3, "³": 3, "^3": 3}
_PATTERN = re.compile(
    r"\s*(?P<num>mm|cm|km|m|mg|kg|g|t|ms|min|hr|h|s|ml|cl|l|deg|°)"
    r"(?P<pow>\^2|\^3|²|³)?"
    r"(?:\s*/\s*(?P<den>s|h|hr|min))?\s*$"
)
_SQUARE_NAMES: Final = {2: "area", 3: "volume"}


def split_unit(plain: str) -> tuple[str, Unit | None]:
    """Split a trailing unit off an answer; the number part must be non-empty."""
    match = _PATTERN.search(plain)
    if match is None or not plain[: match.start()].strip():
        return plain, None
    dim, scale = _BASE[match.group("num")]
    power = _POWERS[match.group("pow") or ""]
    if power > 1:
        dim = _SQUARE_NAMES[power] if dim == "length" else f"{dim}^{power}"
        scale = scale**power
    name = match.group(0).strip()
    if match.group("den"):
        den_dim, den_scale = _BASE[match.group("den")]
        dim, scale = f"{dim}/{den_dim}", scale / den_scale
    return plain[: match.start()].rstrip(), Unit(name, dim, sp.Rational(scale))
