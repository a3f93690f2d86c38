"""Inequalities as sets of real numbers, fast for the linear cases school answers use.

SymPy's general ``as_set`` takes 100 ms or more per call; a linear inequality in one letter
is solved here directly, and only other shapes fall back to SymPy.
"""

from __future__ import annotations

import sympy as sp

from mathpath.maths import guard

_OPEN = {sp.StrictLessThan: True, sp.StrictGreaterThan: True, sp.LessThan: False,
         sp.GreaterThan: False}  # fmt: skip
_UPPER = (sp.StrictLessThan, sp.LessThan)


def region(boolean: sp.Basic, x: sp.Symbol) -> sp.Set:
    """The set of real x where `boolean` (relations joined by And / Or) holds."""
    fast = _fast(boolean, x)
    if fast is not None:
        return fast
    guard.isolate("general inequality solving")
    result: sp.Set = boolean.as_set()
    return result


def _fast(boolean: sp.Basic, x: sp.Symbol) -> sp.Set | None:
    if isinstance(boolean, sp.And | sp.Or):
        parts = [_fast(arg, x) for arg in boolean.args]
        if any(p is None for p in parts):
            return None
        combine = sp.Intersection if isinstance(boolean, sp.And) else sp.Union
        result: sp.Set = combine(*parts)
        return result
    if type(boolean) not in _OPEN:
        return None
    diff = sp.expand(boolean.lhs - boolean.rhs)  # relation means: diff < 0 (or > 0 ...)
    try:
        poly = sp.Poly(diff, x)
    except sp.PolynomialError:
        return None
    if poly.degree() != 1:
        return None
    a, b = poly.all_coeffs()
    if not (a.is_number and b.is_number and a.is_nonzero):
        return None
    root = -b / a
    below = isinstance(boolean, _UPPER) == bool(a > 0)  # x < root when a > 0 and diff < 0
    open_end = _OPEN[type(boolean)]
    if below:
        return sp.Interval(-sp.oo, root, right_open=open_end)
    return sp.Interval(root, sp.oo, left_open=open_end)
