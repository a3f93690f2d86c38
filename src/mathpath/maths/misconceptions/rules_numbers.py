"""Buggy rules for quadratics, simultaneous equations, algebraic fractions, indices, surds
and mistakes seen from the right answer alone."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from mathpath.maths.misconceptions.model import Candidate, Value
from mathpath.maths.solvers.base import Problem


def _quadratic(problem: Problem) -> tuple[sp.Symbol, sp.Expr, sp.Expr, sp.Expr] | None:
    x = problem.var()
    if "eq" in problem.data:
        f = sp.expand(problem.data["eq"].lhs - problem.data["eq"].rhs)
    elif "expr" in problem.data:
        f = sp.expand(problem.data["expr"])
    else:
        return None
    try:
        poly = sp.Poly(f, x)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a, b, c = poly.all_coeffs()
    return x, a, b, c


def formula_sign_of_b(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] != 0 and q[2] ** 2 - 4 * q[1] * q[3] >= 0:
        _, a, b, c = q
        d = sp.sqrt(b**2 - 4 * a * c)
        yield [(b + d) / (2 * a), (b - d) / (2 * a)]


def formula_divide_by_a(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] ** 2 - 4 * q[1] * q[3] >= 0:
        _, a, b, c = q
        d = sp.sqrt(b**2 - 4 * a * c)
        yield [(-b + d) / a, (-b - d) / a]


def formula_partial_division(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] ** 2 - 4 * q[1] * q[3] > 0:
        _, a, b, c = q
        d = sp.sqrt(b**2 - 4 * a * c)
        yield [-b + d / (2 * a), -b - d / (2 * a)]


def roots_sign_flipped(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q:
        x, a, b, c = q
        roots = sp.solve(a * x**2 + b * x + c, x)
        if roots and all(r.is_real for r in roots):
            yield [-r for r in roots]


def completing_square_sign(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] != 0:
        x, a, b, c = q
        p = b / (2 * a)
        if "eq" not in problem.data:
            # "Write in the form (x + p)^2 + q": the sign inside the bracket turned round.
            yield a * (x - p) ** 2 + (c - a * p**2)
        rhs = p**2 - c / a
        if rhs >= 0:
            yield [p + sp.sqrt(rhs), p - sp.sqrt(rhs)]


def drop_negative_root_rule(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q:
        x, a, b, c = q
        roots = [r for r in sp.solve(a * x**2 + b * x + c, x) if r.is_real]
        positive = [r for r in roots if r >= 0]
        if 0 < len(positive) < len(roots):
            yield positive


def drop_negative_root_answer(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "set" and len(expected.items) == 2:
        positive = [r for r in expected.items if r.is_real and r >= 0]
        if len(positive) == 1:
            yield positive


def _linear_pair(problem: Problem) -> tuple[list[sp.Equality], sp.Symbol, sp.Symbol] | None:
    eqs = problem.data.get("eqs")
    if not eqs or len(eqs) != 2:
        return None
    symbols = sorted(set().union(*(e.free_symbols for e in eqs)), key=str)
    if len(symbols) != 2:
        return None
    return list(eqs), symbols[0], symbols[1]


def simultaneous_add_not_subtract(problem: Problem) -> Iterator[Candidate]:
    pair = _linear_pair(problem)
    if pair is None:
        return
    eqs, x, y = pair
    f1, f2 = (sp.expand(e.lhs - e.rhs) for e in eqs)
    if sp.Poly(f1, x, y).total_degree() != 1 or sp.Poly(f2, x, y).total_degree() != 1:
        return
    b1, b2 = f1.coeff(y), f2.coeff(y)
    if b1 == 0 or b2 == 0:
        return
    # Scale so the y terms match, then ADD when they should be subtracted (y "cancels").
    m1, m2 = sp.lcm(b1, b2) / b1, sp.lcm(b1, b2) / b2
    combined = sp.expand(m1 * f1 + m2 * f2).subs(y, 0)
    xs = sp.solve(combined, x)
    if len(xs) == 1:
        ys = sp.solve(f1.subs(x, xs[0]), y)
        if len(ys) == 1:
            yield [(xs[0], ys[0])]


def simultaneous_swapped(problem: Problem) -> Iterator[Candidate]:
    pair = _linear_pair(problem)
    if pair is None:
        return
    eqs, x, y = pair
    solved = sp.solve(eqs, [x, y], dict=True)
    if len(solved) == 1 and solved[0][x] != solved[0][y]:
        yield [(solved[0][y], solved[0][x])]


def add_tops_and_bottoms(problem: Problem) -> Iterator[Candidate]:
    terms = problem.data.get("terms")
    if terms and len(terms) == 2:
        (n1, d1), (n2, d2) = (sp.fraction(sp.together(t)) for t in terms)
        yield (n1 + n2) / (d1 + d2)


def numerators_not_scaled(problem: Problem) -> Iterator[Candidate]:
    terms = problem.data.get("terms")
    if terms and len(terms) == 2:
        (n1, d1), (n2, d2) = (sp.fraction(sp.together(t)) for t in terms)
        if d1 != d2:
            yield (n1 + n2) / sp.lcm(d1, d2)


def cancel_terms_not_factors(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    num, den = sp.fraction(expr)
    num_terms, den_terms = (
        set(sp.Add.make_args(sp.expand(num))),
        set(sp.Add.make_args(sp.expand(den))),
    )
    for t in num_terms & den_terms:
        if len(num_terms) > 1 and len(den_terms) > 1:
            yield (sp.expand(num) - t) / (sp.expand(den) - t)


def _index_parts(problem: Problem) -> list[tuple[sp.Expr, sp.Expr]]:
    expr = problem.data.get("expr")
    if expr is None:
        return []
    return [f.as_base_exp() for f in sp.Mul.make_args(expr)]


def multiply_powers(problem: Problem) -> Iterator[Candidate]:
    """x^a * x^b -> x^(ab), and x^a / x^b -> x^(a/b)."""
    parts = _index_parts(problem)
    bases = {b for b, _ in parts if not b.is_number}
    if len(bases) != 1 or len(parts) < 2:
        return
    base = bases.pop()
    coeff = sp.Mul(*(b**e for b, e in parts if b != base))
    ups = [e for b, e in parts if b == base and e > 0]
    downs = [-e for b, e in parts if b == base and e < 0]
    top = sp.Mul(*ups) if ups else sp.Integer(1)
    if downs:
        yield coeff * base ** (sp.Add(*ups) / sp.Add(*downs))
    if len(ups) >= 2:
        yield coeff * base ** (top / sp.Add(*downs) if downs else top)


def power_of_power_added(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if isinstance(expr, sp.Pow) and isinstance(expr.base, sp.Pow):
        yield expr.base.base ** (expr.base.exp + expr.exp)
    raw = problem.data.get("raw")
    if isinstance(raw, sp.Pow) and isinstance(raw.base, sp.Pow):
        yield raw.base.base ** (raw.base.exp + raw.exp)


def negative_power_negative(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "expr" and expected.expr is not None and expected.expr.is_Rational:
        value = expected.expr
        if value != 0 and abs(value) < 1 and value.p == 1:
            yield -1 / value


def fractional_power_divides(problem: Problem) -> Iterator[Candidate]:
    raw = problem.data.get("raw", problem.data.get("expr"))
    if isinstance(raw, sp.Pow) and raw.exp.is_Rational and not raw.exp.is_Integer:
        yield raw.base * raw.exp


def sqrt_of_sum(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    radicands = []
    for t in sp.Add.make_args(expr):
        coeff, rest = t.as_coeff_Mul()
        if isinstance(rest, sp.Pow) and rest.exp == sp.Rational(1, 2) and coeff in (1, -1):
            radicands.append(coeff * rest.base)  # sqrt(75) - sqrt(12) read as sqrt(75 - 12)
    if len(radicands) >= 2 and sp.Add(*radicands) > 0:
        yield sp.sqrt(sp.Add(*radicands))


def rationalise_bottom_only(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    num, den = sp.fraction(expr)
    if isinstance(den, sp.Add) and len(den.args) == 2:
        conj = den.args[0] - den.args[1]
        yield num / sp.expand(den * conj)
    elif isinstance(den, sp.Pow) and den.exp == sp.Rational(1, 2):
        yield num / den.base


def sign_error_answer(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "expr" and expected.expr is not None and expected.expr != 0:
        yield -expected.expr
    if expected.kind == "set" and expected.items:
        yield [-r for r in expected.items]


def reciprocal_answer(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "set" and len(expected.items) == 1:
        value = next(iter(expected.items))
        if value not in (0, 1, -1):
            yield [1 / value]


def unsimplified_fraction(expected: Value) -> Iterator[Candidate]:
    """Marker: matched structurally in `diagnose` (same value, fraction not in lowest terms)."""
    return iter(())
