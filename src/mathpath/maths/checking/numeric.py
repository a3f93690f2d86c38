"""Evaluating expressions at sample points, the numeric test behind equivalence.

Sample values are exact rationals substituted with ``xreplace``, so polynomial and rational
answers evaluate to exact rationals and compare exactly. Anything else (roots, π, sin) is then
evaluated to 30 significant digits with ``evalf`` and compared at that precision. We never
``evalf`` a difference that may be exactly zero (evalf then raises its precision again and
again trying to pin down a zero), and never use ``lambdify``, which generates Python source
and runs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

import sympy as sp

# Irregular values, away from integers and common special angles, so a coincidence is unlikely.
_POINTS = (
    sp.Rational(7, 10), sp.Rational(-13, 10), sp.Rational(23, 10), sp.Rational(-3, 7),
    sp.Rational(11, 9), sp.Rational(31, 10), sp.Rational(-27, 10), sp.Rational(5, 13),
)  # fmt: skip
_PRECISION = 30
REL_TOL = sp.Float("1e-25", _PRECISION)
"""Agreement needed between two 30-digit values: far below any typed difference, far above
the rounding of the evaluation itself."""

Number: TypeAlias = sp.Expr


def value_at(expr: sp.Expr, subs: dict[sp.Symbol, sp.Rational]) -> Number | None:
    """The value of `expr` at a point (exact if rational, else 30 digits), or None where it is
    undefined or not a finite number."""
    try:
        exact = expr.xreplace(subs) if subs else expr
        if exact.free_symbols or exact.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return None
        if isinstance(exact, sp.Rational):
            return exact
        result: Number = exact.evalf(_PRECISION)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None
    if not isinstance(result, sp.Expr) or not result.is_number:
        return None
    if result.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return None
    return result


def close(a: Number, b: Number) -> bool:
    if isinstance(a, sp.Rational) and isinstance(b, sp.Rational):
        return bool(a == b)
    scale = max(abs(a), abs(b), sp.Integer(1))
    return bool(abs(a - b) <= REL_TOL * scale)


def sample_points(
    symbols: Iterable[sp.Symbol], count: int = 6
) -> list[dict[sp.Symbol, sp.Rational]]:
    ordered = sorted(symbols, key=lambda s: s.name)
    if not ordered:
        return [{}]
    return [
        {s: _POINTS[(k + 3 * j) % len(_POINTS)] for j, s in enumerate(ordered)}
        for k in range(count)
    ]


BIG = sp.Float("1e12", _PRECISION)
"""Beyond this magnitude the relative tolerance spans whole units (e^(2π^3) + 1/7 agrees with
e^(2π^3) to 27 digits), so agreement there decides nothing."""


def agree_numerically(a: sp.Expr, b: sp.Expr, count: int = 6) -> bool | None:
    """True if a and b agree at every sample point where both are defined, False if they
    differ somewhere, None if there was no point where both could be evaluated or the only
    agreement was inexact at a magnitude beyond `BIG` (the caller must then decide
    symbolically)."""
    compared = 0
    undecided = False
    for subs in sample_points(a.free_symbols | b.free_symbols, count):
        va, vb = value_at(a, subs), value_at(b, subs)
        if va is None and vb is None:
            continue
        if va is None or vb is None:
            return False
        if _is_real(va) != _is_real(vb):
            # ln(x^2) against 2 ln x at x < 0: outside one side's real domain, so the point
            # says nothing about whether the answer is right where the question lives.
            continue
        if not close(va, vb):
            return False
        if va != vb and max(abs(va), abs(vb)) > BIG:
            undecided = True
        compared += 1
    return True if compared and not undecided else None


def _is_real(value: Number) -> bool:
    return bool(abs(sp.im(value)) <= REL_TOL * max(abs(value), sp.Integer(1)))


def ratio(a: Number, b: Number) -> Number | None:
    if abs(b) <= REL_TOL:
        return None
    quotient: Number = a / b
    return quotient
