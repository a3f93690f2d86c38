"""The typed family of parsed answers.

A parsed answer is one of a few small frozen dataclasses, each carrying SymPy objects. `raw`
fields keep the tree exactly as typed (built with ``evaluate=False``) so form requirements such
as "factorised" or "lowest terms" can be judged; `expr` fields hold the evaluated value used for
equivalence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import sympy as sp


@dataclass(frozen=True)
class ExprValue:
    """A single expression such as ``2x^2 - 3x + 1`` or ``sqrt(2)/2``."""

    expr: sp.Expr
    raw: sp.Expr


@dataclass(frozen=True)
class EquationValue:
    """``lhs = rhs``; also ``y = ...`` or ``f'(x) = ...`` answers."""

    lhs: ExprValue
    rhs: ExprValue
    lhs_text: str = ""
    """The left side as typed, used to recognise labels such as ``y`` or ``dy/dx``."""


@dataclass(frozen=True)
class RelationValue:
    """An inequality or a chain of them, e.g. ``x > 2`` or ``-1 < x <= 4``.

    `relation` is a SymPy boolean (a relational or an ``And``/``Or`` of them).
    """

    relation: sp.Basic


@dataclass(frozen=True)
class SetValue:
    """An interval, a union of intervals or an explicit set written with braces."""

    set: sp.Set
    var: sp.Symbol | None = None


@dataclass(frozen=True)
class PointValue:
    """A coordinate point ``(2, -3)``; also used for ratios ``7:32``."""

    coords: tuple[ExprValue, ...]
    ratio: bool = False
    # The letters the coordinates belong to when the answer named them (x = 2, y = 1), in
    # the canonical order the coordinates are stored in (x, y, z first, then alphabetical).
    # Not part of equality: (2, 1) typed bare and x = 2, y = 1 are the same point.
    names: tuple[sp.Symbol, ...] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class VectorValue:
    """A column vector or matrix (rows of entries)."""

    rows: tuple[tuple[ExprValue, ...], ...]


@dataclass(frozen=True)
class QuantityValue:
    """A number with a unit such as ``5cm``; `scale` converts the unit to SI."""

    value: ExprValue
    unit: str
    dimension: str
    scale: sp.Rational


@dataclass(frozen=True)
class SolutionSetValue:
    """Several answers: ``x = 3 or x = -1``, ``-3, 2``, ``{1, 2}``.

    `var` is the letter named on the left (``x``) when the student wrote one.
    """

    items: tuple[MathValue, ...]
    var: sp.Symbol | None = None


@dataclass(frozen=True)
class MultiPartValue:
    """Answers to several parts separated by ``;``."""

    parts: tuple[MathValue, ...]


@dataclass(frozen=True)
class TextValue:
    """A word answer such as ``odd`` or a multiple-choice letter written as text."""

    text: str


MathValue: TypeAlias = (
    ExprValue
    | EquationValue
    | RelationValue
    | SetValue
    | PointValue
    | VectorValue
    | QuantityValue
    | SolutionSetValue
    | MultiPartValue
    | TextValue
)


def kind_of(value: MathValue) -> str:
    """The answer kind a parsed value naturally is, in the names `check(kind=...)` accepts."""
    match value:
        case ExprValue():
            return "expression"
        case EquationValue():
            return "equation"
        case RelationValue():
            return "inequality"
        case SetValue():
            return "interval"
        case PointValue(ratio=True):
            return "ratio"
        case PointValue():
            return "point"
        case VectorValue():
            return "vector"
        case QuantityValue():
            return "quantity"
        case SolutionSetValue():
            return "solutions"
        case MultiPartValue():
            return "multipart"
        case TextValue():
            return "text"
