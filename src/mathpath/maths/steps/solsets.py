"""Exact real solution sets of one-variable equations and inequalities.

Polynomial and rational relations (all of GCSE and most A-Level working) are turned into a
fraction of two polynomials over the rationals (`QQ(x)`, sub-millisecond) and solved exactly with
real-root isolation and a sign chart, which is fast and never hangs. Values that make any
denominator zero are excluded even when the fraction cancels (`(x^2-1)/(x-1) = 2` has no
solution). Anything else falls back to `solveset` only while the expression is small; otherwise
the answer is "unknown" (None), so the checker never calls a step wrong on a guess.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

import sympy as sp
from sympy.polys.rings import PolyElement

from mathpath.maths import guard
from mathpath.maths.steps.lines import Line, RelOp

MAX_DEGREE = 64
"""Largest degree accepted at all (a bound on work)."""
MAX_ROOT_DEGREE = 12
"""Largest square-free degree we isolate real roots of: (x + 1)^60 has one root, not 60."""
MAX_FALLBACK_OPS = 30


@lru_cache(maxsize=64)
def _field(x: sp.Symbol) -> sp.Domain:
    return sp.QQ.frac_field(x)


@lru_cache(maxsize=4096)
def rational_parts(f: sp.Expr, x: sp.Symbol) -> tuple[PolyElement, PolyElement] | None:
    field = _field(x)
    try:
        value = field.from_sympy(f)
    except (ValueError, TypeError, ZeroDivisionError):
        # Not a rational function of x over QQ (a surd, pi, sin x, another letter...).
        return None
    num, den = field.numer(value), field.denom(value)
    if num.degree() > MAX_DEGREE or den.degree() > MAX_DEGREE:
        return None
    return num, den


class _TooHard(Exception):
    """Root isolation would be too costly; the solution set is reported as unknown."""


def _roots(p: PolyElement, x: sp.Symbol) -> list[sp.Expr]:
    """Distinct real roots in increasing order, exact (rationals, surds or CRootOf)."""
    if p == 0 or p.degree() <= 0:
        return []
    if p.degree() > 1:
        p = p.sqf_part()
    degree = p.degree()
    if degree > MAX_ROOT_DEGREE:
        raise _TooHard
    if degree == 1:
        terms = dict(p.terms())
        a, b = terms[(1,)], terms.get((0,), sp.QQ(0))
        return [sp.QQ.to_sympy(-b / a)]
    roots = set(sp.Poly(p.as_expr(), x).real_roots())
    return sorted(roots, key=lambda r: float(r))


def excluded_values(f: sp.Expr, x: sp.Symbol) -> set[sp.Expr]:
    """Values where some denominator in `f` is zero (cancelling does not make them allowed)."""
    out: set[sp.Expr] = set()
    for node in sp.preorder_traversal(f):
        if isinstance(node, sp.Pow) and node.exp.is_negative and x in node.base.free_symbols:
            parts = rational_parts(node.base, x)
            if parts is not None:
                out.update(_roots(parts[0], x))
    return out


def _holds(value: sp.Rational, op: RelOp) -> bool:
    if op == "=":
        return bool(value == 0)
    if op == "<":
        return bool(value < 0)
    if op == "<=":
        return bool(value <= 0)
    if op == ">":
        return bool(value > 0)
    return bool(value >= 0)


def _between(lo: sp.Expr, hi: sp.Expr) -> sp.Rational:
    """An exact rational strictly between two critical points (or beyond the outermost)."""
    if lo is sp.S.NegativeInfinity and hi is sp.S.Infinity:
        return sp.Integer(0)
    if lo is sp.S.NegativeInfinity:
        return sp.Integer(int(sp.floor(float(hi))) - 1)
    if hi is sp.S.Infinity:
        return sp.Integer(int(sp.ceiling(float(lo))) + 1)
    mid = (sp.N(lo, 30) + sp.N(hi, 30)) / 2
    return sp.Rational(str(mid))


def _sign_chart(
    num: PolyElement, den: PolyElement, excluded: set[sp.Expr], op: RelOp, x: sp.Symbol
) -> sp.Set:
    """Where num/den stands in relation `op` to zero, as a union of intervals."""
    blocked = set(_roots(den, x)) | excluded
    crit = sorted(set(_roots(num, x)) | blocked, key=lambda r: float(r))
    pieces: list[sp.Set] = []
    bounds: list[sp.Expr] = [sp.S.NegativeInfinity, *crit, sp.S.Infinity]
    for lo, hi in pairwise(bounds):
        sample = sp.QQ.from_sympy(_between(lo, hi))
        value = sp.QQ.to_sympy(num(sample) / den(sample))
        if _holds(value, op):
            pieces.append(sp.Interval.open(lo, hi))
    if op in ("<=", ">="):
        pieces.extend(sp.FiniteSet(c) for c in _roots(num, x) if c not in blocked)
    return sp.Union(*pieces) if pieces else sp.S.EmptySet


def _equation_set(f: sp.Expr, x: sp.Symbol) -> sp.Set | None:
    parts = rational_parts(f, x)
    if parts is None:
        return _fallback(sp.Eq(f, 0), f, x)
    # num/den is in lowest terms, so den's roots are never roots of num: only the original
    # denominators (which cancelling may have hidden) need excluding.
    num = parts[0]
    excluded = excluded_values(f, x)
    if num == 0:
        return sp.Complement(sp.S.Reals, sp.FiniteSet(*excluded)) if excluded else sp.S.Reals
    return sp.FiniteSet(*(r for r in _roots(num, x) if r not in excluded))


def _fallback(rel: sp.Basic, f: sp.Expr, x: sp.Symbol) -> sp.Set | None:
    if sp.count_ops(f, visual=False) > MAX_FALLBACK_OPS:
        return None
    guard.isolate("solveset on a non-rational relation")
    try:
        result = sp.solveset(f if isinstance(rel, sp.Equality) else rel, x, sp.S.Reals)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if isinstance(result, sp.ConditionSet):
        return None
    out: sp.Set = result
    return out


@lru_cache(maxsize=4096)
def solution_set(line: Line, x: sp.Symbol) -> sp.Set | None:
    """The real solution set of a one-variable line, or None if it cannot be found safely."""
    try:
        return _solution_set(line, x)
    except _TooHard:
        return None


def _solution_set(line: Line, x: sp.Symbol) -> sp.Set | None:
    if line.parts:
        sets = [solution_set(part, x) for part in line.parts]
        if any(s is None for s in sets):
            return None
        known = [s for s in sets if s is not None]
        return sp.Intersection(*known) if line.kind == "conjunction" else sp.Union(*known)
    if line.op is None:
        return None
    f = line.difference
    if line.op == "=":
        return _equation_set(f, x)
    parts = rational_parts(f, x)
    if parts is None:
        return _fallback(line.to_sympy(), f, x)
    return _sign_chart(parts[0], parts[1], excluded_values(f, x), line.op, x)
