"""Buggy rules for trigonometric equations, sequences and binomial expansion."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from mathpath.maths.misconceptions.model import Candidate
from mathpath.maths.misconceptions.rules_calculus import expr_and_var
from mathpath.maths.solvers.base import Problem, number


def _trig(problem: Problem) -> tuple[sp.Expr, sp.Symbol, sp.Expr, sp.Expr] | None:
    equation = problem.data.get("eq")
    if equation is None or "lower" not in problem.data:
        return None
    return equation.lhs - equation.rhs, problem.var(), problem.data["lower"], problem.data["upper"]


def _trig_roots(f: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
    scale = sp.pi / 180
    found = sp.solveset(f, x, sp.Interval(lo * scale, hi * scale))
    if not isinstance(found, sp.FiniteSet):
        return []
    return sorted((sp.nsimplify(r / scale) for r in found), key=lambda r: float(r))


def principal_only(problem: Problem) -> Iterator[Candidate]:
    trig = _trig(problem)
    if trig is None:
        return
    f, x, lo, hi = trig
    roots = _trig_roots(f, x, lo, hi)
    if len(roots) >= 2:
        yield roots[:1]


def multiple_angle_interval(problem: Problem) -> Iterator[Candidate]:
    """sin 2x = k: finding 2x only in the original interval, so half the solutions are lost."""
    trig = _trig(problem)
    if trig is None:
        return
    f, x, lo, hi = trig
    funcs = [n for n in sp.preorder_traversal(f) if isinstance(n, sp.sin | sp.cos | sp.tan)]
    if not funcs:
        return
    inner = funcs[0].args[0]
    k = sp.Poly(inner, x).coeff_monomial(x) if inner.is_polynomial(x) else 1
    if k in (0, 1):
        return
    t = sp.Symbol("t")
    in_t = f.subs(inner, t)
    wide = _trig_roots(in_t.subs(t, x), x, lo, hi)
    yield [r / k for r in wide]


def _sequence(problem: Problem) -> tuple[sp.Expr, sp.Expr] | None:
    if "first" not in problem.data:
        return None
    step = problem.data.get("difference", problem.data.get("ratio"))
    return number(problem.data["first"]), number(step)


n = sp.Symbol("n")


def nth_term_off_by_one(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "difference" not in problem.data:
        return
    a, d = seq
    if problem.data.get("ask", "nth-term") == "nth-term":
        yield sp.expand(a + n * d)
        yield sp.expand(d * n + a)
    elif problem.data.get("ask") == "term":
        yield a + problem.data["n"] * d


def nth_term_uses_first_as_multiplier(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "difference" not in problem.data:
        return
    a, d = seq
    if problem.data.get("ask", "nth-term") == "nth-term" and a != d:
        yield sp.expand(a * n + d)


def geometric_power_n(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "ratio" not in problem.data or problem.data.get("ask") != "term":
        return
    a, r = seq
    yield a * r ** problem.data["n"]
    yield (a * r) ** (problem.data["n"] - 1)


def sum_to_infinity_wrong(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "ratio" not in problem.data:
        return
    if problem.data.get("ask") == "sum-to-infinity":
        a, r = seq
        yield a / (1 + r)
        yield a / (r - 1)


def binomial_power_on_x_only(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None or not isinstance(found[0], sp.Pow):
        return
    expr, x = found
    base, power = expr.args
    b, a = sp.Poly(base, x).all_coeffs()
    k = int(problem.data.get("terms", int(power) + 1))
    yield sp.Add(*(sp.binomial(power, r) * a ** (power - r) * b * x**r if r else a**power
                   for r in range(k)))  # fmt: skip


def binomial_no_coefficients(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None or not isinstance(found[0], sp.Pow):
        return
    expr, x = found
    base, power = expr.args
    b, a = sp.Poly(base, x).all_coeffs()
    k = int(problem.data.get("terms", int(power) + 1))
    yield sp.Add(*(a ** (power - r) * (b * x) ** r for r in range(k)))
