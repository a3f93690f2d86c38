"""Is a step valid? Two lines are equivalent when they have the same solution set.

- One letter: the exact real solution sets are compared (`solsets`), so lost and gained roots,
  excluded values of denominators and inequality directions are all seen.
- Several letters (rearranging formulae): equivalence is generic, as in school algebra where
  the letters you divide by are taken to be non-zero. `x y = x z -> y = z` counts as valid.
- Expressions: equal for every value of the letters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import sympy as sp
from sympy.polys.polyerrors import PolynomialError
from sympy.polys.rings import PolyElement

from mathpath.maths import guard
from mathpath.maths.steps.lines import Line
from mathpath.maths.steps.solsets import solution_set


class SetRelation(Enum):
    SAME = "same"
    SUBSET = "subset"  # the later line lost solutions
    SUPERSET = "superset"  # the later line gained solutions
    DIFFERENT = "different"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Comparison:
    relation: SetRelation
    before_set: sp.Set | None = None
    after_set: sp.Set | None = None


def _is_zero(expr: sp.Expr) -> bool | None:
    """Zero for every value of the letters? A cheap exact point test rejects most non-zero
    differences first; then exact rational algebra; `simplify` only for small leftovers."""
    symbols = sorted(expr.free_symbols, key=str)
    rng = random.Random(7)  # noqa: S311 - sample points, not security
    for _ in range(2):
        point = {s: sp.Rational(rng.randint(3, 97), rng.randint(2, 11)) for s in symbols}
        value = expr.xreplace(point)
        if not value.is_Number:
            value = value.evalf(30)
        if value.is_number and value.is_finite and abs(value) > 1e-12:
            return False
    if symbols:
        field = _field(tuple(symbols))
        try:
            return bool(field.from_sympy(expr) == 0)
        except (ValueError, TypeError, ZeroDivisionError):
            pass
    elif expr.is_Rational:
        return bool(expr == 0)
    try:
        if sp.expand(sp.numer(sp.together(expr))) == 0:
            return True
    except (PolynomialError, TypeError, ValueError):
        return None
    if sp.count_ops(expr, visual=False) > 40:
        return None
    guard.isolate("simplify")
    simplified = sp.simplify(expr)
    if simplified == 0:
        return True
    return None


def equivalent_expressions(a: sp.Expr, b: sp.Expr) -> bool | None:
    return _is_zero(a - b)


def _compare_sets(s1: sp.Set, s2: sp.Set) -> SetRelation:
    if s1 == s2:
        return SetRelation.SAME
    if s2.is_subset(s1):
        return SetRelation.SUBSET
    if s1.is_subset(s2):
        return SetRelation.SUPERSET
    return SetRelation.DIFFERENT


def compare_lines(before: Line, after: Line) -> Comparison:
    """How the solution set of `after` relates to that of `before`."""
    if before.op is None or after.op is None:
        if before.op is None and after.op is None:
            same = equivalent_expressions(before.lhs, after.lhs)
            if same is None:
                return Comparison(SetRelation.UNKNOWN)
            return Comparison(SetRelation.SAME if same else SetRelation.DIFFERENT)
        return Comparison(SetRelation.UNKNOWN)
    symbols = before.symbols | after.symbols
    if len(symbols) <= 1:
        x = next(iter(symbols)) if symbols else sp.Symbol("x")
        s1, s2 = solution_set(before, x), solution_set(after, x)
        if s1 is None or s2 is None:
            return Comparison(SetRelation.UNKNOWN, s1, s2)
        try:
            return Comparison(_compare_sets(s1, s2), s1, s2)
        except (TypeError, ValueError):
            return Comparison(SetRelation.UNKNOWN, s1, s2)
    if before.parts or after.parts:
        return Comparison(SetRelation.UNKNOWN)
    return _compare_several_letters(before, after, tuple(sorted(symbols, key=str)))


@lru_cache(maxsize=256)
def _field(symbols: tuple[sp.Symbol, ...]) -> sp.Domain:
    return sp.QQ.frac_field(*symbols)


def _vanishes_on(src: PolyElement, tgt: PolyElement) -> bool | None:
    """Does `tgt` vanish wherever `src` does? Solve `src` for a letter it holds linearly,
    substitute into `tgt` and clear the denominator (all in exact polynomial arithmetic)."""
    for i in range(src.ring.ngens):
        if src.degree(i) != 1:
            continue
        a, b = src.coeff_wrt(i, 1), src.coeff_wrt(i, 0)
        n = max(tgt.degree(i), 0)
        one = src.ring.one
        total = src.ring.zero
        for k in range(n + 1):
            neg_b = (-b) ** k if k else one
            a_pow = a ** (n - k) if n - k else one
            total += tgt.coeff_wrt(i, k) * neg_b * a_pow
        return bool(total == 0)
    return None


def _compare_several_letters(
    before: Line, after: Line, symbols: tuple[sp.Symbol, ...]
) -> Comparison:
    field = _field(symbols)
    try:
        g1, g2 = field.from_sympy(before.difference), field.from_sympy(after.difference)
    except (ValueError, TypeError, ZeroDivisionError):
        return Comparison(SetRelation.UNKNOWN)
    if g1 != 0 and g2 != 0:
        ratio = g2 / g1
        if field.numer(ratio).is_ground and field.denom(ratio).is_ground:
            value = field.to_sympy(ratio)
            if before.op == "=" and after.op == "=":
                return Comparison(SetRelation.SAME)
            if value > 0 and before.op == after.op:
                return Comparison(SetRelation.SAME)
            if value < 0 and after.op == before.reversed_op().op:
                return Comparison(SetRelation.SAME)
    if before.op != "=" or after.op != "=":
        return Comparison(SetRelation.UNKNOWN)
    n1, n2 = field.numer(g1), field.numer(g2)
    forward, backward = _vanishes_on(n1, n2), _vanishes_on(n2, n1)
    if forward is True and backward is True:
        return Comparison(SetRelation.SAME)
    if forward is False and backward is True:
        return Comparison(SetRelation.SUBSET)
    if forward is True and backward is False:
        return Comparison(SetRelation.SUPERSET)
    if forward is False or backward is False:
        return Comparison(SetRelation.DIFFERENT)
    return Comparison(SetRelation.UNKNOWN)
