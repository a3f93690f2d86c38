"""Is a step valid? Two lines are equivalent when they have the same solution set.

For expressions "valid" means equal for every value of the letters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum

import sympy as sp
from sympy.polys.polyerrors import PolynomialError

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
    """Exact zero test with a numeric screen first: cheap, and never fooled into a false 'yes'."""
    try:
        num = sp.numer(sp.together(expr))
        if sp.expand(num) == 0:
            return True
    except (PolynomialError, TypeError, ValueError):
        return None
    symbols = sorted(expr.free_symbols, key=str)
    rng = random.Random(7)  # noqa: S311 - sample points, not security
    for _ in range(3):
        point = {s: sp.Rational(rng.randint(3, 97), rng.randint(2, 11)) for s in symbols}
        value = expr.subs(point).evalf(30)
        if value.is_number and value.is_finite and abs(value) > 1e-12:
            return False
    simplified = sp.simplify(expr) if sp.count_ops(expr, visual=False) <= 40 else None
    if simplified is not None and simplified == 0:
        return True
    return None


def equivalent_expressions(a: sp.Expr, b: sp.Expr) -> bool | None:
    return _is_zero(a - b)


def _constant_ratio(f1: sp.Expr, f2: sp.Expr) -> sp.Expr | None:
    """f2 / f1 when it is a nonzero number: the usual sign of a valid 'same thing to both sides'."""
    if f1 == 0 or f2 == 0:
        return None
    ratio = sp.cancel(sp.together(f2 / f1))
    if ratio.is_number and ratio != 0 and ratio.is_finite:
        return ratio
    return None


def _vanishes_on(src: sp.Expr, tgt: sp.Expr) -> bool | None:
    """Does `tgt` vanish wherever `src` does? Solve `src` for a letter it holds linearly."""
    num = sp.numer(sp.together(src))
    for v in sorted(num.free_symbols, key=str):
        try:
            p = sp.Poly(sp.expand(num), v)
        except PolynomialError:
            continue
        if p.degree() != 1:
            continue
        a, b = p.all_coeffs()
        root = -b / a
        value = sp.together(tgt.subs(v, root))
        zero = sp.expand(sp.numer(value)) == 0
        return bool(zero)
    return None


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
    f1, f2 = before.difference, after.difference
    plain = not (before.parts or after.parts)
    ratio = _constant_ratio(f1, f2) if plain else None
    if ratio is not None and not _has_denominator_in(f1, f2):
        if before.op == "=" and after.op == "=":
            return Comparison(SetRelation.SAME)
        if ratio > 0 and before.op == after.op:
            return Comparison(SetRelation.SAME)
        if ratio < 0 and after.op == before.reversed_op().op:
            return Comparison(SetRelation.SAME)
    if plain and before.op == "=" and after.op == "=":
        forward = _vanishes_on(f1, f2)
        backward = _vanishes_on(f2, f1)
        if forward is True and backward is True:
            return Comparison(SetRelation.SAME)
        if forward is False and backward is True:
            return Comparison(SetRelation.SUBSET)
        if forward is True and backward is False:
            return Comparison(SetRelation.SUPERSET)
        if forward is False or backward is False:
            return Comparison(SetRelation.DIFFERENT)
    return Comparison(SetRelation.UNKNOWN)


def _has_denominator_in(f1: sp.Expr, f2: sp.Expr) -> bool:
    """A letter in a denominator can hide an excluded value, so the ratio shortcut is unsafe."""
    for f in (f1, f2):
        den = sp.denom(sp.together(f))
        if den.free_symbols:
            return True
    return False
