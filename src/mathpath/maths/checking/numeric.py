"""Evaluating expressions at sample points, the numeric guard behind symbolic equivalence.

We evaluate with ``evalf(subs=...)`` rather than ``lambdify`` because lambdify generates code
and runs it with ``exec``; evalf walks the tree.
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

# Irregular values, away from integers and common special angles, so a coincidence is unlikely.
_POINTS = (
    sp.Rational(7, 10), sp.Rational(-13, 10), sp.Rational(23, 10), sp.Rational(-3, 7),
    sp.Rational(11, 9), sp.Rational(31, 10), sp.Rational(-27, 10), sp.Rational(5, 13),
)  # fmt: skip
_PRECISION = 30
REL_TOL = 1e-9


def value_at(
    expr: sp.Expr, subs: dict[sp.Symbol, sp.Rational], precision: int = _PRECISION
) -> complex | None:
    """The value of `expr` at a point, or None where it is undefined or not a finite number."""
    try:
        result = expr.evalf(precision, subs=subs)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None
    if not isinstance(result, sp.Expr) or result.free_symbols or result.has(sp.zoo, sp.nan):
        return None
    try:
        number = complex(result)
    except (TypeError, ValueError, OverflowError):
        return None
    if number != number or abs(number) == float("inf"):
        return None
    return number


def close(a: complex, b: complex, rel_tol: float = REL_TOL) -> bool:
    scale = max(abs(a), abs(b), 1.0)
    return abs(a - b) <= rel_tol * scale


def sample_points(
    symbols: Iterable[sp.Symbol], count: int = 6
) -> list[dict[sp.Symbol, sp.Rational]]:
    ordered = sorted(symbols, key=lambda s: s.name)
    points = []
    for k in range(count):
        points.append({s: _POINTS[(k + 3 * j) % len(_POINTS)] for j, s in enumerate(ordered)})
    return points


def agree_numerically(a: sp.Expr, b: sp.Expr, count: int = 6) -> bool | None:
    """True if a and b agree at every sample point where both are defined, False if they
    differ somewhere, None if there was no point where both could be evaluated."""
    symbols = a.free_symbols | b.free_symbols
    compared = 0
    points = sample_points(symbols, count)
    for subs in points:
        va, vb = value_at(a, subs), value_at(b, subs)
        if va is None and vb is None:
            continue
        if va is None or vb is None:
            return False
        if not close(va, vb):
            return False
        compared += 1
        if compared == 1 and not _difference_vanishes(a, b, subs, max(abs(va), 1.0)):
            # Floats agree to 1e-9 but the exact difference does not vanish: e^27 + 1/7
            # against e^27 differ by far less than a float can see.
            return False
    return True if compared else None


def _difference_vanishes(
    a: sp.Expr, b: sp.Expr, subs: dict[sp.Symbol, sp.Rational], scale: float
) -> bool:
    difference = value_at(sp.Add(a, -b), subs, precision=_PRECISION + 20)
    if difference is None:
        return True  # cannot tell more precisely than the floats already did
    return abs(difference) <= 1e-25 * scale
